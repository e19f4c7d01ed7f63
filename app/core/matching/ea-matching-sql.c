/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-housing-sql-private.h"
#include "ea-matching-sql-private.h"
#include "ea-store-private.h"

/* All SQL of matching/, in one place: what a second engine must accept is
 * here and nowhere else in matching/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaMatchingSql _ea_matching_sql = {
  /* ea-matcher-load.c */

  /* ?1 a day → r.id, r.name, r.rule, r.area_m2, r.capacity,
   *   r.barrier_free, u.name, u.reserved_for, f.name, f.id, u.id: the
   *   rooms open that day, in units and facilities open and opened by then */
  .open_rooms =
    "SELECT r.id, r.name, r.rule, r.area_m2, r.capacity, r.barrier_free, u.name, "
    "  u.reserved_for, f.name, f.id, u.id "
    "FROM rooms r JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE " EA_SQL_OPEN_ON ("r.", "?1") " AND " EA_SQL_OPEN_ON ("u.", "?1") " "
    "  AND " EA_SQL_OPEN_ON ("f.", "?1") " "
    "  AND (f.opened_on IS NULL OR f.opened_on <= ?1)",

  /* ?1 first night, ?2 the day after the last ('9999-12-31' for open)
   * → bed_id: the beds occupied, blocked or reserved at any time of the
   *   period, as three sets (a bed may come more than once) */
  .busy_beds =
    "SELECT bed_id FROM stays WHERE " EA_SQL_MEETS ("", "?1", "?2") " "
    "UNION ALL SELECT bed_id FROM bed_blocks WHERE " EA_SQL_MEETS ("", "?1", "?2") " "
    "UNION ALL SELECT bed_id FROM reservations WHERE state = 'active' "
    "  AND " EA_SQL_MEETS ("", "?1", "?2"),

  /* ?1 the day after the period's last night → id, room_id, label: the
   *   beds in use every night of the period, not closed before its end */
  .beds_open_until =
    "SELECT id, room_id, label FROM beds WHERE closed_on IS NULL OR closed_on >= ?1",

  /* ?1 first night, ?2 the day after the last → room_id, person_id,
   *   household_id (0 for none), birth_date, gender, religion, whether the
   *   stay or reservation starts after ?1, its first night: who sleeps in a room or has a
   *   bed reserved there at any time of the period. UNION ALL and one join
   *   per part: a person both staying and holding a reservation in one
   *   room comes twice. */
  .room_occupants =
    "SELECT b.room_id, s.person_id, coalesce (m.household_id, 0), p.birth_date, p.gender, "
    "  p.religion, s.from_date > ?1, s.from_date "
    "FROM stays s JOIN beds b ON b.id = s.bed_id JOIN persons p ON p.id = s.person_id "
    "LEFT JOIN household_members m ON m.person_id = s.person_id "
    "WHERE " EA_SQL_MEETS ("s.", "?1", "?2") " "
    "UNION ALL "
    "SELECT b.room_id, v.person_id, coalesce (m.household_id, 0), p.birth_date, p.gender, "
    "  p.religion, v.from_date > ?1, v.from_date "
    "FROM reservations v JOIN beds b ON b.id = v.bed_id JOIN persons p ON p.id = v.person_id "
    "LEFT JOIN household_members m ON m.person_id = v.person_id "
    "WHERE v.state = 'active' AND " EA_SQL_MEETS ("v.", "?1", "?2"),

  /* ?1 first night, ?2 the day after the last → person_id, code, label:
   *   the languages of everyone staying at any time of the period */
  .occupant_languages =
    "SELECT l.person_id, l.code, coalesce (c.label, l.code) FROM person_languages l "
    "LEFT JOIN codes c ON c.list = 'language' AND c.code = l.code "
    "WHERE l.person_id IN (SELECT person_id FROM stays "
    "                      WHERE " EA_SQL_MEETS ("", "?1", "?2") ")",

  /* ?1 a person → name (`family, given`), gender, birth_date, whether
   *   they have a protection need that asks for a protected room,
   *   religion, then the EA_RULE_FACTS_COLUMNS (from column 5) */
  .applicant =
    "SELECT p.family_name || coalesce (', ' || p.given_names, ''), p.gender, p.birth_date, "
    "  EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = p.id AND v.code IN "
    "          ('alleinreisende-frau', 'schwanger', 'alleinerziehend', 'trauma', "
    "           'folteropfer', 'menschenhandel', 'lsbti')), "
    "  p.religion, " EA_RULE_FACTS_COLUMNS " FROM " EA_RULE_FACTS_JOIN " WHERE p.id = ?1",

  /* ?1 a person → the other person of each of their keep-apart notes */
  .kept_apart_from =
    "SELECT CASE WHEN person_a = ?1 THEN person_b ELSE person_a END FROM keep_apart "
    "WHERE person_a = ?1 OR person_b = ?1",

  /* ?1 a person → code, label: the languages they speak */
  .applicant_languages =
    "SELECT l.code, coalesce (c.label, l.code) FROM person_languages l "
    "LEFT JOIN codes c ON c.list = 'language' AND c.code = l.code WHERE l.person_id = ?1",

  /* ?1 the platform's `familienverbund` id, ?2 the household's number or
   *   NULL → person_id: the household's members, the eldest first. Each
   *   found by its index (comparing every household's number as text
   *   read them all). */
  .household_members =
    "SELECT m.person_id FROM household_members m JOIN persons p "
    "ON p.id = m.person_id WHERE m.household_id = "
    "  (SELECT id FROM households WHERE platform_id = ?1 "
    "   UNION ALL SELECT id FROM households WHERE id = ?2 LIMIT 1) "
    "ORDER BY p.birth_date, p.id",

  /* ?1 a person, ?2 a day → id: the person and the members of their
   *   household who have not left and have no stay that night, the eldest
   *   first */
  .household_without_bed =
    "SELECT p.id FROM persons p LEFT JOIN household_members m ON m.person_id = p.id "
    "WHERE (p.id = ?1 OR m.household_id = (SELECT household_id FROM household_members "
    "                                       WHERE person_id = ?1)) "
    "  AND (p.id = ?1 OR (p.status <> 'left' AND NOT EXISTS (SELECT 1 FROM stays s "
    "       WHERE s.person_id = p.id AND " EA_SQL_HOLDS ("s.", "?2") "))) "
    "ORDER BY p.birth_date, p.id",

  /* ea-allocation.c */

  /* ?1 the last day of arrival, ?2 today → id, name (`family, given`),
   *   household_id (0 for none), household (the platform's id, else the
   *   number), gender, birth_date, expected_on, protection needs (codes
   *   joined by commas, or NULL): the expected persons up to ?1 with
   *   neither an active reservation nor a stay running on ?2, by
   *   household, then those without one */
  .expected_arrivals =
    "SELECT p.id, p.family_name || coalesce (', ' || p.given_names, ''), "
    "  coalesce (m.household_id, 0), coalesce (h.platform_id, CAST (h.id AS TEXT)), p.gender, "
    "  p.birth_date, p.expected_on, "
    "  (SELECT " EA_SQL_JOINED ("v.code", "','") " FROM person_vulnerabilities v "
    "   WHERE v.person_id = p.id) "
    "FROM persons p LEFT JOIN household_members m ON m.person_id = p.id "
    "LEFT JOIN households h ON h.id = m.household_id "
    "WHERE p.status = 'expected' AND (p.expected_on IS NULL OR p.expected_on <= ?1) "
    "  AND NOT EXISTS (SELECT 1 FROM reservations v WHERE v.person_id = p.id "
    "                  AND v.state = 'active') "
    "  AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.person_id = p.id "
    "                  AND " EA_SQL_RUNS_ON ("s.", "?2") ") "
    "ORDER BY coalesce (m.household_id, 0) = 0, m.household_id, p.birth_date, p.id",
};
