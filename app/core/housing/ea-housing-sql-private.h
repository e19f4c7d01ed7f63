/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* What the hard rules need to know of a person `p`, from
 * EA_RULE_FACTS_JOIN, in the order _ea_housing_read_rule_facts() reads
 * them: household, its size, whether another member is a woman,
 * unaccompanied minor, wheelchair. */
#define EA_RULE_FACTS_COLUMNS \
  "coalesce (m.household_id, 0), " \
  "(SELECT count (*) FROM household_members x WHERE x.household_id = m.household_id), " \
  "EXISTS (SELECT 1 FROM household_members x JOIN persons q ON q.id = x.person_id " \
  "        WHERE x.household_id = m.household_id AND q.gender = 'w' AND q.id <> p.id), " \
  "EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = p.id AND v.code = 'uma'), " \
  "EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = p.id " \
  "        AND v.code = 'rollstuhl')"
#define EA_RULE_FACTS_JOIN "persons p LEFT JOIN household_members m ON m.person_id = p.id"

/* The SQL of housing/, all of it in ea-housing-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  const char *bed_info;
  const char *person_facts;
  const char *bed_taken;
  const char *room_occupants;
  const char *reservation_person;
  const char *cancel_other_reservation;
  const char *person_stay_on;
  const char *stay_runs_on;
  const char *facility_of_bed;
  const char *insert_stay;
  const char *settle_reservations;
  const char *find_person;
  const char *set_present;
  const char *end_stay;
  const char *set_left;
  const char *copy_planned_until;
  const char *cancel_person_reservations;
  const char *person_reservation;
  const char *insert_reservation;
  const char *person_expected_on;
  const char *set_planned_until;
  const char *cancel_reservation;
  const char *active_reservation;
  const char *bed_busy;
  const char *insert_block;
  const char *withdraw_blocks;
  const char *end_blocks;
  const char *stay_by_id;
  const char *later_stay;
  const char *shared_room_confirmed;
  const char *reactivate_reservations;
  const char *delete_stay;
  const char *person_status_from_stays;
  const char *reopen_stay;
  const char *set_present_again;
  const char *bed_status;
  const char *roommates;
  const char *facility_name;
  const char *room_plan;
  const char *free_beds;

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
