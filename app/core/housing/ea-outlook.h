/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <cairo.h>

#include "ea-session.h"

G_BEGIN_DECLS

/* The most days a look ahead reaches. */
#define EA_OUTLOOK_MAX_DAYS 90

/* One facility's days ahead: each array has n_days entries. */
typedef struct
{
  gint64  facility_id;
  char   *name;
  guint   capacity;        /* beds open on the first day */
  guint   beds_men;        /* of them in rooms for men, women, families, any */
  guint   beds_women;
  guint   beds_family;
  guint   beds_any;
  guint  *occupied;        /* stays that still run that night */
  guint  *reserved;
  guint  *blocked;
  guint  *free_men;
  guint  *free_women;
  guint  *free_family;
  guint  *free_any;
  guint  *departures;      /* planned departures on that day */
  guint  *returning;       /* blocked beds back in use on that day */
} EaOutlookFacility;

typedef struct
{
  char      *from;          /* YYYY-MM-DD, the first day */
  guint      n_days;
  GPtrArray *facilities;    /* of EaOutlookFacility, by name */
  guint     *free;          /* the district's free beds each night */
  guint     *waiting;       /* expected by that day and without a bed */
  gboolean  *short_of_beds; /* fewer free beds than waiting arrivals */
} EaOutlook;

EaOutlook *ea_outlook_new         (EaSession   *session,
                                   const char  *from,
                                   guint        n_days,
                                   GError     **error);
void       ea_outlook_free        (EaOutlook   *outlook);
char      *ea_outlook_dup_day     (EaOutlook   *outlook,
                                   guint        day);
guint      ea_outlook_facility_free (EaOutlookFacility *facility,
                                     guint              day);
int        ea_outlook_paginate    (EaOutlook   *outlook,
                                   double       height);
void       ea_outlook_draw_page   (EaOutlook   *outlook,
                                   const char  *office,
                                   cairo_t     *cr,
                                   int          page,
                                   double       width,
                                   double       height);
gboolean   ea_outlook_record_export (EaOutlook *outlook,
                                     EaSession *session,
                                     GError   **error);
gboolean   ea_outlook_write_pdf   (EaOutlook   *outlook,
                                   EaSession   *session,
                                   const char  *path,
                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaOutlook, ea_outlook_free)

G_END_DECLS
