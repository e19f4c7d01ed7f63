/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-import-sql-private.h"
#include "ea-store-private.h"

/* All SQL of import/, in one place: what a second engine must accept is
 * here and nowhere else in import/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

/* Probable duplicates of a record (ea-import-apply.c): @keys narrows
 * them to those without the record's keys. */
#define TWINS(index, keys) \
  "SELECT id, family_name, given_names, birth_place, azr_number IS NOT NULL, " \
  "(SELECT " EA_SQL_JOINED ("n.code", "' '") " FROM person_nationalities n " \
  " WHERE n.person_id = persons.id) " \
  "FROM persons " index "WHERE birth_date = ?1 " keys \
  "AND anonymised_at IS NULL AND substr (sort_name, 1, 1) = ?2"
/* SQLite, without statistics, takes the unique index of a key for "key IS
 * NULL", which reads everyone without the key; the partial index reads
 * only those born that day. The server's planner knows better. */
#define TWINS_INDEX(name) "/*sqlite*/INDEXED BY " name " /*pg:*/"

const EaImportSql _ea_import_sql = {

  /* ea-import.c */

  /* ?1 run, ?2 finished_at, ?3 state, ?4 created, ?5 updated, ?6 unchanged,
   * ?7 cancelled, ?8 rejected, ?9 duplicates_to_review, ?10 messages (JSON):
   * the run ends with its counts */
  .finish_run =
    "UPDATE import_runs SET finished_at = ?2, state = ?3, created = ?4, "
    "  updated = ?5, unchanged = ?6, cancelled = ?7, rejected = ?8, "
    "  duplicates_to_review = ?9, messages = ?10 WHERE id = ?1",

  /* ?1 sha256, ?2 size, ?3 mime_type, ?4 added_at: the raw message as a blob,
   * once */
  .insert_blob =
    "INSERT INTO blobs (sha256, size, mime_type, added_at) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",

  /* ea-import-apply.c */

  /* → list and code, a tab between: every code of every list */
  .code_keys =
    "SELECT list || '\t' || code FROM codes",

  /* ?1 platform id → id of the household */
  .household_by_platform_id =
    "SELECT id FROM households WHERE platform_id = ?1",

  /* ?1 platform id, ?2 created_at, ?3 created_by: a household */
  .insert_household =
    "INSERT INTO households (platform_id, created_at, created_by) "
    "VALUES (?1, ?2, ?3)",

  /* ?1 person → one line each, sorted: `n` position code for a nationality,
   *   `l` code level for a language */
  .person_lists =
    "SELECT 'n' || position || code FROM person_nationalities WHERE person_id = ?1 "
    "UNION ALL SELECT 'l' || code || coalesce (level, '') FROM person_languages "
    "WHERE person_id = ?1 ORDER BY 1",

  /* ?1 person: their nationalities gone */
  .delete_nationalities =
    "DELETE FROM person_nationalities WHERE person_id = ?1",

  /* ?1 person: their languages gone */
  .delete_languages =
    "DELETE FROM person_languages WHERE person_id = ?1",

  /* ?1 person, ?2 position, ?3 code: a nationality, once */
  .insert_nationality =
    "INSERT INTO person_nationalities (person_id, "
    "position, code) VALUES (?1, ?2, ?3) "
    "ON CONFLICT DO NOTHING",

  /* ?1 person, ?2 code, ?3 level: a language, once */
  .insert_language =
    "INSERT INTO person_languages (person_id, code, "
    "level) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",

  /* ?1 person, ?2 code: a protection need, once */
  .insert_need =
    "INSERT INTO person_vulnerabilities (person_id, code) "
    "VALUES (?1, ?2) ON CONFLICT DO NOTHING",

  /* ?1 person, ?2 household, ?3 role → count: 1 when the person is a member
   *   of the household in that role */
  .is_household_member =
    "SELECT count (*) FROM household_members WHERE person_id = ?1 "
    "AND household_id = ?2 AND role = ?3",

  /* ?1 household, ?2 person, ?3 role: the person's one household and role */
  .set_household_member =
    "INSERT INTO household_members (household_id, "
    "person_id, role) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (person_id) DO UPDATE SET "
    "household_id = excluded.household_id, role = excluded.role",

  /* ?1 run, ?2 kind, ?3 person or 0 for none, ?4 record (JSON), ?5 message:
   * a record held for review */
  .insert_review =
    "INSERT INTO import_reviews (import_run_id, kind, person_id, "
    "record, message) VALUES (?1, ?2, nullif (?3, 0), ?4, ?5)",

  /* ?1 birth date, ?2 a folded initial → id, family_name, given_names,
   *   birth_place, whether the person has an AZR number, the nationality
   *   codes separated by spaces: the persons not anonymised, born that
   *   day, whose sort name starts with the initial, and whose keys do not
   *   say that they are someone else: two different AZR numbers (or
   *   platform ids) are two persons, so where the record has one, only
   *   those without one are compared (the same one was found before, by
   *   that key). One statement for each keys the record has, so that
   *   each reads its partial index (migrations/0010-twin-indexes.sql). */
  .probable_twins = TWINS ("", ""),
  .probable_twins_without_azr = TWINS (TWINS_INDEX ("persons_born_without_azr"),
                                       "AND azr_number IS NULL "),
  .probable_twins_without_platform_id = TWINS (TWINS_INDEX ("persons_born_without_platform_id"),
                                               "AND platform_id IS NULL "),
  .probable_twins_without_keys = TWINS (TWINS_INDEX ("persons_born_without_platform_id"),
                                        "AND platform_id IS NULL AND azr_number IS NULL "),

  /* ?1 platform id → id of the person */
  .person_by_platform_id =
    "SELECT id FROM persons WHERE platform_id = ?1",

  /* ?1 AZR number → id of the person */
  .person_by_azr =
    "SELECT id FROM persons WHERE azr_number = ?1",

  /* ?1 platform_id, ?2 azr_number, ?3 bamf_file_number, ?4 family_name,
   * ?5 given_names, ?6 birth_name, ?7 birth_date, ?8 birth_place,
   * ?9 birth_country, ?10 gender, ?11 marital_status, ?12 religion,
   * ?13 residence_status, ?14 schooling, ?15 profession, ?16 remark,
   * ?17 expected_on, ?18 search_text, ?19 sort_name, ?20 created_at,
   * ?21 created_by: a person expected */
  .insert_person =
    "INSERT INTO persons (platform_id, azr_number, bamf_file_number, family_name, "
    "  given_names, birth_name, birth_date, birth_place, birth_country, gender, "
    "  marital_status, religion, residence_status, schooling, profession, remark, status, "
    "  expected_on, search_text, sort_name, created_at, created_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "  'expected', ?17, ?18, ?19, ?20, ?21)",

  /* ?1 person, then as insert_person: ?2 platform_id (NULL keeps it),
   * ?3 azr_number (NULL keeps it), ?4 … ?17 bamf_file_number … remark,
   * ?18 expected_on, ?19 search_text, ?20 sort_name, ?21 updated_at,
   * ?22 updated_by: the person as the record says, written only when
   * something differs, so that _ea_store_changes () tells whether it did */
  .update_person =
    "UPDATE persons SET platform_id = coalesce (?2, platform_id), "
    "  azr_number = coalesce (?3, azr_number), "
    "  bamf_file_number = ?4, family_name = ?5, given_names = ?6, birth_name = ?7, "
    "  birth_date = ?8, birth_place = ?9, birth_country = ?10, gender = ?11, "
    "  marital_status = ?12, religion = ?13, residence_status = ?14, schooling = ?15, "
    "  profession = ?16, remark = ?17, "
    /* Dropped before and never arrived: expected again. */
    "  status = CASE WHEN status = 'left' AND arrived_on IS NULL THEN 'expected' "
    "    ELSE status END, "
    "  left_on = CASE WHEN status = 'left' AND arrived_on IS NULL THEN NULL "
    "    ELSE left_on END, "
    "  expected_on = CASE WHEN status = 'expected' OR (status = 'left' "
    "    AND arrived_on IS NULL) THEN ?18 ELSE expected_on END, "
    "  search_text = ?19, sort_name = ?20, updated_at = ?21, updated_by = ?22 "
    "WHERE id = ?1 AND NOT (platform_id IS NOT DISTINCT FROM coalesce (?2, platform_id) "
    "  AND azr_number IS NOT DISTINCT FROM coalesce (?3, azr_number) "
    "  AND bamf_file_number IS NOT DISTINCT FROM ?4 "
    "  AND family_name IS NOT DISTINCT FROM ?5 "
    "  AND given_names IS NOT DISTINCT FROM ?6 "
    "  AND birth_name IS NOT DISTINCT FROM ?7 "
    "  AND birth_date IS NOT DISTINCT FROM ?8 "
    "  AND birth_place IS NOT DISTINCT FROM ?9 "
    "  AND birth_country IS NOT DISTINCT FROM ?10 "
    "  AND gender IS NOT DISTINCT FROM ?11 "
    "  AND marital_status IS NOT DISTINCT FROM ?12 "
    "  AND religion IS NOT DISTINCT FROM ?13 "
    "  AND residence_status IS NOT DISTINCT FROM ?14 "
    "  AND schooling IS NOT DISTINCT FROM ?15 "
    "  AND profession IS NOT DISTINCT FROM ?16 "
    "  AND remark IS NOT DISTINCT FROM ?17 "
    "  AND (status <> 'expected' OR expected_on IS NOT DISTINCT FROM ?18) "
    "  AND NOT (status = 'left' AND arrived_on IS NULL))",

  /* ?1 person → count: 1 when the person is expected and no active transfer
   *   brings them */
  .expected_without_transfer =
    "SELECT count (*) FROM persons p WHERE p.id = ?1 "
    "AND p.status = 'expected' AND NOT EXISTS (SELECT 1 FROM "
    "transfer_persons tp JOIN transfers t ON t.id = tp.transfer_id "
    "WHERE tp.person_id = p.id AND t.state = 'active')",

  /* ?1 person → platform_id, family_name, given_names */
  .person_names =
    "SELECT platform_id, family_name, given_names FROM persons WHERE id = ?1",

  /* ?1 person, ?2 left_on, ?3 updated_at, ?4 updated_by: no longer
   * expected, unless no longer expected anyway */
  .set_person_left =
    "UPDATE persons SET status = 'left', left_on = ?2, "
    "  expected_on = NULL, updated_at = ?3, updated_by = ?4 "
    "WHERE id = ?1 AND status = 'expected'",

  /* ?1 person: their active reservations cancelled */
  .cancel_reservations =
    "UPDATE reservations SET state = 'cancelled' WHERE person_id = ?1 "
    "AND state = 'active'",

  /* ?1 transfer → person_id of each of its persons */
  .transfer_members =
    "SELECT person_id FROM transfer_persons WHERE transfer_id = ?1",

  /* ?1 transfer, ?2 run: the transfer cancelled by the run */
  .cancel_transfer =
    "UPDATE transfers SET state = 'cancelled', "
    "import_run_id = ?2 WHERE id = ?1",

  /* ?1 platform_id, ?2 decided_on, ?3 arrival_on, ?4 origin_id,
   * ?5 origin_name, ?6 run: a transfer */
  .insert_transfer =
    "INSERT INTO transfers (platform_id, decided_on, arrival_on, "
    "  origin_id, origin_name, import_run_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",

  /* ?1 transfer, ?2 decided_on, ?3 arrival_on, ?4 origin_id, ?5 origin_name,
   * ?6 run: the transfer as corrected, active again */
  .update_transfer =
    "UPDATE transfers SET decided_on = ?2, arrival_on = ?3, "
    "  origin_id = ?4, origin_name = ?5, state = 'active', "
    "  import_run_id = ?6 WHERE id = ?1",

  /* ?1 transfer, ?2 person: the person made one of the transfer's, once
   * (also ea-import-review.c) */
  .add_transfer_member =
    "INSERT INTO transfer_persons (transfer_id, person_id) "
    "VALUES (?1, ?2) ON CONFLICT DO NOTHING",

  /* ?1 transfer, ?2 person: the person no longer one of the transfer's */
  .remove_transfer_member =
    "DELETE FROM transfer_persons WHERE "
    "transfer_id = ?1 AND person_id = ?2",

  /* ?1 platform id → id of the transfer (also ea-import-review.c) */
  .transfer_by_platform_id =
    "SELECT id FROM transfers WHERE platform_id = ?1",

  /* ea-import-feed.c */

  /* ?1 started_at, ?2 user, ?3 source, ?4 kind, ?5 message_id, ?6 sequence
   * or 0 for none, ?7 raw_sha256: a run, running */
  .insert_run =
    "INSERT INTO import_runs (started_at, user_id, source, kind, "
    "  message_id, sequence, raw_sha256, state) "
    "VALUES (?1, ?2, ?3, ?4, ?5, nullif (?6, 0), ?7, 'running')",

  /* ?1 a message number → count of the runs that imported it */
  .sequence_imported =
    "SELECT count (*) FROM import_runs WHERE sequence = ?1 "
    "AND state IN ('done', 'partial')",

  /* ea-import-list.c */

  /* → code, label of each nationality */
  .nationality_codes =
    "SELECT code, label FROM codes WHERE list = 'nationality'",

  /* → name, mapping (JSON) of each saved mapping, by name */
  .mappings =
    "SELECT name, mapping FROM "
    "import_mappings ORDER BY name",

  /* ?1 a file's SHA-256 → count of the runs that imported it */
  .file_imported =
    "SELECT count (*) FROM import_runs WHERE raw_sha256 = ?1 "
    "AND state IN ('done', 'partial')",

  /* ?1 name, ?2 mapping (JSON): the mapping saved under its name */
  .save_mapping =
    "INSERT INTO import_mappings (name, mapping) VALUES (?1, ?2) "
    "ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping",

  /* ea-import-review.c */

  /* ?1 how many → id, started_at, source, message_id, sequence (0 for none),
   *   state, user's name, created, updated, unchanged, cancelled, rejected,
   *   duplicates_to_review: the last runs that finished, newest first */
  .recent_runs =
    "SELECT r.id, r.started_at, r.source, r.message_id, coalesce (r.sequence, 0), r.state, "
    "  coalesce (u.display_name, u.login), r.created, r.updated, r.unchanged, r.cancelled, "
    "  r.rejected, r.duplicates_to_review "
    "FROM import_runs r LEFT JOIN users u ON u.id = r.user_id "
    "WHERE r.state IN ('done', 'partial') ORDER BY r.id DESC LIMIT ?1",

  /* → review id, person id, "family, given" name, birth_date, azr_number,
   *   status, record (JSON), message: the probable duplicates not yet
   *   decided, with the person already known */
  .open_duplicates =
    "SELECT r.id, p.id, p.family_name || coalesce (', ' || p.given_names, ''), p.birth_date, "
    "  p.azr_number, p.status, r.record, r.message "
    "FROM import_reviews r JOIN persons p ON p.id = r.person_id "
    "WHERE r.kind = 'duplicate' AND r.decision IS NULL ORDER BY r.id",

  /* ?1 review, ?2 decided_at, ?3 decided_by, ?4 decision: the review decided */
  .decide_review =
    "UPDATE import_reviews SET decided_at = ?2, "
    "decided_by = ?3, decision = ?4 WHERE id = ?1",

  /* ?1 review → record (JSON), person_id: a probable duplicate not yet
   *   decided */
  .open_review =
    "SELECT record, person_id FROM import_reviews WHERE id = ?1 "
    "AND kind = 'duplicate' AND decision IS NULL",

  /* ?1 a person → bamf_file_number, family_name, given_names, birth_name,
   *   birth_date, birth_place, birth_country, gender, marital_status,
   *   religion, residence_status, schooling, profession, remark: what a
   *   merged duplicate's record is compared with, field by field (in the
   *   order of ea-import-review.c's merged_fields) */
  .person_fields =
    "SELECT bamf_file_number, family_name, given_names, birth_name, birth_date, birth_place, "
    "  birth_country, gender, marital_status, religion, residence_status, schooling, "
    "  profession, remark FROM persons WHERE id = ?1",

  /* ?1 a code list, ?2 a code → label: how the file shows the code */
  .code_label =
    "SELECT label FROM codes WHERE list = ?1 AND code = ?2",

  /* ?1 transfer or 0, ?2 a day → arrival_on of the transfer, else the day */
  .transfer_arrival =
    "SELECT coalesce ((SELECT arrival_on FROM transfers WHERE id = ?1), ?2)",

  /* ?1 run → id, "family, given" name, household (0 for none), expected_on:
   *   the persons still expected by the run's active transfers, with
   *   neither an active reservation nor an open stay, household by
   *   household, its reference person first */
  .arrivals_without_bed =
    "SELECT p.id, p.family_name || coalesce (', ' || p.given_names, ''), "
    "  coalesce (m.household_id, 0), p.expected_on "
    "FROM persons p LEFT JOIN household_members m ON m.person_id = p.id "
    "WHERE p.id IN (SELECT tp.person_id FROM transfer_persons tp "
    "               JOIN transfers t ON t.id = tp.transfer_id "
    "               WHERE t.import_run_id = ?1 AND t.state = 'active') "
    "  AND p.status = 'expected' "
    "  AND NOT EXISTS (SELECT 1 FROM reservations v WHERE v.person_id = p.id "
    "                  AND v.state = 'active') "
    "  AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.person_id = p.id AND s.until_date IS NULL) "
    "ORDER BY coalesce (m.household_id, -p.id), "
    "  coalesce (m.role, '') <> 'bezugsperson', p.birth_date, p.id",

  /* ea-platform.c */

  /* → the highest message number imported, 0 for none */
  .last_sequence =
    "SELECT coalesce (max (sequence), 0) FROM import_runs "
    "WHERE state IN ('done', 'partial')",

  /* ea-housing-list.c: the housing stock as a list */

  /* ?1 a name → id, kind, place, street, postcode, closed_on: the
   *   facility of that name */
  .stock_facility =
    "SELECT id, kind, place, street, postcode, closed_on FROM facilities WHERE name = ?",

  /* ?1 a facility, ?2 a name → id, reserved_for, closed_on: its area of
   *   that name */
  .stock_unit =
    "SELECT id, reserved_for, closed_on FROM units WHERE facility_id = ? AND name = ?",

  /* ?1 a unit, ?2 a name → id, floor, area_m2, capacity, rule,
   *   barrier_free, closed_on: its room of that name */
  .stock_room =
    "SELECT id, floor, area_m2, capacity, rule, barrier_free, closed_on FROM rooms "
    "WHERE unit_id = ? AND name = ?",

  /* ?1 a room → id, label, closed_on: its beds, open and closed, in the
   *   order they were made */
  .stock_room_beds =
    "SELECT id, label, closed_on FROM beds WHERE room_id = ? ORDER BY id",

  /* ?1 a facility → id, unit name, room name: its open rooms in open
   *   areas */
  .stock_facility_rooms =
    "SELECT r.id, u.name, r.name FROM rooms r JOIN units u ON u.id = r.unit_id "
    "WHERE u.facility_id = ? AND u.closed_on IS NULL AND r.closed_on IS NULL "
    "ORDER BY r.id",

  /* → facility, place, kind, unit, room, area_m2, capacity, rule,
   *   barrier_free, bed label (NULL for a room without open beds), room id: every
   *   open bed of every open room, in the order they were made */
  .stock_rows =
    "SELECT f.name, f.place, f.kind, u.name, r.name, r.area_m2, r.capacity, r.rule, "
    "  r.barrier_free, b.label, r.id "
    "FROM facilities f JOIN units u ON u.facility_id = f.id "
    "JOIN rooms r ON r.unit_id = u.id "
    "LEFT JOIN beds b ON b.room_id = r.id AND b.closed_on IS NULL "
    "WHERE f.closed_on IS NULL AND u.closed_on IS NULL AND r.closed_on IS NULL "
    "ORDER BY f.id, u.id, r.id, b.id",
};
