/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-reports-sql-private.h"
#include "ea-store-private.h"

/* All SQL of the reports (ea-care.c, ea-flueag.c, ea-statistics.c), in
 * one place: what a second engine must accept is here and nowhere else
 * in reports/. Each statement says what it binds (?1, ?2 …) and which
 * columns it gives, in order. */

/* The DESTATIS key of Ukrainian nationality. */
#define UKRAINE "166"

/* Who lives in the district on day ?1; joins go between the two. */
#define RESIDENTS "stays s JOIN persons p ON p.id = s.person_id "
/* The stay holds the night ?1. */
#define ON_DAY "WHERE " EA_SQL_HOLDS ("s.", "?1") " "

const EaReportsSql _ea_reports_sql = {
  /* FlüAG (ea-flueag.c) */

  /* ?1 a month's first day, ?2 the next month's first day
   * → person_id, from_date, until_date: every stay before ?2 of the
   *   persons with a stay in the month, by person and date */
  .month_stays =
    "SELECT person_id, from_date, until_date FROM stays "
    "WHERE from_date < ?2 AND person_id IN "
    "  (SELECT person_id FROM stays WHERE from_date < ?2 "
    "     AND " EA_SQL_RUNS_ON ("", "?1") ") "
    "ORDER BY person_id, from_date",

  /* ?1 a month, `YYYY-MM` → person_id: who was reported for it */
  .reported_persons =
    "SELECT person_id FROM flueag_reported WHERE month = ?1",

  /* ?1 a day → month: the months reported before the day's month */
  .reported_months =
    "SELECT DISTINCT month FROM flueag_reported "
    "WHERE month < substr (?1, 1, 7) ORDER BY month",

  /* The persons of a report, in a table of this connection that the
   * savepoint flueag_ids removes again. */
  .ids_create =
    "CREATE TEMP TABLE IF NOT EXISTS flueag_ids (id INTEGER PRIMARY KEY);"
    "DELETE FROM " EA_SQL_TEMP "flueag_ids;"
    "SAVEPOINT flueag_ids",
  /* ?1 a person */
  .ids_insert =
    "INSERT INTO " EA_SQL_TEMP "flueag_ids (id) VALUES (?1)",
  .ids_release =
    "RELEASE flueag_ids",
  .ids_rollback =
    "ROLLBACK TO flueag_ids; RELEASE flueag_ids",

  /* → person_id, nationality label, whether it is Ukrainian: of the
   *   report's persons, each nationality in its order */
  .report_nationalities =
    "SELECT n.person_id, coalesce (c.label, n.code), n.code = '" UKRAINE "' "
    "  FROM " EA_SQL_TEMP "flueag_ids t JOIN person_nationalities n ON n.person_id = t.id "
    "  LEFT JOIN codes c ON c.list = 'nationality' AND c.code = n.code "
    " ORDER BY n.person_id, n.position",

  /* → id, azr_number, family_name, given_names, birth_date, gender label,
   *   residence status label: the report's persons by name */
  .report_persons =
    "SELECT p.id, p.azr_number, p.family_name, coalesce (p.given_names, ''), p.birth_date, "
    "       coalesce (g.label, p.gender), coalesce (r.label, p.residence_status) "
    "  FROM " EA_SQL_TEMP "flueag_ids t JOIN persons p ON p.id = t.id "
    "  LEFT JOIN codes g ON g.list = 'gender' AND g.code = p.gender "
    "  LEFT JOIN codes r ON r.list = 'residence_status' AND r.code = p.residence_status "
    " ORDER BY p.sort_name, p.id",

  /* ?1 month, ?2 person, ?3 when, ?4 whether late: a person reported,
   * once per month */
  .record_reported =
    "INSERT INTO flueag_reported "
    "(month, person_id, reported_at, late) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT DO NOTHING",

  /* Statistics (ea-statistics.c) */

  /* ?1 first day, ?2 the day after the last → from_date, until_date of
   *   the stays with a night in the period */
  .stays_meeting =
    "SELECT from_date, until_date FROM stays "
    "WHERE " EA_SQL_MEETS ("", "?1", "?2"),

  /* → opened, closed, count: beds counted together when they, their room,
   *   unit and facility open and close on the same days */
  .beds_open =
    "SELECT coalesce (f.opened_on, '0001-01-01'), "
    EA_SQL_LEAST (EA_SQL_LEAST ("coalesce (b.closed_on, '9999-12-31')",
                                "coalesce (r.closed_on, '9999-12-31')"),
                  EA_SQL_LEAST ("coalesce (u.closed_on, '9999-12-31')",
                                "coalesce (f.closed_on, '9999-12-31')"))
    " AS closed, count (*) "
    "  FROM beds b JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
    "  JOIN facilities f ON f.id = u.facility_id GROUP BY 1, 2",

  /* ?1 (unused) first day, ?2 the day after the last → person_id,
   *   from_date, until_date: every stay that began by ?2, by person and
   *   date */
  .stays_until =
    "SELECT person_id, from_date, until_date FROM stays "
    "WHERE from_date <= ?2 "
    "ORDER BY person_id, from_date",

  /* ?1 a day → birth_date of each resident */
  .residents_birth_dates =
    "SELECT p.birth_date FROM " RESIDENTS ON_DAY,

  /* ?1 a day → label, count: the residents by their first nationality */
  .residents_by_nationality =
    "SELECT coalesce (c.label, n.code, 'unbekannt'), count (*) AS n FROM " RESIDENTS
    "LEFT JOIN person_nationalities n ON n.person_id = p.id AND n.position = 1 "
    "LEFT JOIN codes c ON c.list = 'nationality' AND c.code = n.code " ON_DAY
    "GROUP BY n.code, c.label ORDER BY n DESC, 1",

  /* ?1 a day → label, count: the residents by gender */
  .residents_by_gender =
    "SELECT coalesce (c.label, p.gender), count (*) FROM " RESIDENTS
    "LEFT JOIN codes c ON c.list = 'gender' AND c.code = p.gender " ON_DAY
    "GROUP BY p.gender, c.label ORDER BY min (c.position)",

  /* ?1 a day → label, count: the residents by protection need; few
   *   persons have one, so asked from their side */
  .residents_by_need =
    "SELECT coalesce (c.label, v.code), count (*) FROM person_vulnerabilities v "
    "LEFT JOIN codes c ON c.list = 'vulnerability' AND c.code = v.code "
    "WHERE EXISTS (SELECT 1 FROM stays s WHERE s.person_id = v.person_id "
    "                AND " EA_SQL_HOLDS ("s.", "?1") ") "
    "GROUP BY v.code, c.label ORDER BY min (c.position)",
};
