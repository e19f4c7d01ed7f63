/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-trust-sql-private.h"
#include "ea-store-private.h"

/* All SQL of trust/, in one place: what a second engine must accept is
 * here and nowhere else in trust/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

/* A wrong password this many times in a row locks the account. */
#define MAX_FAILED_LOGINS 5

/* ?1 now → id, login, display_name, disabled, whether locked now,
 *   must_change_password, role codes and facility ids (each a list with
 *   commas), last_login_at: accounts, with a WHERE or ORDER BY to follow */
#define ACCOUNT_SELECT \
  "SELECT u.id, u.login, u.display_name, u.disabled, " \
  "  CASE WHEN u.locked_until > ?1 THEN 1 ELSE 0 END, " \
  "  u.must_change_password, " \
  "  (SELECT " EA_SQL_JOINED ("role", "','") " FROM user_roles WHERE user_id = u.id), " \
  "  (SELECT " EA_SQL_JOINED ("facility_id", "','") " " \
  "   FROM user_facilities WHERE user_id = u.id), " \
  "  u.last_login_at " \
  "FROM users u "

/* Blobs that neither a document nor an import run (its raw message)
 * refers to. */
#define UNUSED_BLOBS \
  "sha256 NOT IN (SELECT sha256 FROM documents) AND sha256 NOT IN " \
  "(SELECT raw_sha256 FROM import_runs WHERE raw_sha256 IS NOT NULL)"

/* The persons due for deletion, in a table of the connection's own. */
#define DUE EA_SQL_TEMP "retention_due"

const EaTrustSql _ea_trust_sql = {
  /* ea-session.c */

  /* ?1 user, ?2 now: a right password resets the count of wrong ones */
  .login_succeeded =
    "UPDATE users SET failed_logins = 0, locked_until = NULL, "
    "last_login_at = ?2 WHERE id = ?1",
  /* ?1 user, ?2 end of the lock: a wrong password is counted, and the
   * fifth in a row locks the account until ?2 */
  .login_failed =
    "UPDATE users SET failed_logins = failed_logins + 1, "
    "locked_until = CASE WHEN failed_logins + 1 >= "
    G_STRINGIFY (MAX_FAILED_LOGINS)
    " THEN ?2 ELSE locked_until END WHERE id = ?1",
  /* ?1 login, ?2 now → id, login, display_name, password_hash, disabled,
   *   locked_until (NULL unless later than ?2), must_change_password */
  .account_by_login =
    "SELECT id, login, display_name, password_hash, disabled, "
    "  CASE WHEN locked_until > ?2 THEN locked_until END, "
    "  must_change_password "
    "FROM users WHERE login = ?1",
  /* ? user → role, one row per role */
  .roles_of_user =
    "SELECT role FROM user_roles WHERE user_id = ?",
  /* ? user → facility_id: the facilities the user is limited to */
  .facilities_of_user =
    "SELECT facility_id FROM user_facilities WHERE user_id = ?",
  /* ? hash, ? user: the user's own new password */
  .set_own_password =
    "UPDATE users SET password_hash = ?, "
    "must_change_password = 0 WHERE id = ?",
  /* ? user → password_hash */
  .password_hash_of_user =
    "SELECT password_hash FROM users WHERE id = ?",

  /* ea-accounts.c */

  /* ?1 now → the columns of ACCOUNT_SELECT: every account, by name */
  .accounts_by_name =
    ACCOUNT_SELECT "ORDER BY lower (u.display_name), u.login",
  /* ?1 now, ?2 account → the columns of ACCOUNT_SELECT */
  .account_by_id =
    ACCOUNT_SELECT "WHERE u.id = ?2",
  /* ? user: removes the user's roles */
  .delete_roles =
    "DELETE FROM user_roles WHERE user_id = ?",
  /* ? user, ? role code */
  .insert_role =
    "INSERT INTO user_roles (user_id, role) "
    "VALUES (?, ?)",
  /* ? user: the password must be changed at the next login */
  .require_password_change =
    "UPDATE users SET must_change_password = 1 WHERE id = ?",
  /* ? display_name, ? disabled, ? user */
  .update_account =
    "UPDATE users SET display_name = ?, disabled = ? "
    "WHERE id = ?",
  /* ? hash, ? user: a new password set by an administrator, to be
   * changed at the next login; unlocks the account */
  .reset_password =
    "UPDATE users SET password_hash = ?, must_change_password = 1, "
    "failed_logins = 0, locked_until = NULL WHERE id = ?",
  /* ? user: removes the user's limits to facilities */
  .delete_user_facilities =
    "DELETE FROM user_facilities WHERE user_id = ?",
  /* ? user, ? facility */
  .insert_user_facility =
    "INSERT INTO user_facilities "
    "(user_id, facility_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
  /* ? account → count: the enabled administrators other than the account */
  .count_other_admins =
    "SELECT count(*) FROM users u JOIN user_roles r "
    "ON r.user_id = u.id AND r.role = 'admin' "
    "WHERE u.disabled = 0 AND u.id <> ?",
  /* ? facility → id, if there is such a facility */
  .facility_exists =
    "SELECT id FROM facilities WHERE id = ?",
  /* ? login, ? display_name, ? password_hash, ? created_at, ? created_by
   * (NULL for the first administrator) */
  .insert_user =
    "INSERT INTO users (login, display_name, password_hash, created_at, "
    "created_by) VALUES (?, ?, ?, ?, ?)",

  /* ea-audit.c */

  /* → hash of the newest entry (none or NULL for an empty log); on the
   * server after taking the chain's lock, which the transaction then
   * holds until it ends (ea_audit_head () of its schema) */
  .audit_last_hash =
    "/*sqlite*/SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"
    "/*pg:SELECT ea_audit_head ()*/",
  /* followed by audit_row as often as entries, each ? at, ? user_id,
   * ? action, ? object_type, ? object_id, ? person_id, ? detail,
   * ? prev_hash, ? hash: entries at the end of the chain */
  .audit_insert_rows =
    "INSERT INTO audit_log (at, user_id, action, object_type, "
    "object_id, person_id, detail, prev_hash, hash) VALUES ",
  .audit_row =
    "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
  /* The server's pending entries (migrations/postgresql/0009), linked
   * into the chain as the transaction commits: followed by
   * audit_pending_row as often as entries, each ? at, ? user_id,
   * ? action, ? object_type, ? object_id, ? person_id, ? detail (as
   * audit_row), ? 1 when the change is counted, else 0 */
  .audit_pending_insert_rows =
    "INSERT INTO audit_pending (at, user_id, action, object_type, "
    "object_id, person_id, detail, counted) VALUES ",
  .audit_pending_row =
    "(?, ?, ?, ?, ?, ?, ?, ?)",
  /* → id, at, user_id or 0, action, object_type, object_id or 0,
   *   person_id or 0, detail, prev_hash, hash: the whole chain in order */
  .audit_chain =
    "SELECT id, at, coalesce (user_id, 0), action, object_type, "
    "coalesce (object_id, 0), coalesce (person_id, 0), detail, "
    "prev_hash, hash FROM audit_log ORDER BY id",
  /* → id, display_name, login: every account, by name */
  .users_by_name =
    "SELECT id, display_name, login FROM users "
    "ORDER BY lower (display_name), login",

  /* ea-audit-checkpoint.c */

  /* → id, hash, count of all entries: the newest entry */
  .audit_newest =
    "SELECT id, hash, (SELECT count (*) FROM audit_log) "
    "FROM audit_log ORDER BY id DESC LIMIT 1",
  /* → the newest entry's id, 0 for an empty log */
  .audit_max_id =
    "SELECT coalesce (max (id), 0) FROM audit_log",
  /* ?1 entry → count of the entries up to it */
  .audit_count_up_to =
    "SELECT count (*) FROM audit_log WHERE id <= ?1",
  /* ?1 entry → its hash */
  .audit_hash_of =
    "SELECT hash FROM audit_log "
    "WHERE id = ?1",

  /* ea-retention.c */

  /* The persons due for deletion, in a table of this connection. */
  .retention_due_create =
    "CREATE TEMP TABLE IF NOT EXISTS retention_due "
    "  (id INTEGER PRIMARY KEY, name TEXT, left_on TEXT);"
    "DELETE FROM " DUE ";",
  /* ?1 today, ?2 a number of months: fills temp.retention_due with the
   * persons who left ?2 months before ?1 or earlier */
  .retention_due_fill =
    "INSERT INTO " DUE " (id, name, left_on) "
    "SELECT id, name, left_on FROM "
    "  (SELECT p.id, p.family_name || coalesce (', ' || p.given_names, '') AS name, "
    "          coalesce (p.left_on, (SELECT max (s.until_date) FROM stays s "
    "                                 WHERE s.person_id = p.id)) AS left_on "
    "     FROM persons p WHERE p.status = 'left') AS left_persons "
    "WHERE left_on IS NOT NULL AND left_on <= " EA_SQL_MONTHS_BEFORE ("?1", "?2"),

  /* What each category finds to delete among the due persons of
   * temp.retention_due → id, name, left_on, count; the count is shown in
   * the preview. Household notes go when every member of the household is
   * due; they are counted with the member of the lowest number. */
  .due_special =
    "SELECT d.id, d.name, d.left_on, 1 FROM " DUE " d JOIN persons p ON p.id = d.id "
    "WHERE p.religion IS NOT NULL "
    "   OR EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = d.id)",
  .due_case_notes =
    "SELECT * FROM (SELECT d.id, d.name, d.left_on, "
    "  (SELECT count (*) FROM case_notes n WHERE n.person_id = d.id) + "
    "  (SELECT count (*) FROM case_notes n JOIN household_members m "
    "     ON m.household_id = n.household_id AND m.person_id = d.id "
    "   WHERE d.id = (SELECT min (person_id) FROM household_members "
    "                  WHERE household_id = m.household_id) "
    "     AND NOT EXISTS (SELECT 1 FROM household_members o WHERE o.household_id = m.household_id "
    "                       AND o.person_id NOT IN (SELECT id FROM " DUE "))) AS n "
    "FROM " DUE " d) due WHERE n > 0",
  .due_documents =
    "SELECT * FROM (SELECT d.id, d.name, d.left_on, "
    "  (SELECT count (*) FROM documents x WHERE x.person_id = d.id) AS n "
    "FROM " DUE " d) due WHERE n > 0",
  .due_person =
    "SELECT d.id, d.name, d.left_on, 1 FROM " DUE " d JOIN persons p ON p.id = d.id "
    "WHERE p.anonymised_at IS NULL",

  /* The deletion itself, for every due person at once. */
  .delete_special =
    "UPDATE persons SET religion = NULL WHERE id IN (SELECT id FROM " DUE ");"
    "DELETE FROM person_vulnerabilities WHERE person_id IN (SELECT id FROM " DUE ");",
  .delete_case_notes =
    "DELETE FROM case_notes WHERE person_id IN (SELECT id FROM " DUE ");"
    "DELETE FROM case_notes WHERE household_id IN "
    "  (SELECT m.household_id FROM household_members m WHERE m.person_id IN "
    "     (SELECT id FROM " DUE ") "
    "   AND NOT EXISTS (SELECT 1 FROM household_members o WHERE o.household_id = m.household_id "
    "                     AND o.person_id NOT IN (SELECT id FROM " DUE ")));",
  .delete_documents =
    "DELETE FROM document_text WHERE rowid IN "
    "  (SELECT id FROM documents WHERE person_id IN (SELECT id FROM " DUE "));"
    "DELETE FROM documents WHERE person_id IN (SELECT id FROM " DUE ");",
  .delete_person =
    "DELETE FROM person_languages WHERE person_id IN (SELECT id FROM " DUE ");"
    "DELETE FROM qualifications WHERE person_id IN (SELECT id FROM " DUE ");"
    "DELETE FROM keep_apart WHERE person_a IN (SELECT id FROM " DUE ") "
    "  OR person_b IN (SELECT id FROM " DUE ");",

  /* ?1 now, ?2 user: anonymises the due persons' files. Anonymising keeps
   * what the statistics count: year of birth, gender, nationality,
   * residence status, household and stays. */
  .anonymise =
    "UPDATE persons SET platform_id = NULL, azr_number = NULL, bamf_file_number = NULL, "
    "  family_name = 'Anonymisiert', given_names = NULL, birth_name = NULL, "
    "  birth_date = substr (birth_date, 1, 4) || '-00-00', birth_place = NULL, "
    "  birth_country = NULL, marital_status = NULL, religion = NULL, schooling = NULL, "
    "  profession = NULL, remark = NULL, search_text = '', sort_name = 'anonymisiert', "
    "  anonymised_at = ?1, updated_at = ?1, updated_by = ?2 "
    "WHERE id IN (SELECT id FROM " DUE ") AND anonymised_at IS NULL",

  /* → sha256 of each blob that nothing refers to */
  .unused_blobs =
    "SELECT sha256 FROM blobs WHERE " UNUSED_BLOBS,
  /* Removes the rows of the blobs that nothing refers to. */
  .delete_unused_blobs =
    "DELETE FROM blobs WHERE " UNUSED_BLOBS,

  /* ea-person-export.c: each part of a subject-access export, ?1 the
   * person; the column names become the keys of the JSON. */

  /* → the person's row */
  .export_person =
    "SELECT id, platform_id, azr_number, bamf_file_number, family_name, given_names, birth_name, "
    "birth_date, birth_place, birth_country, gender, marital_status, religion, residence_status, "
    "schooling, profession, remark, status, expected_on, arrived_on, left_on, created_at, "
    "updated_at FROM persons WHERE id = ?1",
  /* → position, code, label of each nationality */
  .export_nationalities =
    "SELECT n.position, n.code, c.label FROM person_nationalities n LEFT JOIN codes c "
    "ON c.list = 'nationality' AND c.code = n.code WHERE n.person_id = ?1 ORDER BY n.position",
  /* → code, label, level of each language */
  .export_languages =
    "SELECT l.code, c.label, l.level FROM person_languages l LEFT JOIN codes c "
    "ON c.list = 'language' AND c.code = l.code WHERE l.person_id = ?1 ORDER BY l.code",
  /* → code, label, note of each protection need */
  .export_vulnerabilities =
    "SELECT v.code, c.label, v.note FROM person_vulnerabilities v LEFT JOIN codes c "
    "ON c.list = 'vulnerability' AND c.code = v.code WHERE v.person_id = ?1 ORDER BY v.code",
  /* → household, platform_id, person_id, name, role of each member of the
   *   person's household */
  .export_household =
    "SELECT h.id AS household, h.platform_id, o.person_id, "
    "p.family_name || coalesce (', ' || p.given_names, '') AS name, o.role "
    "FROM household_members m JOIN households h ON h.id = m.household_id "
    "JOIN household_members o ON o.household_id = h.id JOIN persons p ON p.id = o.person_id "
    "WHERE m.person_id = ?1 ORDER BY o.person_id",
  /* → facility, unit, room, bed, from_date, until_date of each stay */
  .export_stays =
    "SELECT f.name AS facility, u.name AS unit, r.name AS room, b.label AS bed, s.from_date, "
    "s.until_date FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE s.person_id = ?1 ORDER BY s.from_date",
  /* → facility, room, bed, from_date, until_date, state of each reservation */
  .export_reservations =
    "SELECT f.name AS facility, r.name AS room, b.label AS bed, v.from_date, v.until_date, "
    "v.state FROM reservations v JOIN beds b ON b.id = v.bed_id JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE v.person_id = ?1 ORDER BY v.from_date",
  /* → other_person, reason, created_at of each keep-apart note */
  .export_keep_apart =
    "SELECT CASE WHEN person_a = ?1 THEN person_b ELSE person_a END AS other_person, reason, "
    "created_at FROM keep_apart WHERE person_a = ?1 OR person_b = ?1",
  /* → note, confidential, revision, note_date, category, body, written_at,
   *   written_by of each revision of the person's and household's notes */
  .export_case_notes =
    "SELECT n.id AS note, n.confidential, v.revision, v.note_date, v.category, v.body, "
    "v.written_at, u.login AS written_by FROM case_notes n "
    "JOIN case_note_revisions v ON v.note_id = n.id LEFT JOIN users u ON u.id = v.written_by "
    "WHERE n.person_id = ?1 OR n.household_id = (SELECT household_id FROM household_members "
    "WHERE person_id = ?1) ORDER BY n.id, v.revision",
  /* → kind, title, country, year, recognition, document_id, created_at of
   *   each qualification */
  .export_qualifications =
    "SELECT kind, title, country, year, recognition, document_id, created_at "
    "FROM qualifications WHERE person_id = ?1 ORDER BY id",
  /* → id, category, title, filename, sha256, issued_on, expires_on,
   *   page_count, added_at of each document */
  .export_documents =
    "SELECT id, category, title, filename, sha256, issued_on, expires_on, page_count, added_at "
    "FROM documents WHERE person_id = ?1 ORDER BY id",
  /* → transfer, decided_on, arrival_on, origin_name, state of each
   *   transfer the person came with */
  .export_transfers =
    "SELECT t.platform_id AS transfer, t.decided_on, t.arrival_on, t.origin_name, t.state "
    "FROM transfer_persons x JOIN transfers t ON t.id = x.transfer_id WHERE x.person_id = ?1",
  /* → month, reported_at, late: the person's rows in the FlüAG reports
   *   sent to the state */
  .export_flueag_reports =
    "SELECT month, reported_at, late FROM flueag_reported WHERE person_id = ?1 ORDER BY month",
  /* → at, user, action, object_type of each audit entry about the person */
  .export_access_log =
    "SELECT a.at, u.login AS \"user\", a.action, a.object_type FROM audit_log a "
    "LEFT JOIN users u ON u.id = a.user_id WHERE a.person_id = ?1 ORDER BY a.id",
};

/* ea-audit.c: :user, :person, :since, :until as asked for; → id, at,
 * user_id or 0, login, action, object_type, object_id or 0, person_id or
 * 0, the person's name (NULL without @with_names), detail, hash: the
 * entries newest first, at most @limit of them unless it is 0. */
char *
_ea_trust_sql_audit_entries (gboolean with_names,
                             gboolean by_user,
                             gboolean by_person,
                             gboolean since,
                             gboolean until,
                             guint    limit)
{
  GString *sql = g_string_new (NULL);

  /* The clauses are left out rather than made always-true, so that SQLite
   * can use the indexes on user and person. */
  g_string_append (sql,
                   "SELECT a.id, a.at, coalesce (a.user_id, 0), u.login, a.action, "
                   "a.object_type, coalesce (a.object_id, 0), coalesce (a.person_id, 0), ");
  g_string_append (sql, with_names
                        ? "CASE WHEN p.id IS NULL THEN NULL "
                          "ELSE p.family_name || coalesce (', ' || p.given_names, '') END, "
                        : "NULL, ");
  g_string_append (sql,
                   "a.detail, a.hash FROM audit_log a "
                   "LEFT JOIN users u ON u.id = a.user_id "
                   "LEFT JOIN persons p ON p.id = a.person_id WHERE 1 = 1");
  if (by_user)
    g_string_append (sql, " AND a.user_id = :user");
  if (by_person)
    g_string_append (sql, " AND a.person_id = :person");
  if (since)
    g_string_append (sql, " AND a.at >= :since");
  if (until)
    g_string_append (sql, " AND a.at < :until");
  g_string_append (sql, " ORDER BY a.id DESC");
  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);
  return g_string_free (sql, FALSE);
}
