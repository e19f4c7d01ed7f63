/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of demo/, all of it in ea-demo-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  const char *insert_facility;
  const char *insert_unit;
  const char *insert_room;
  const char *insert_bed;
  const char *insert_household;
  const char *insert_member;
  const char *insert_person;
  const char *insert_nationality;
  const char *insert_language;
  const char *insert_vulnerability;
  const char *insert_stay;
  const char *insert_reservation;
  const char *insert_block;
  const char *adults_living_here;
  const char *found_again;
  const char *insert_case_note;
  const char *insert_case_note_revision;

} EaDemoSql;

extern const EaDemoSql _ea_demo_sql;

G_END_DECLS
