/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-housing-sql-private.h"
#include "ea-store-private.h"

/* All SQL of housing/, in one place: what a second engine must accept is
 * here and nowhere else in housing/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaHousingSql _ea_housing_sql = {
  /* ea-rules.c, ea-housing.c, ea-housing-stays.c, ea-housing-undo.c, ea-housing-plan.c */
  .placeholder_a = 0,




  /* ea-housing-edit.c, ea-occupancy.c, ea-occupancy-document.c, ea-outlook.c */
  .placeholder_b = 0,

  /* ea-housing-edit.c */

  /* ?1 name, ?2 kind, ?3 street, ?4 postcode, ?5 place, ?6 opened_on,
   * ?7 created_at, ?8 created_by: a new facility */
  .insert_facility =
    "INSERT INTO facilities (name, kind, street, postcode, place, opened_on, "
    "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",

  /* ?1 name, ?2 kind, ?3 street, ?4 postcode, ?5 place, ?6 updated_at,
   * ?7 updated_by, ?8 the facility */
  .update_facility =
    "UPDATE facilities SET name = ?, kind = ?, street = ?, postcode = ?, "
    "place = ?, updated_at = ?, updated_by = ? WHERE id = ?",

  /* Who lives in the unit or room (@scope u.id or r.id) ?1 on the night
   * ?2. */
#define OCCUPANTS(scope) \
    "SELECT p.gender, p.birth_date, coalesce (m.household_id, -p.id), " \
    "  (SELECT count(*) FROM household_members x WHERE x.household_id = m.household_id), " \
    "  EXISTS (SELECT 1 FROM household_members x JOIN persons q ON q.id = x.person_id " \
    "          WHERE x.household_id = m.household_id AND q.gender = 'w' AND q.id <> p.id) " \
    "FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id " \
    "JOIN units u ON u.id = r.unit_id JOIN persons p ON p.id = s.person_id " \
    "LEFT JOIN household_members m ON m.person_id = p.id " \
    "WHERE " scope " = ?1 AND " EA_SQL_HOLDS ("s.", "?2")

  /* ?1 a unit, ?2 a day → gender, birth_date, household (or minus the
   *   person), the household's size, whether another member is a woman:
   *   who lives in the unit that night */
  .unit_occupants_on = OCCUPANTS ("u.id"),
  /* ?1 a room, ?2 a day → the same columns, for who lives in the room */
  .room_occupants_on = OCCUPANTS ("r.id"),

  /* ?1 a facility → id, if there is one */
  .find_facility =
    "SELECT id FROM facilities WHERE id = ?",

  /* ?1 facility, ?2 name, ?3 reserved_for: a new unit */
  .insert_unit =
    "INSERT INTO units (facility_id, name, reserved_for) VALUES (?, ?, ?)",

  /* ?1 a unit → facility_id */
  .facility_of_unit =
    "SELECT facility_id FROM units WHERE id = ?",

  /* ?1 name, ?2 reserved_for, ?3 the unit */
  .update_unit =
    "UPDATE units SET name = ?, reserved_for = ? WHERE id = ?",

  /* ?1 unit, ?2 name, ?3 floor, ?4 area_m2, ?5 capacity, ?6 rule,
   * ?7 barrier_free: a new room */
  .insert_room =
    "INSERT INTO rooms (unit_id, name, floor, area_m2, capacity, rule, "
    "barrier_free) VALUES (?, ?, ?, ?, ?, ?, ?)",

  /* ?1 a room → facility_id */
  .facility_of_room =
    "SELECT u.facility_id FROM rooms r JOIN units u "
    "ON u.id = r.unit_id WHERE r.id = ?",

  /* ?1 name, ?2 floor, ?3 area_m2, ?4 capacity, ?5 rule, ?6 barrier_free,
   * ?7 the room */
  .update_room =
    "UPDATE rooms SET name = ?, floor = ?, area_m2 = ?, capacity = ?, rule = ?, "
    "barrier_free = ? WHERE id = ?",

  /* ?1 a room → name, capacity, its open beds, all its beds ever */
  .room_beds =
    "SELECT r.name, r.capacity, (SELECT count(*) FROM beds b "
    "WHERE b.room_id = r.id AND b.closed_on IS NULL), "
    "(SELECT count(*) FROM beds b WHERE b.room_id = r.id) "
    "FROM rooms r WHERE r.id = ?",

  /* ?1 room, ?2 label: a new bed */
  .insert_bed =
    "INSERT INTO beds (room_id, label) VALUES (?, ?)",

  /* ?1 a bed → facility_id */
  .facility_of_bed =
    "SELECT u.facility_id FROM beds b JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id WHERE b.id = ?",

  /* A bed of the facility, unit, room or bed (@scope u.facility_id, u.id,
   * r.id or b.id) ?1 is in use on the night ?2 or later. */
#define IN_USE_FROM(scope) \
    "SELECT 1 FROM beds b JOIN rooms r ON r.id = b.room_id " \
    "JOIN units u ON u.id = r.unit_id WHERE " scope " = ?1 AND (" \
    "EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id " \
    "  AND " EA_SQL_RUNS_ON ("s.", "?2") ") OR " \
    "EXISTS (SELECT 1 FROM reservations v WHERE v.bed_id = b.id " \
    "  AND v.state = 'active' AND (v.until_date IS NULL " \
    "  OR v.until_date > ?2))) LIMIT 1"

  /* ?1 a facility, unit, room or bed, ?2 a day → 1 if a stay runs on that
   *   night or later in one of its beds, or it is reserved from then on */
  .facility_in_use_from = IN_USE_FROM ("u.facility_id"),
  .unit_in_use_from = IN_USE_FROM ("u.id"),
  .room_in_use_from = IN_USE_FROM ("r.id"),
  .bed_in_use_from = IN_USE_FROM ("b.id"),

#define CLOSE(table) \
    "UPDATE " table " SET closed_on = ? WHERE id = ?"

  /* ?1 a day, ?2 a facility, unit, room or bed: closed from that day */
  .close_facility = CLOSE ("facilities"),
  .close_unit = CLOSE ("units"),
  .close_room = CLOSE ("rooms"),
  .close_bed = CLOSE ("beds"),

  /* ?1 a facility → name, kind, street, postcode, place */
  .facility_fields =
    "SELECT name, kind, street, postcode, place FROM facilities "
    "WHERE id = ?",

  /* → id, name with its place: the open facilities, by name */
  .open_facilities =
    "SELECT id, name || coalesce (', ' || nullif (place, ''), '') "
    "FROM facilities WHERE closed_on IS NULL ORDER BY name",

  /* ?1 a facility → id, name, reserved_for: its open units, by name */
  .open_units =
    "SELECT id, name, reserved_for FROM units WHERE facility_id = ? "
    "AND closed_on IS NULL ORDER BY name",

  /* ea-occupancy.c */

  /* → the highest bed id, 0 for none; also in ea-outlook.c */
  .max_bed_id =
    "SELECT coalesce (max (id), 0) FROM beds",
  /* → the highest facility id, 0 for none; also in ea-outlook.c */
  .max_facility_id =
    "SELECT coalesce (max (id), 0) FROM facilities",

  /* ?1 a day → bed_id: the beds reserved that night */
  .beds_reserved_on =
    "SELECT bed_id FROM reservations WHERE state = 'active' "
    "AND " EA_SQL_HOLDS ("", "?1"),
  /* ?1 a day → bed_id: the beds blocked that night */
  .beds_blocked_on =
    "SELECT bed_id FROM bed_blocks WHERE " EA_SQL_HOLDS ("", "?1"),
  /* ?1 a day, ?2 today → bed_id: the beds occupied that night. A stay
   * planned to end by that day (and after today) has ended then. */
  .beds_occupied_on =
    "SELECT bed_id FROM stays WHERE " EA_SQL_HOLDS ("", "?1") " "
    "AND (until_date IS NOT NULL OR planned_until IS NULL "
    "     OR planned_until <= ?2 OR planned_until > ?1)",

  /* ?1 a day → bed_id: beds held from a day after the one asked */
  .beds_reserved_later =
    "SELECT bed_id FROM reservations WHERE state = 'active' AND from_date > ?1",

  /* ?1 a day → id, name, place, kind: the facilities open that day, by
   *   name */
  .facilities_open_on =
    "SELECT id, name, coalesce (place, ''), kind FROM facilities "
    "WHERE (opened_on IS NULL OR opened_on <= ?1) AND " EA_SQL_OPEN_ON ("", "?1") " "
    "ORDER BY lower (name), name",

  /* ?1 a day → id, facility_id, the room's rule: the beds open that day;
   *   also in ea-outlook.c */
  .beds_open_on =
    "SELECT b.id, u.facility_id, r.rule FROM beds b "
    "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
    "WHERE " EA_SQL_BED_OPEN_ON ("?1"),

  /* ea-occupancy-document.c */

  /* ?1 a facility, ?2 a day → facility name, unit name, room name, bed
   *   label, status (1 occupied, 2 blocked, 3 reserved, 0 free), the
   *   occupant's name, birth_date, first nationality, the stay's
   *   from_date: each bed open that day, by floor, unit, room and bed */
  .occupancy_list =
    "SELECT f.name, u.name, r.name, b.label, "
    "  CASE WHEN s.id IS NOT NULL THEN 1 WHEN k.id IS NOT NULL THEN 2 "
    "       WHEN v.id IS NOT NULL THEN 3 ELSE 0 END, "
    "  p.family_name || coalesce (', ' || p.given_names, ''), "
    "p.birth_date, "
    "  (SELECT c.label FROM person_nationalities n JOIN codes c "
    "   ON c.list = 'nationality' AND c.code = n.code "
    "   WHERE n.person_id = p.id AND n.position = 1), s.from_date "
    "FROM facilities f JOIN units u ON u.facility_id = f.id "
    "JOIN rooms r ON r.unit_id = u.id JOIN beds b ON b.room_id = r.id "
    "LEFT JOIN stays s ON s.bed_id = b.id AND " EA_SQL_HOLDS ("s.", "?2")
    " "
    "LEFT JOIN bed_blocks k ON k.bed_id = b.id AND "
    EA_SQL_HOLDS ("k.", "?2") " "
    "LEFT JOIN reservations v ON v.bed_id = b.id AND v.state = 'active' "
    "  AND " EA_SQL_HOLDS ("v.", "?2") " "
    "LEFT JOIN persons p ON p.id = s.person_id "
    "WHERE f.id = ?1 AND " EA_SQL_BED_OPEN_ON ("?2") " "
    "ORDER BY r.floor, u.name, r.name, b.label",

  /* ea-outlook.c */

  /* ?1 a day → id, name: the facilities open that day, by name */
  .facility_names_open_on =
    "SELECT id, name FROM facilities WHERE (opened_on IS NULL OR opened_on <= ?1) "
    "AND " EA_SQL_OPEN_ON ("", "?1") " ORDER BY lower (name), name",

  /* ?1 first day, ?2 the day after the last, ?3 today → bed_id, from_date,
   *   the day the bed is free again (NULL: open-ended), the planned
   *   departure still to come or NULL: the stays with a night in the
   *   period. A stay ends at its check-out, or at its planned departure
   *   when that is still to come. */
  .outlook_stays =
    "SELECT bed_id, from_date, CASE WHEN until_date IS NOT NULL THEN until_date "
    "  WHEN planned_until > ?3 THEN planned_until END, "
    "  CASE WHEN until_date IS NULL AND planned_until > ?3 THEN planned_until END "
    "FROM stays WHERE " EA_SQL_MEETS ("", "?1", "?2"),
  /* ?1 first day, ?2 the day after the last → bed_id, from_date,
   *   until_date, until_date (the day back in use): the blocks with a
   *   night in the period */
  .outlook_blocks =
    "SELECT bed_id, from_date, until_date, until_date FROM bed_blocks "
    "WHERE " EA_SQL_MEETS ("", "?1", "?2"),
  /* ?1 first day, ?2 the day after the last → bed_id, from_date,
   *   until_date, NULL: the active reservations with a night in the
   *   period */
  .outlook_reservations =
    "SELECT bed_id, from_date, until_date, NULL FROM reservations WHERE state = 'active' "
    "AND " EA_SQL_MEETS ("", "?1", "?2"),

  /* ?1 first day, ?2 last day → the day each is due (?1 if unknown): the
   *   expected arrivals without a reservation due by the last day, but not
   *   unaccompanied minors */
  .waiting_arrivals =
    "SELECT coalesce (expected_on, ?1) FROM persons p WHERE status = 'expected' "
    "AND coalesce (expected_on, ?1) <= ?2 AND NOT EXISTS (SELECT 1 FROM reservations v "
    "  WHERE v.person_id = p.id AND v.state = 'active') "
    "AND NOT EXISTS (SELECT 1 FROM person_vulnerabilities x WHERE x.person_id = p.id "
    "  AND x.code = 'uma')",




};
