/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-demo-sql-private.h"
#include "ea-store-private.h"

/* All SQL of demo/, in one place: what a second engine must accept is
 * here and nowhere else in demo/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaDemoSql _ea_demo_sql = {
  /* ea-demo.c */

  /* The demo district's rows, each statement prepared once and run for
   * every row; each returns no columns. */

  /* ?1 name, ?2 kind, ?3 street, ?4 place, ?5 opened_on, ?6 created_at,
   * ?7 created_by */
  .insert_facility =
    "INSERT INTO facilities (name, kind, street, place, opened_on, created_at, created_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",

  /* ?1 facility, ?2 name, ?3 reserved_for */
  .insert_unit =
    "INSERT INTO units (facility_id, name, reserved_for) VALUES (?, ?, ?)",

  /* ?1 unit, ?2 name, ?3 floor, ?4 area_m2, ?5 capacity, ?6 rule,
   * ?7 barrier_free */
  .insert_room =
    "INSERT INTO rooms (unit_id, name, floor, area_m2, capacity, rule, barrier_free) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",

  /* ?1 room, ?2 label */
  .insert_bed =
    "INSERT INTO beds (room_id, label) VALUES (?, ?)",

  /* ?1 platform_id, ?2 created_at, ?3 created_by */
  .insert_household =
    "INSERT INTO households (platform_id, created_at, created_by) VALUES (?, ?, ?)",

  /* ?1 household, ?2 person, ?3 role */
  .insert_member =
    "INSERT INTO household_members (household_id, person_id, role) VALUES (?, ?, ?)",

  /* ?1 … ?20 the columns named, in order */
  .insert_person =
    "INSERT INTO persons (platform_id, azr_number, bamf_file_number, family_name, "
    "given_names, birth_date, gender, marital_status, religion, residence_status, schooling, "
    "profession, status, expected_on, arrived_on, left_on, search_text, sort_name, "
    "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?)",

  /* ?1 person, ?2 position, ?3 code */
  .insert_nationality =
    "INSERT INTO person_nationalities (person_id, position, code) VALUES (?, ?, ?)",

  /* ?1 person, ?2 code, ?3 level */
  .insert_language =
    "INSERT INTO person_languages (person_id, code, level) VALUES (?, ?, ?)",

  /* ?1 person, ?2 code */
  .insert_vulnerability =
    "INSERT INTO person_vulnerabilities (person_id, code) VALUES (?, ?)",

  /* ?1 person, ?2 bed, ?3 from_date, ?4 until_date or NULL, ?5 created_at,
   * ?6 created_by */
  .insert_stay =
    "INSERT INTO stays (person_id, bed_id, from_date, until_date, created_at, created_by) "
    "VALUES (?, ?, ?, ?, ?, ?)",

  /* ?1 person, ?2 bed, ?3 from_date, ?4 until_date, ?5 created_at,
   * ?6 created_by */
  .insert_reservation =
    "INSERT INTO reservations (person_id, bed_id, from_date, until_date, created_at, "
    "created_by) VALUES (?, ?, ?, ?, ?, ?)",

  /* ?1 bed, ?2 reason, ?3 note, ?4 from_date, ?5 until_date or NULL,
   * ?6 created_at, ?7 created_by */
  .insert_block =
    "INSERT INTO bed_blocks (bed_id, reason, note, from_date, until_date, created_at, "
    "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",

  /* ea-demo-content.c */

  /* ?1 the day an adult is born by at the latest → id: the adults living
   * here whose whole birth date is known, by number */
  .adults_living_here =
    "SELECT id FROM persons WHERE status = 'present' AND birth_date <= ?1 "
    "AND birth_date NOT LIKE '%-00' ORDER BY id",

  /* ?1 person, ?2 confidential, ?3 created_at, ?4 created_by: a case
   * note of a person; returns no columns */
  .insert_case_note =
    "INSERT INTO case_notes (person_id, confidential, created_at, created_by) "
    "VALUES (?1, ?2, ?3, ?4)",

  /* ?1 note, ?2 note_date, ?3 category, ?4 body, ?5 written_at,
   * ?6 written_by: its first revision; returns no columns */
  .insert_case_note_revision =
    "INSERT INTO case_note_revisions (note_id, revision, note_date, category, body, "
    "written_at, written_by) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6)",

  /* ?1 as adults_living_here → id: those of them who came without the
   * platform's number, whom an import can only find by name and birth
   * date */
  .found_again =
    "SELECT id FROM persons WHERE status = 'present' AND platform_id IS NULL "
    "AND birth_date <= ?1 AND birth_date NOT LIKE '%-00' ORDER BY id",
};
