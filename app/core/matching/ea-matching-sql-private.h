/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of matching/, all of it in ea-matching-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  const char *open_rooms;
  const char *busy_beds;
  const char *beds_open_until;
  const char *room_occupants;
  const char *occupant_languages;
  const char *applicant;
  const char *kept_apart_from;
  const char *applicant_languages;
  const char *household_members;
  const char *household_without_bed;
  const char *expected_arrivals;

} EaMatchingSql;

extern const EaMatchingSql _ea_matching_sql;

G_END_DECLS
