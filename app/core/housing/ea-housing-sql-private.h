/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The SQL of housing/, all of it in ea-housing-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  /* ea-rules.c, ea-housing.c, ea-housing-stays.c, ea-housing-undo.c, ea-housing-plan.c */
  int         placeholder_a;  /* removed when merged */




  /* ea-housing-edit.c, ea-occupancy.c, ea-occupancy-document.c, ea-outlook.c */
  int         placeholder_b;  /* removed when merged */
  const char *insert_facility;
  const char *update_facility;
  const char *unit_occupants_on;
  const char *room_occupants_on;
  const char *find_facility;
  const char *insert_unit;
  const char *facility_of_unit;
  const char *update_unit;
  const char *insert_room;
  const char *facility_of_room;
  const char *update_room;
  const char *room_beds;
  const char *insert_bed;
  const char *facility_of_bed;
  const char *facility_in_use_from;
  const char *unit_in_use_from;
  const char *room_in_use_from;
  const char *bed_in_use_from;
  const char *close_facility;
  const char *close_unit;
  const char *close_room;
  const char *close_bed;
  const char *facility_fields;
  const char *open_facilities;
  const char *open_units;
  const char *max_bed_id;
  const char *max_facility_id;
  const char *beds_reserved_on;
  const char *beds_blocked_on;
  const char *beds_occupied_on;
  const char *beds_reserved_later;
  const char *facilities_open_on;
  const char *beds_open_on;
  const char *occupancy_list;
  const char *facility_names_open_on;
  const char *outlook_stays;
  const char *outlook_blocks;
  const char *outlook_reservations;
  const char *waiting_arrivals;




} EaHousingSql;

extern const EaHousingSql _ea_housing_sql;

G_END_DECLS
