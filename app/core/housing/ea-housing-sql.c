/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-housing-sql-private.h"
#include "ea-store-private.h"

/* All SQL of housing/, in one place: what a second engine must accept is
 * here and nowhere else in housing/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaHousingSql _ea_housing_sql = {

  /* ea-housing.c */

  /* ?1 a bed, ?2 a day → id, label, room id, room name, rule, area_m2, capacity,
   * barrier_free, unit name, reserved_for, facility id, whether the bed, its room, unit or
   * facility is closed by the day */
  .bed_info =
    "SELECT b.id, b.label, r.id, r.name, r.rule, r.area_m2, r.capacity, "
    "  r.barrier_free, u.name, u.reserved_for, f.id, "
    "  (b.closed_on IS NOT NULL AND b.closed_on <= ?2) "
    "  OR (r.closed_on IS NOT NULL AND r.closed_on <= ?2) "
    "  OR (u.closed_on IS NOT NULL AND u.closed_on <= ?2) "
    "  OR (f.closed_on IS NOT NULL AND f.closed_on <= ?2) "
    "FROM beds b JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id "
    "JOIN facilities f ON f.id = u.facility_id WHERE b.id = ?1",

  /* ? a person → gender, birth_date, then EA_RULE_FACTS_COLUMNS */
  .person_facts =
    "SELECT p.gender, p.birth_date, " EA_RULE_FACTS_COLUMNS
    " FROM " EA_RULE_FACTS_JOIN " WHERE p.id = ?",

  /* ?1 a bed, ?2 the first night, ?3 the person, ?4 the day after the last night → kind (1
   * a block, 2 another's stay, 3 another's reservation), from_date, and for a reservation
   * its holder's name and id: what holds the bed on a night of the period, blocks first */
  .bed_taken =
    "SELECT 1, k.from_date, NULL, 0 FROM bed_blocks k "
    "  WHERE k.bed_id = ?1 AND k.from_date < ?4 "
    "  AND " EA_SQL_RUNS_ON ("k.", "?2") " "
    "UNION ALL SELECT 2, s.from_date, NULL, 0 FROM stays s "
    "  WHERE s.bed_id = ?1 AND s.person_id <> ?3 AND s.from_date < ?4 "
    "  AND " EA_SQL_RUNS_ON ("s.", "?2") " "
    "UNION ALL SELECT 3, v.from_date, "
    "  p.family_name || coalesce (', ' || p.given_names, ''), v.id "
    "  FROM reservations v JOIN persons p ON p.id = v.person_id "
    "  WHERE v.bed_id = ?1 AND v.person_id <> ?3 AND v.state = 'active' "
    "  AND v.from_date < ?4 "
    "  AND " EA_SQL_RUNS_ON ("v.", "?2") " "
    "ORDER BY 1, 2",

  /* ?1 a room, ?2 the first night, ?3 the person, ?4 the day after the last night →
   * person_id, household (0 for none), whether a keep-apart note names ?3, gender,
   * birth_date, from_date, until_date, kind (0 a stay, 1 an active reservation), the
   * reservation's id (0 for a stay): who else sleeps in the room on a night of the period,
   * by person, stays first. The room's beds are named in each part, so that SQLite reads
   * only them and not every stay of the district. */
  .room_occupants =
    "SELECT x.person_id, coalesce (m.household_id, 0), "
    "  EXISTS (SELECT 1 FROM keep_apart k WHERE "
    "    (k.person_a = x.person_id AND k.person_b = ?3) OR "
    "    (k.person_b = x.person_id AND k.person_a = ?3)), "
    "  p.gender, p.birth_date, x.from_date, x.until_date, x.kind, "
    "  x.id "
    "FROM (SELECT s.person_id, s.bed_id, s.from_date, s.until_date, "
    "        0 AS kind, 0 AS id FROM stays s "
    "        WHERE s.bed_id IN (SELECT id FROM beds "
    "                           WHERE room_id = ?1) "
    "      UNION ALL SELECT v.person_id, v.bed_id, v.from_date, "
    "        v.until_date, 1, v.id FROM reservations v "
    "        WHERE v.state = 'active' "
    "        AND v.bed_id IN (SELECT id FROM beds "
    "                         WHERE room_id = ?1)) x "
    "JOIN persons p ON p.id = x.person_id "
    "LEFT JOIN household_members m ON m.person_id = x.person_id "
    "WHERE x.person_id <> ?3 AND x.from_date < ?4 "
    "  AND " EA_SQL_RUNS_ON ("x.", "?2") " "
    "ORDER BY x.person_id, x.kind",

  /* ?1 a reservation → person_id */
  .reservation_person =
    "SELECT person_id FROM reservations WHERE id = ?1",

  /* ?1 a reservation, another person's, that a placing cancels */
  .cancel_other_reservation =
    "UPDATE reservations SET state = 'cancelled' WHERE id = ?1",

  /* ?1 person, ?2 a day → id, from_date, bed_id: the person's stay that night */
  .person_stay_on =
    "SELECT id, from_date, bed_id FROM stays WHERE person_id = ?1 "
    "AND " EA_SQL_HOLDS ("", "?2"),

  /* ?1 a stay, ?2 a day → 1 when the stay still runs on that night */
  .stay_runs_on =
    "SELECT count (*) FROM stays WHERE id = ?1 AND " EA_SQL_RUNS_ON ("", "?2"),

  /* ?1 a bed → facility_id (ea-housing.c, ea-housing-edit.c) */
  .facility_of_bed =
    "SELECT u.facility_id FROM beds b JOIN rooms r "
    "ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
    "WHERE b.id = ?",

  /* ? person, bed, from_date, created_at, created_by: a new open-ended stay */
  .insert_stay =
    "INSERT INTO stays (person_id, bed_id, from_date, created_at, created_by) "
    "VALUES (?, ?, ?, ?, ?)",

  /* ?1 a person, ?2 the bed moved into, ?3 the new stay: the person's reservation of that
   * bed is fulfilled by the stay, one of another bed cancelled */
  .settle_reservations =
    "UPDATE reservations SET state = CASE WHEN bed_id = ?2 THEN 'fulfilled' "
    "  ELSE 'cancelled' END, stay_id = CASE WHEN bed_id = ?2 THEN ?3 END "
    "WHERE person_id = ?1 AND state = 'active'",

  /* ea-housing-stays.c */

  /* ?1 an internal number or 0, ?2 the text given → id: the person with that number,
   * platform id or AZR number */
  .find_person =
    "SELECT id FROM persons WHERE (?1 > 0 AND id = ?1) OR platform_id = ?2 OR azr_number = ?2",

  /* ?1 person, ?2 the first night, ?3 when, ?4 user: the person lives here,
   * arrived on ?2 unless an arrival is recorded already */
  .set_present =
    "UPDATE persons SET status = 'present', "
    "arrived_on = coalesce (arrived_on, ?2), left_on = NULL, "
    "updated_at = ?3, updated_by = ?4 WHERE id = ?1",

  /* ?1 a stay, ?2 the day of leaving: the stay ends before that night */
  .end_stay =
    "UPDATE stays SET until_date = ?2 WHERE id = ?1",

  /* ?1 person, ?2 the day of leaving, ?3 when, ?4 user */
  .set_left =
    "UPDATE persons SET status = 'left', left_on = ?2, "
    "updated_at = ?3, updated_by = ?4 WHERE id = ?1",

  /* ?1 a move's new stay, ?2 its old one: the planned day of moving out carries over */
  .copy_planned_until =
    "UPDATE stays SET planned_until = (SELECT planned_until "
    "FROM stays WHERE id = ?2) WHERE id = ?1",

  /* ? person: their active reservations, which a new one replaces */
  .cancel_person_reservations =
    "UPDATE reservations SET state = 'cancelled' WHERE person_id = ? AND state = 'active'",

  /* ?1 person → facility, room, bed, from_date, until_date of the active
   * reservation the person holds (the first, should there be more) */
  .person_reservation =
    "SELECT f.name, r.name, b.label, v.from_date, v.until_date FROM reservations v "
    "JOIN beds b ON b.id = v.bed_id JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE v.person_id = ?1 AND v.state = 'active' ORDER BY v.from_date, v.id LIMIT 1",

  /* ? person, bed, from_date, until_date, created_at, created_by */
  .insert_reservation =
    "INSERT INTO reservations (person_id, bed_id, from_date, until_date, "
    "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",

  /* ? person → expected_on, the planned arrival */
  .person_expected_on =
    "SELECT expected_on FROM persons WHERE id = ?",

  /* ?1 a stay, ?2 the planned day of moving out or NULL */
  .set_planned_until =
    "UPDATE stays SET planned_until = ?2 WHERE id = ?1",

  /* ? a reservation */
  .cancel_reservation =
    "UPDATE reservations SET state = 'cancelled' WHERE id = ?",

  /* ? a reservation → bed_id, person_id, while it is active */
  .active_reservation =
    "SELECT bed_id, person_id FROM reservations WHERE id = ? AND state = 'active'",

  /* ?1 a bed, ?2 the first night, ?3 the day it is back in use or NULL → 1 for a stay, 2
   * for a block on a night of the period; one row at most */
  .bed_busy =
    "SELECT 1 FROM stays WHERE bed_id = ?1 AND "
    EA_SQL_RUNS_ON ("", "?2") " AND (CAST (?3 AS TEXT) IS NULL OR from_date < ?3) "
    "UNION ALL SELECT 2 FROM bed_blocks WHERE bed_id = ?1 AND "
    EA_SQL_RUNS_ON ("", "?2") " AND (CAST (?3 AS TEXT) IS NULL OR "
    "from_date < ?3) LIMIT 1",

  /* ? bed, reason, note, from_date, until_date, created_at, created_by */
  .insert_block =
    "INSERT INTO bed_blocks (bed_id, reason, note, from_date, until_date, "
    "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",

  /* ?1 a bed, ?2 a day: its blocks that begin on or after the day go */
  .withdraw_blocks =
    "DELETE FROM bed_blocks WHERE bed_id = ?1 AND from_date >= ?2",

  /* ?1 a bed, ?2 a day: its blocks that began before and still run end on the day */
  .end_blocks =
    "UPDATE bed_blocks SET until_date = ?2 WHERE bed_id = ?1 AND from_date < ?2 "
    "AND " EA_SQL_RUNS_ON ("", "?2"),

  /* ea-housing-undo.c */

  /* ? a stay → person_id, bed_id, from_date, until_date */
  .stay_by_id =
    "SELECT person_id, bed_id, from_date, until_date FROM stays WHERE id = ?",

  /* ? person, ? a day → 1 when the person has a stay from a later day */
  .later_stay =
    "SELECT 1 FROM stays WHERE person_id = ? AND from_date > ?",

  /* ? a stay → 1 when a user confirmed a shared bedroom for it */
  .shared_room_confirmed =
    "SELECT 1 FROM audit_log WHERE action = "
    "'confirm-shared-room' AND object_type = 'stay' "
    "AND object_id = ?",

  /* ? a stay: the reservation it fulfilled is active again */
  .reactivate_reservations =
    "UPDATE reservations SET state = 'active', stay_id = NULL WHERE stay_id = ?",

  /* ? a stay */
  .delete_stay =
    "DELETE FROM stays WHERE id = ?",

  /* ?1 person: status, arrived_on and left_on again from the stays that remain */
  .person_status_from_stays =
    "UPDATE persons SET status = CASE WHEN EXISTS (SELECT 1 FROM stays "
    "  WHERE person_id = ?1) THEN 'left' ELSE 'expected' END, "
    "arrived_on = (SELECT min(from_date) FROM stays WHERE person_id = ?1), "
    "left_on = (SELECT max(until_date) FROM stays WHERE person_id = ?1) "
    "WHERE id = ?1",

  /* ? a stay, open-ended again */
  .reopen_stay =
    "UPDATE stays SET until_date = NULL WHERE id = ?",

  /* ? person: present again, no longer left */
  .set_present_again =
    "UPDATE persons SET status = 'present', left_on = NULL WHERE id = ?",

  /* ea-housing-plan.c */

  /* ?1 a bed, ?2 a day → 1 occupied, else 3 blocked, else 2 reserved, else 0 */
  .bed_status =
    "SELECT CASE "
    " WHEN EXISTS (SELECT 1 FROM stays WHERE bed_id = ?1 "
    "   AND " EA_SQL_HOLDS ("", "?2") ") THEN 1 "
    " WHEN EXISTS (SELECT 1 FROM bed_blocks WHERE bed_id = ?1 "
    "   AND " EA_SQL_HOLDS ("", "?2") ") "
    "   THEN 3 "
    " WHEN EXISTS (SELECT 1 FROM reservations WHERE bed_id = ?1 "
    "   AND state = 'active' AND " EA_SQL_HOLDS ("", "?2") ") THEN 2 "
    " ELSE 0 END",

  /* ?1 person → person_id, name, facility, room, from (the later start), until (the earlier
   * end, NULL while both run): who shared a room with the person, the most recent first */
  .roommates =
    "SELECT o.person_id, p.family_name || coalesce (', ' || "
    "p.given_names, ''), "
    "  f.name, r.name, " EA_SQL_GREATEST ("a.from_date", "o.from_date") ", "
    "  CASE WHEN a.until_date IS NULL THEN o.until_date "
    "       WHEN o.until_date IS NULL THEN a.until_date "
    "       ELSE " EA_SQL_LEAST ("a.until_date", "o.until_date") " END "
    "FROM stays a JOIN beds ab ON ab.id = a.bed_id "
    "JOIN beds ob ON ob.room_id = ab.room_id "
    "JOIN stays o ON o.bed_id = ob.id AND o.person_id <> a.person_id "
    "JOIN persons p ON p.id = o.person_id "
    "JOIN rooms r ON r.id = ab.room_id JOIN units u ON u.id = r.unit_id "
    "JOIN facilities f ON f.id = u.facility_id "
    "WHERE a.person_id = ?1 "
    "  AND o.from_date < coalesce (a.until_date, '9999-12-31') "
    "  AND coalesce (o.until_date, '9999-12-31') > a.from_date "
    "ORDER BY 5 DESC, 2",

  /* ? a facility → name */
  .facility_name =
    "SELECT name FROM facilities WHERE id = ?",

  /* ?1 a facility, ?2 a day, ?3 today → room id, unit name, unit reserved_for, floor, room
   * name, rule, area_m2, capacity, barrier_free, bed id, bed label, the stay's person_id
   * and from_date, the block's reason and until_date, the reservation's person_id, the name
   * of who holds the bed, the reservation's id, unit id, a later reservation's from_date
   * and its person's name, the open stay's planned_until: the facility's open beds on the
   * day, room by room */
  .room_plan =
    "SELECT r.id, u.name, u.reserved_for, r.floor, r.name, r.rule, "
    "  r.area_m2, r.capacity, r.barrier_free, b.id, b.label, "
    "  s.person_id, s.from_date, k.reason, k.until_date, v.person_id, "
    "  p.family_name || coalesce (', ' || p.given_names, ''), v.id, u.id, "
    "  w.from_date, q.family_name || coalesce (', ' || q.given_names, ''), "
    "  CASE WHEN s.until_date IS NULL THEN s.planned_until END "
    "FROM units u JOIN rooms r ON r.unit_id = u.id "
    "JOIN beds b ON b.room_id = r.id "
    /* A day to come counts planned departures (still to
     * come today) as done, as the occupancy list does. */
    "LEFT JOIN stays s ON s.bed_id = b.id AND s.from_date <= ?2 "
    "  AND coalesce (s.until_date, CASE WHEN s.planned_until > ?3 "
    "    THEN s.planned_until END, '9999-12-31') > ?2 "
    "LEFT JOIN bed_blocks k ON k.bed_id = b.id AND "
    EA_SQL_HOLDS ("k.", "?2") " "
    "LEFT JOIN reservations v ON v.bed_id = b.id AND v.state = 'active' "
    "  AND " EA_SQL_HOLDS ("v.", "?2") " "
    "LEFT JOIN persons p ON p.id = coalesce (s.person_id, v.person_id) "
    /* The first hold from a later day. */
    "LEFT JOIN reservations w ON w.id = (SELECT x.id FROM reservations x "
    "  WHERE x.bed_id = b.id AND x.state = 'active' AND x.from_date > ?2 "
    "  ORDER BY x.from_date LIMIT 1) "
    "LEFT JOIN persons q ON q.id = w.person_id "
    "WHERE u.facility_id = ?1 "
    "  AND " EA_SQL_BED_OPEN_ON ("?2") " "
    "ORDER BY r.floor, u.name, r.name, b.label",

  /* ?1 a day, ?2 a facility or 0, ?3 a unit or 0, ?4 a room rule or NULL → id: the beds
   * free that day (not occupied, blocked or reserved) in open rooms of open facilities, in
   * the order of the room plans */
  .free_beds =
    "SELECT b.id FROM beds b JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = "
    "u.facility_id "
    "WHERE (?2 = 0 OR u.facility_id = ?2) AND (?3 = 0 OR u.id = ?3) "
    "  AND (CAST (?4 AS TEXT) IS NULL OR r.rule = ?4) "
    "  AND " EA_SQL_BED_OPEN_ON ("?1") " "
    "  AND " EA_SQL_OPEN_ON ("f.", "?1") " "
    "  AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id "
    "    AND " EA_SQL_HOLDS ("s.", "?1") ") "
    "  AND NOT EXISTS (SELECT 1 FROM bed_blocks k WHERE k.bed_id = b.id "
    "    AND " EA_SQL_HOLDS ("k.", "?1") ") "
    "  AND NOT EXISTS (SELECT 1 FROM reservations v WHERE v.bed_id = b.id "
    "    AND v.state = 'active' AND " EA_SQL_HOLDS ("v.", "?1") ") "
    "ORDER BY f.name, r.floor, u.name, r.name, b.label",


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

  /* Who sleeps in the unit or room (@scope u.id or r.id) ?1 on the night
   * ?2 or later: staying there, or holding a bed there by an active
   * reservation (a room's rule must fit who comes, too). */
#define OCCUPANTS(scope) \
    "SELECT p.gender, p.birth_date, coalesce (m.household_id, -p.id), " \
    "  (SELECT count(*) FROM household_members x WHERE x.household_id = m.household_id), " \
    "  EXISTS (SELECT 1 FROM household_members x JOIN persons q ON q.id = x.person_id " \
    "          WHERE x.household_id = m.household_id AND q.gender = 'w' AND q.id <> p.id), " \
    "  o.tonight " \
    "FROM (SELECT s.person_id, s.bed_id, " \
    "        CASE WHEN " EA_SQL_HOLDS ("s.", "?2") " THEN 1 ELSE 0 END AS tonight " \
    "      FROM stays s WHERE s.until_date IS NULL OR s.until_date > ?2 " \
    "      UNION ALL " \
    "      SELECT v.person_id, v.bed_id, 0 FROM reservations v " \
    "      WHERE v.state = 'active' AND (v.until_date IS NULL OR v.until_date > ?2)) o " \
    "JOIN beds b ON b.id = o.bed_id JOIN rooms r ON r.id = b.room_id " \
    "JOIN units u ON u.id = r.unit_id JOIN persons p ON p.id = o.person_id " \
    "LEFT JOIN household_members m ON m.person_id = p.id " \
    "WHERE " scope " = ?1"

  /* ?1 a unit, ?2 a day → gender, birth_date, household (or minus the
   *   person), the household's size, whether another member is a woman,
   *   whether the person sleeps there that night (1) or only later (0):
   *   who sleeps in the unit that night or later */
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

  /* ?1 a day → id, facility_id, the room's rule, whether the room is
   *   barrier-free: the beds open that day; also in ea-outlook.c */
  .beds_open_on =
    "SELECT b.id, u.facility_id, r.rule, r.barrier_free FROM beds b "
    "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
    "WHERE " EA_SQL_BED_OPEN_ON ("?1"),

  /* ea-occupancy-document.c */

  /* ?1 a facility, ?2 a day → facility name, unit name, room name, bed
   *   label, status (1 occupied, 2 blocked, 3 reserved, 0 free), the
   *   occupant's name, birth_date, first nationality, the stay's
   *   from_date, a block's reason in words and until_date, a
   *   reservation's person and from_date: each bed open that day, by
   *   floor, unit, room and bed */
  .occupancy_list =
    "SELECT f.name, u.name, r.name, b.label, "
    "  CASE WHEN s.id IS NOT NULL THEN 1 WHEN k.id IS NOT NULL THEN 2 "
    "       WHEN v.id IS NOT NULL THEN 3 ELSE 0 END, "
    "  p.family_name || coalesce (', ' || p.given_names, ''), "
    "p.birth_date, "
    "  (SELECT c.label FROM person_nationalities n JOIN codes c "
    "   ON c.list = 'nationality' AND c.code = n.code "
    "   WHERE n.person_id = p.id AND n.position = 1), s.from_date, "
    "  (SELECT c.label FROM codes c WHERE c.list = 'block_reason' AND c.code = k.reason), "
    "  k.until_date, w.family_name || coalesce (', ' || w.given_names, ''), v.from_date "
    "FROM facilities f JOIN units u ON u.facility_id = f.id "
    "JOIN rooms r ON r.unit_id = u.id JOIN beds b ON b.room_id = r.id "
    "LEFT JOIN stays s ON s.bed_id = b.id AND " EA_SQL_HOLDS ("s.", "?2")
    " "
    "LEFT JOIN bed_blocks k ON k.bed_id = b.id AND "
    EA_SQL_HOLDS ("k.", "?2") " "
    "LEFT JOIN reservations v ON v.bed_id = b.id AND v.state = 'active' "
    "  AND " EA_SQL_HOLDS ("v.", "?2") " "
    "LEFT JOIN persons p ON p.id = s.person_id "
    "LEFT JOIN persons w ON w.id = v.person_id "
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
