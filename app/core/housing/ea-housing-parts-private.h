/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-housing.h"
#include "ea-housing-private.h"
#include "ea-rules-private.h"
#include "ea-store-private.h"

G_BEGIN_DECLS

/* The parts of housing (ea-housing.c, ea-housing-stays.c, -undo.c,
 * -plan.c) share these; nothing else does. */

typedef struct
{
  gint64  bed_id;
  char   *bed_label;
  gint64  room_id;
  char   *room_name;
  char   *rule;
  double  area;
  int     capacity;
  gboolean barrier_free;
  char   *unit_name;
  char   *reserved_for;
  gint64  facility_id;
  gboolean closed;
} BedInfo;

typedef struct
{
  EaRuleApplicant facts;  /* its gender is ours, its age is the day's */
  char   *gender;
  char   *birth_date;
} PersonInfo;

void _ea_housing_bed_info_clear    (BedInfo    *bed);
void _ea_housing_person_info_clear (PersonInfo *person);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BedInfo, _ea_housing_bed_info_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PersonInfo, _ea_housing_person_info_clear)

gboolean
_ea_housing_audit_confirmed (EaSession     *session,
                             EaPlaceFlags   flags,
                             const char    *object_type,
                             gint64         object_id,
                             gint64         person_id,
                             const char    *day,
                             GError       **error);

gint64
_ea_housing_bed_facility (EaStore *store,
                          gint64   bed_id);

gboolean
_ea_housing_cancel_reservations (EaSession  *session,
                                 GArray     *cancel,
                                 GError    **error);

gboolean
_ea_housing_check_rules (EaStore      *store,
                         PersonInfo   *person,
                         BedInfo      *bed,
                         const char   *from,
                         const char   *until,
                         EaPlaceFlags  flags,
                         GArray       *cancel,
                         GError      **error);

char *
_ea_housing_dup_text (EaStmt *stmt,
                      int           column);

gint64
_ea_housing_find_stay (EaStore     *store,
                       gint64       person_id,
                       const char  *date,
                       char       **from_date,
                       gint64      *bed_id);

gint64
_ea_housing_insert_stay (EaSession   *session,
                         gint64       person_id,
                         gint64       bed_id,
                         const char  *date,
                         GError     **error);

gboolean
_ea_housing_load_bed (EaStore     *store,
                      gint64       bed_id,
                      const char  *date,
                      BedInfo     *bed,
                      GError     **error);

gboolean
_ea_housing_load_person (EaStore     *store,
                         gint64       person_id,
                         PersonInfo  *person,
                         GError     **error);

void
_ea_housing_plan_bed_free (EaPlanBed *bed);

char *
_ea_housing_resolve_date (const char  *date,
                          GError     **error);

char *
_ea_housing_resolve_past_date (const char  *date,
                               const char  *what,
                               GError     **error);

gboolean
_ea_housing_settle_reservations (EaStore     *store,
                                 gint64       person_id,
                                 gint64       bed_id,
                                 gint64       stay_id,
                                 GError     **error);

G_END_DECLS
