/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of the reports, all of it in ea-reports-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  const char *month_stays;
  const char *reported_persons;
  const char *reported_months;
  const char *ids_create;
  const char *ids_insert;
  const char *ids_release;
  const char *ids_rollback;
  const char *report_nationalities;
  const char *report_persons;
  const char *record_reported;
  const char *stays_meeting;
  const char *beds_open;
  const char *stays_until;
  const char *residents_birth_dates;
  const char *residents_by_nationality;
  const char *residents_by_gender;
  const char *residents_by_need;
} EaReportsSql;

extern const EaReportsSql _ea_reports_sql;

G_END_DECLS
