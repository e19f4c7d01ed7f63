/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-person.h"
#include "ea-session.h"

G_BEGIN_DECLS

typedef enum
{
  EA_PERSON_SORT_NAME,
  EA_PERSON_SORT_BIRTH_DATE,
  EA_PERSON_SORT_NATIONALITY,
  EA_PERSON_SORT_FACILITY,
  EA_PERSON_SORT_STATUS,
  EA_PERSON_SORT_ARRIVAL,
} EaPersonSort;

/* What the persons list is narrowed to; 0 and NULL mean "all". */
typedef struct
{
  gint64      facility_id;    /* living there today */
  const char *status;         /* expected, present, left */
  const char *nationality;    /* a nationality code, any position */
  const char *vulnerability;  /* a Schutzbedarf code (special category) */
  const char *arrived_from;   /* arrival (or expected arrival) on or after */
  const char *arrived_until;  /* … and on or before */
} EaPersonFilter;

#define EA_TYPE_PERSON_LIST (ea_person_list_get_type ())
G_DECLARE_FINAL_TYPE (EaPersonList, ea_person_list, EA, PERSON_LIST, GObject)

EaPersonList *ea_person_list_new        (EaSession     *session,
                                         GError       **error);
const char   *ea_person_list_get_search (EaPersonList  *self);
gboolean      ea_person_list_set_search (EaPersonList  *self,
                                         const char    *search,
                                         GError       **error);
gboolean      ea_person_list_set_sort   (EaPersonList  *self,
                                         EaPersonSort   sort,
                                         gboolean       descending,
                                         GError       **error);
gboolean      ea_person_list_set_first_facility (EaPersonList  *self,
                                                 gint64         facility_id,
                                                 GError       **error);
gboolean      ea_person_list_set_filter (EaPersonList         *self,
                                         const EaPersonFilter *filter,
                                         GError              **error);
guint         ea_person_list_get_total  (EaPersonList  *self);
gboolean      ea_person_list_reload     (EaPersonList  *self,
                                         GError       **error);
guint         ea_person_list_find       (EaPersonList  *self,
                                         gint64         person_id);

G_END_DECLS
