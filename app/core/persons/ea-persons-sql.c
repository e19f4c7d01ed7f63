/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-documents-private.h"
#include "ea-persons-sql-private.h"
#include "ea-store-private.h"

/* All SQL of persons/, in one place: what a second engine must accept is
 * here and nowhere else in persons/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

/* Not a health document, as a condition on `d` (a row of `documents`) to
 * append to a WHERE clause, for readers without the right to see them. */
#define NOT_HEALTH " AND d.category <> '" EA_DOCUMENT_HEALTH "'"

const EaPersonsSql _ea_persons_sql = {

  /* ea-person-file.c */

  /* ?1 a person → id, when there is the person */
  .person_exists =
    "SELECT id FROM persons WHERE id = ?1",

  /* ?1 a person → family_name, given_names, birth_name, birth_date,
   *   birth_place, gender, marital_status, religion, residence_status,
   *   platform_id, azr_number, bamf_file_number, remark, status, the labels
   *   of status, gender, marital status, religion and residence status,
   *   arrived_on, left_on, the current bed as "facility, room, bed",
   *   household_id: the person's own row */
  .file_person =
    "SELECT p.family_name, p.given_names, p.birth_name, p.birth_date, p.birth_place, p.gender, "
    "  p.marital_status, p.religion, p.residence_status, p.platform_id, p.azr_number, "
    "  p.bamf_file_number, p.remark, p.status, st.label, g.label, ms.label, rl.label, rs.label, "
    "  p.arrived_on, p.left_on, "
    "  (SELECT f.name || ', ' || r.name || ', ' || b.label FROM stays s "
    "     JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id "
    "     JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "    WHERE s.person_id = p.id AND s.until_date IS NULL), "
    "  (SELECT household_id FROM household_members WHERE person_id = p.id) "
    "FROM persons p "
    "LEFT JOIN codes st ON st.list = 'person_status' AND st.code = p.status "
    "LEFT JOIN codes g ON g.list = 'gender' AND g.code = p.gender "
    "LEFT JOIN codes ms ON ms.list = 'marital_status' AND ms.code = p.marital_status "
    "LEFT JOIN codes rl ON rl.list = 'religion' AND rl.code = p.religion "
    "LEFT JOIN codes rs ON rs.list = 'residence_status' AND rs.code = p.residence_status "
    "WHERE p.id = ?1",

  /* ?1 a person → code, label, NULL: the person's nationalities in order */
  .file_nationalities =
    "SELECT n.code, coalesce (c.label, n.code), NULL FROM person_nationalities n "
    "LEFT JOIN codes c ON c.list = 'nationality' AND c.code = n.code "
    "WHERE n.person_id = ?1 ORDER BY n.position",

  /* ?1 a person → code, label, level: the person's languages, the mother
   *   tongue first */
  .file_languages =
    "SELECT l.code, coalesce (c.label, l.code), l.level FROM person_languages l "
    "LEFT JOIN codes c ON c.list = 'language' AND c.code = l.code "
    "WHERE l.person_id = ?1 ORDER BY l.level = 'M' DESC, c.position",

  /* ?1 a person → code, label, note: the person's protection needs */
  .file_vulnerabilities =
    "SELECT v.code, coalesce (c.label, v.code), v.note "
    "FROM person_vulnerabilities v "
    "LEFT JOIN codes c ON c.list = 'vulnerability' AND c.code = v.code "
    "WHERE v.person_id = ?1 ORDER BY c.position",

  /* ?1 a person → id, "family name, given names", role label, birth_date,
   *   status: the members of the person's household */
  .file_household =
    "SELECT p.id, p.family_name || coalesce (', ' || p.given_names, ''), "
    "  coalesce (c.label, m.role), p.birth_date, p.status "
    "FROM household_members m JOIN persons p ON p.id = m.person_id "
    "LEFT JOIN codes c ON c.list = 'household_role' AND c.code = m.role "
    "WHERE m.household_id = (SELECT household_id FROM household_members "
    "                         WHERE person_id = ?1) "
    "ORDER BY c.position, p.birth_date",

  /* ?1 a person → facility, unit, room, bed, from_date, until_date: the
   *   person's stays, the latest first */
  .file_stays =
    "SELECT f.name, u.name, r.name, b.label, s.from_date, s.until_date "
    "FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE s.person_id = ?1 ORDER BY s.from_date DESC",

  /* ?1 a person → id, kind, title, country, year or 0, recognition,
   *   document_id or 0: the person's qualifications, the latest first */
  .file_qualifications =
    "SELECT id, kind, title, country, coalesce (year, 0), recognition, "
    "  coalesce (document_id, 0) FROM qualifications WHERE person_id = ?1 "
    "ORDER BY year DESC, id",

  /* ?1 a code list → code, label: the list's codes in its order */
  .codes_of_list =
    "SELECT code, label FROM codes WHERE list = ?1 "
    "ORDER BY position, label",

  /* ea-person-edit.c */

  /* ?1 a code list, ?2 a code → 1 when the code is in the list */
  .code_known =
    "SELECT 1 FROM codes WHERE list = ?1 AND code = ?2",

  /* ?1 an AZR number → id of the person with it */
  .person_with_azr_number =
    "SELECT id FROM persons WHERE azr_number = ?1",

  /* ?1 a platform id → id of the person with it */
  .person_with_platform_id =
    "SELECT id FROM persons WHERE platform_id = ?1",

  /* ?1 a person: their nationalities gone, before writing them anew */
  .delete_nationalities =
    "DELETE FROM person_nationalities WHERE person_id = ?1",

  /* ?1 person, ?2 position from 1, ?3 nationality code */
  .insert_nationality =
    "INSERT INTO person_nationalities (person_id, position, code) "
    "VALUES (?1, ?2, ?3)",

  /* ?1 platform_id, ?2 azr_number, ?3 bamf_file_number, ?4 family_name,
   * ?5 given_names, ?6 birth_name, ?7 birth_date, ?8 birth_place, ?9 gender,
   * ?10 marital_status, ?11 religion, ?12 residence_status, ?13 remark,
   * ?14 search_text, ?15 sort_name, ?16 when, ?17 by whom: a person created
   * by hand, expected */
  .insert_person =
    "INSERT INTO persons (platform_id, azr_number, bamf_file_number, family_name, "
    "  given_names, birth_name, birth_date, birth_place, gender, marital_status, religion, "
    "  residence_status, remark, status, search_text, sort_name, created_at, created_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'expected', ?14, ?15, "
    "  ?16, ?17)",

  /* ?1 person, ?2 … ?16 as insert_person's ?1 … ?15, ?17 when, ?18 whether
   * religion may be changed (kept as it was otherwise), ?19 by whom */
  .update_person =
    "UPDATE persons SET platform_id = ?2, azr_number = ?3, bamf_file_number = ?4, "
    "  family_name = ?5, given_names = ?6, birth_name = ?7, birth_date = ?8, "
    "  birth_place = ?9, gender = ?10, marital_status = ?11, "
    "  religion = CASE WHEN ?18 <> 0 THEN ?12 ELSE religion END, residence_status = ?13, "
    "  remark = ?14, search_text = ?15, sort_name = ?16, updated_at = ?17, "
    "  updated_by = ?19 "
    "WHERE id = ?1",

  /* ?1 a person: their languages gone, before writing them anew */
  .delete_languages =
    "DELETE FROM person_languages WHERE person_id = ?1",

  /* ?1 person, ?2 language code, ?3 level (A1 … C2, M) */
  .insert_language =
    "INSERT INTO person_languages (person_id, code, level) "
    "VALUES (?1, ?2, ?3)",

  /* ?1 a person: their protection needs gone, before writing them anew */
  .delete_vulnerabilities =
    "DELETE FROM person_vulnerabilities WHERE person_id = ?1",

  /* ?1 person, ?2 protection need code; a code named twice is kept once */
  .insert_vulnerability =
    "INSERT INTO person_vulnerabilities (person_id, code) "
    "VALUES (?1, ?2) ON CONFLICT DO NOTHING",

  /* ?1 person, ?2 kind, ?3 title, ?4 country, ?5 year or 0, ?6 recognition,
   * ?7 document or 0, ?8 when, ?9 by whom */
  .insert_qualification =
    "INSERT INTO qualifications (person_id, kind, title, country, year, "
    "  recognition, document_id, created_at, created_by) "
    "VALUES (?1, ?2, ?3, ?4, nullif (?5, 0), ?6, nullif (?7, 0), ?8, ?9)",

  /* ?1 a qualification */
  .delete_qualification =
    "DELETE FROM qualifications WHERE id = ?1",

  /* ?1 a document → person_id, whose document it is */
  .document_person =
    "SELECT person_id FROM documents WHERE id = ?1",

  /* ?1 a qualification → person_id, whose qualification it is */
  .qualification_person =
    "SELECT person_id FROM qualifications WHERE id = ?1",

  /* ea-person-list.c (its search and pages: the functions below the table) */

  /* ?1 an FTS5 query → how many documents it matches, counted up to one
   *   more than EA_PERSONS_MAX_DOCUMENT_MATCHES */
  .documents_matching =
    "SELECT count (*) FROM (SELECT rowid FROM document_text "
    "WHERE " EA_SQL_TEXT_MATCHES ("?1") " "
    "LIMIT " G_STRINGIFY (EA_PERSONS_MAX_DOCUMENT_MATCHES) " + 1) matches",


  /* ea-household.c */

  /* ?1 person → household_id: the household the person belongs to */
  .household_of_member =
    "SELECT household_id FROM household_members "
    "WHERE person_id = ?1",

  /* ?1 code → 1 when it is a household role */
  .household_role_known =
    "SELECT 1 FROM codes WHERE list = 'household_role' "
    "AND code = ?1",

  /* ?1 household: its first member becomes the reference person unless
   * it has one */
  .keep_reference_person =
    "UPDATE household_members SET role = 'bezugsperson' "
    "WHERE household_id = ?1 AND NOT EXISTS (SELECT 1 FROM "
    "household_members WHERE household_id = ?1 "
    "AND role = 'bezugsperson') AND person_id = (SELECT min "
    "(person_id) FROM household_members WHERE household_id = ?1)",

  /* ?1 when, ?2 by whom: a new household */
  .insert_household =
    "INSERT INTO households (created_at, created_by) "
    "VALUES (?1, ?2)",

  /* ?1 household, ?2 person: the one who founds it, its reference person */
  .insert_household_founder =
    "INSERT INTO household_members (household_id, "
    "person_id, role) VALUES (?1, ?2, 'bezugsperson')",

  /* ?1 household, ?2 person, ?3 role: a member added */
  .insert_household_member =
    "INSERT INTO household_members (household_id, "
    "person_id, role) VALUES (?1, ?2, ?3)",

  /* ?1 person: taken out of their household */
  .delete_household_member =
    "DELETE FROM household_members WHERE person_id = ?1",

  /* ?1 household → how many members it has */
  .count_household_members =
    "SELECT count (*) FROM household_members "
    "WHERE household_id = ?1",

  /* ?1 household → person_id: a member (the one left) */
  .household_member =
    "SELECT person_id FROM household_members "
    "WHERE household_id = ?1",

  /* ?1 household, ?2 person: the household's case notes become the
   * person's */
  .hand_household_notes =
    "UPDATE case_notes SET person_id = ?2, "
    "household_id = NULL WHERE household_id = ?1",

  /* ?1 household */
  .delete_household =
    "DELETE FROM households WHERE id = ?1",

  /* ?1 person, ?2 role: the member's new role */
  .set_household_role =
    "UPDATE household_members SET role = ?2 WHERE person_id = ?1",

  /* ?1 person, ?2 household, ?3 whether they become its reference person:
   * a member moved to another household */
  .move_household_member =
    "UPDATE household_members SET household_id = ?2, "
    "role = CASE WHEN ?3 <> 0 THEN 'bezugsperson' ELSE role END "
    "WHERE person_id = ?1",

  /* ea-keep-apart.c */

  /* ?1 person → id, the other person's id, their name, reason, day
   *   created, by whom: the person's keep-apart notes by the other's name */
  .keep_apart_of_person =
    "SELECT k.id, o.id, o.family_name || coalesce (', ' || o.given_names, ''), k.reason, "
    "  substr (k.created_at, 1, 10), coalesce (u.display_name, u.login) "
    "FROM keep_apart k JOIN persons o ON o.id = CASE WHEN k.person_a = ?1 THEN k.person_b "
    "                                                ELSE k.person_a END "
    "LEFT JOIN users u ON u.id = k.created_by "
    "WHERE k.person_a = ?1 OR k.person_b = ?1 ORDER BY o.sort_name, o.id",

  /* ?1 person → person_id: the other members of the person's household */
  .other_household_members =
    "SELECT person_id FROM household_members WHERE person_id <> ?1 AND "
    "household_id = (SELECT household_id FROM household_members "
    "                WHERE person_id = ?1)",

  /* ? person_a, ? person_b (the lower number first), ? reason, ? when,
   * ? by whom: a pair kept apart, unless it is already */
  .insert_keep_apart =
    "INSERT INTO keep_apart (person_a, person_b, reason, "
    "created_at, created_by) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING",

  /* ? person, ? other person → count, above 0 when both are in one
   *   household */
  .count_same_household =
    "SELECT count (*) FROM household_members a JOIN household_members b "
    "ON b.household_id = a.household_id WHERE a.person_id = ? "
    "AND b.person_id = ?",

  /* ? note */
  .delete_keep_apart =
    "DELETE FROM keep_apart WHERE id = ?",

  /* ? note → person_a, person_b */
  .keep_apart_persons =
    "SELECT person_a, person_b FROM keep_apart WHERE id = ?",

  /* ea-case-notes.c */

  /* Columns: note, person, household, confidential, revision, date, category,
   * label, body, first author id, first author, editor, written at. */
#define NOTE_COLUMNS \
  "n.id, coalesce (n.person_id, 0), coalesce (n.household_id, 0), n.confidential, v.revision, " \
  "v.note_date, v.category, coalesce (c.label, v.category), v.body, n.created_by, " \
  "a.display_name, e.display_name, v.written_at "
#define NOTE_JOINS \
  "LEFT JOIN codes c ON c.list = 'note_category' AND c.code = v.category " \
  "LEFT JOIN users a ON a.id = n.created_by LEFT JOIN users e ON e.id = v.written_by "

  /* ?1 person → NOTE_COLUMNS: the person's notes and their household's,
   *   each in its latest revision, newest first */
  .case_notes_of_person =
    "SELECT " NOTE_COLUMNS "FROM case_notes n "
    "JOIN case_note_revisions v ON v.note_id = n.id AND v.revision = "
    "  (SELECT max (revision) FROM case_note_revisions WHERE note_id = n.id) "
    NOTE_JOINS
    "WHERE n.person_id = ?1 OR n.household_id = "
    "  (SELECT household_id FROM household_members WHERE person_id = ?1) "
    "ORDER BY v.note_date DESC, n.id DESC",

  /* ?1 note → NOTE_COLUMNS: each revision of the note, the latest first */
  .case_note_revisions =
    "SELECT " NOTE_COLUMNS "FROM case_notes n "
    "JOIN case_note_revisions v ON v.note_id = n.id " NOTE_JOINS
    "WHERE n.id = ?1 ORDER BY v.revision DESC",

  /* ?1 code → 1 when it is a note category */
  .note_category_known =
    "SELECT 1 FROM codes WHERE list = 'note_category' "
    "AND code = ?1",

  /* ?1 person or 0, ?2 household or 0, ?3 confidential, ?4 when, ?5 by whom:
   * a new note */
  .insert_case_note =
    "INSERT INTO case_notes (person_id, household_id, confidential, "
    "  created_at, created_by) VALUES (nullif (?1, 0), nullif (?2, 0), "
    "  ?3, ?4, ?5)",

  /* ?1 note, ?2 date, ?3 category, ?4 body, ?5 when, ?6 by whom: its first
   * revision */
  .insert_first_revision =
    "INSERT INTO case_note_revisions (note_id, revision, note_date, "
    "  category, body, written_at, written_by) "
    "VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6)",

  /* ?1 note, ?2 date, ?3 category, ?4 body, ?5 when, ?6 by whom: its next
   * revision */
  .insert_next_revision =
    "INSERT INTO case_note_revisions (note_id, revision, note_date, "
    "  category, body, written_at, written_by) "
    "SELECT ?1, max (revision) + 1, ?2, ?3, ?4, ?5, ?6 "
    "FROM case_note_revisions WHERE note_id = ?1",

  /* ?1 household → its first member (by number) */
  .household_first_member =
    "SELECT min (person_id) FROM "
    "household_members WHERE household_id = ?1",


  /* ?1 note → its person, or its household's first member */
  .case_note_subject =
    "SELECT coalesce (n.person_id, (SELECT min (person_id) FROM "
    "  household_members WHERE household_id = n.household_id)) "
    "FROM case_notes n WHERE n.id = ?1",

  /* ?1 note → its author when it is confidential, else 0 */
  .confidential_note_author =
    "SELECT CASE WHEN confidential <> 0 THEN created_by ELSE 0 END "
    "FROM case_notes WHERE id = ?1",

  /* ea-documents.c */

  /* Columns: id, person, sha256, filename, mime_type, category, its label,
   * title, issued_on, expires_on, page_count, text_state, added_at, the
   * person's name. */
#define DOCUMENT_COLUMNS \
  "d.id, coalesce (d.person_id, 0), d.sha256, d.filename, b.mime_type, d.category, " \
  "coalesce (c.label, d.category), d.title, d.issued_on, d.expires_on, " \
  "coalesce (d.page_count, 0), d.text_state, d.added_at, " \
  "p.family_name || coalesce (', ' || p.given_names, '') "
#define DOCUMENT_JOINS \
  "FROM documents d JOIN blobs b ON b.sha256 = d.sha256 " \
  "LEFT JOIN persons p ON p.id = d.person_id " \
  "LEFT JOIN codes c ON c.list = 'document_category' AND c.code = d.category "

  /* ?1 sha256 → how many blobs have it */
  .count_blobs =
    "SELECT count (*) FROM blobs WHERE sha256 = ?1",

  /* → sha256 of every blob */
  .all_blobs =
    "SELECT sha256 FROM blobs",

  /* ?1 sha256, ?2 size, ?3 mime_type, ?4 when: a file's blob, unless it
   * is there */
  .insert_blob =
    "INSERT INTO blobs (sha256, size, mime_type, added_at) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",

  /* ?1 person, ?2 sha256, ?3 filename, ?4 category, ?5 title, ?6 issued_on,
   * ?7 expires_on, ?8 page_count, ?9 when, ?10 by whom: a new document */
  .insert_document =
    "INSERT INTO documents (person_id, sha256, filename, category, "
    "  title, issued_on, expires_on, page_count, added_at, added_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",

  /* ?1 code → 1 when it is a document category */
  .document_category_known =
    "SELECT 1 FROM codes WHERE list = 'document_category' "
    "AND code = ?1",

  /* ?1 person → DOCUMENT_COLUMNS: the person's documents, newest first */
  .documents_of_person =
    "SELECT " DOCUMENT_COLUMNS DOCUMENT_JOINS "WHERE d.person_id = ?1"
    " ORDER BY d.added_at DESC, d.id DESC",

  /* ?1 person → DOCUMENT_COLUMNS: the same without health documents */
  .documents_of_person_but_health =
    "SELECT " DOCUMENT_COLUMNS DOCUMENT_JOINS "WHERE d.person_id = ?1"
    NOT_HEALTH
    " ORDER BY d.added_at DESC, d.id DESC",

  /* ?1 a day → DOCUMENT_COLUMNS: passports and residence documents of
   *   persons who have not left that expire by the day, the soonest first */
  .documents_expiring =
    "SELECT " DOCUMENT_COLUMNS DOCUMENT_JOINS
    "WHERE d.category IN ('ausweis', 'aufenthaltsdokument') "
    "  AND d.expires_on IS NOT NULL AND d.expires_on <= ?1 "
    "  AND p.status <> 'left' "
    "ORDER BY d.expires_on, p.sort_name",

  /* ?1 document → DOCUMENT_COLUMNS */
  .document_by_id =
    "SELECT " DOCUMENT_COLUMNS DOCUMENT_JOINS "WHERE d.id = ?1",

  /* ?1 document: its text out of the search index */
  .delete_document_text =
    "DELETE FROM document_text WHERE rowid = ?1",

  /* ?1 document, ?2 text: into the search index */
  .insert_document_text =
    "INSERT INTO document_text (rowid, body) VALUES (?1, ?2)",

  /* ?1 document, ?2 text state: pending, done, none or failed */
  .set_document_text_state =
    "UPDATE documents SET text_state = ?2 WHERE id = ?1",

  /* → id of each document whose text is still to be found */
  .documents_pending_text =
    "SELECT id FROM documents WHERE text_state = 'pending' "
    "ORDER BY id",

  /* ea-maintenance.c */

  /* → one line per clash, "bed B: reservation R and stay S" (or "and
   *   reservation W"): active reservations of a bed that another person's
   *   stay or a later active reservation holds on the same nights */
  .reservation_clashes =
    "SELECT 'bed ' || v.bed_id || ': reservation ' || v.id || ' and ' || "
    "  CASE WHEN s.id IS NOT NULL THEN 'stay ' || s.id "
    "       ELSE 'reservation ' || w.id END "
    "FROM reservations v "
    "LEFT JOIN stays s ON s.bed_id = v.bed_id AND s.person_id <> v.person_id "
    "  AND s.from_date < coalesce (v.until_date, '9999-12-31') "
    "  AND coalesce (s.until_date, '9999-12-31') > v.from_date "
    "LEFT JOIN reservations w ON w.bed_id = v.bed_id AND w.id > v.id "
    "  AND w.state = 'active' "
    "  AND w.from_date < coalesce (v.until_date, '9999-12-31') "
    "  AND coalesce (w.until_date, '9999-12-31') > v.from_date "
    "WHERE v.state = 'active' AND (s.id IS NOT NULL OR w.id IS NOT NULL)",
};

/* The persons list and the scope of a person's file (ea-person-list.c,
 * ea-person-file.c): SQL written from what is asked for. */

/* The columns _ea_person_new_from_row() reads, in this order. */
#define EA_PERSON_COLUMNS \
  "p.id, p.family_name, p.given_names, p.birth_date, p.gender, " \
  "(SELECT n.code FROM person_nationalities n WHERE n.person_id = p.id AND n.position = 1), " \
  "(SELECT c.label FROM person_nationalities n JOIN codes c ON c.list = 'nationality' " \
  "  AND c.code = n.code WHERE n.person_id = p.id AND n.position = 1), " \
  "p.status, " \
  "(SELECT f.name FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id " \
  "  JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id " \
  "  WHERE s.person_id = p.id AND s.until_date IS NULL), " \
  "coalesce (p.arrived_on, p.expected_on)"

static const char *sort_keys[] = {
  [EA_PERSON_SORT_NAME] = "p.sort_name",
  [EA_PERSON_SORT_BIRTH_DATE] = "p.birth_date",
  [EA_PERSON_SORT_NATIONALITY] =
    "(SELECT c.label FROM person_nationalities n JOIN codes c ON c.list = 'nationality' "
    "AND c.code = n.code WHERE n.person_id = p.id AND n.position = 1)",
  [EA_PERSON_SORT_FACILITY] =
    "(SELECT f.name FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
    "WHERE s.person_id = p.id AND s.until_date IS NULL)",
  [EA_PERSON_SORT_STATUS] = "p.status",
  [EA_PERSON_SORT_ARRIVAL] = "coalesce (p.arrived_on, p.expected_on)",
};

/* @ids (gint64) as the numbers of an SQL list: "3, 7, 12". */
static char *
dup_id_list (const GArray *ids)
{
  GString *in = g_string_new (NULL);

  /* No facility at all: IN (NULL) holds for no row, and unlike an empty
   * list every engine accepts it. */
  if (ids->len == 0)
    g_string_append (in, "NULL");
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (in, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                            g_array_index (ids, gint64, i));
  return g_string_free (in, FALSE);
}

/**
 * _ea_persons_sql_person_in_scope:
 * @facilities: (element-type gint64): the facilities a reader is limited to
 *
 * ?1 a person, ?2 a day → 1 when the person lives in one of @facilities
 * that night or holds an active reservation there.
 *
 * Returns: (transfer full): the statement
 */
char *
_ea_persons_sql_person_in_scope (const GArray *facilities)
{
  g_autofree char *in = dup_id_list (facilities);

  return g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM stays s JOIN beds b ON b.id = s.bed_id "
                          "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                          "WHERE s.person_id = ?1 AND u.facility_id IN (%1$s) "
                          "AND " EA_SQL_HOLDS ("s.", "?2") ") OR EXISTS "
                          "(SELECT 1 FROM reservations v JOIN beds b ON b.id = v.bed_id "
                          "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                          "WHERE v.person_id = ?1 AND u.facility_id IN (%1$s) "
                          "AND v.state = 'active')",
                          in);
}

/* Starts one more condition of the search: the first after WHERE. */
static void
begin_condition (GString  *sql,
                 gboolean *where)
{
  g_string_append (sql, !*where ? " WHERE " : " AND ");
  *where = TRUE;
}

/* A reader limited to some facilities sees the persons living there or
 * holding a reservation there on the day ?107 (DESIGN.md, access). */
static void
add_access (GString      *sql,
            gboolean     *where,
            const GArray *facilities)
{
  g_autofree char *in = dup_id_list (facilities);

  begin_condition (sql, where);
  g_string_append_printf (sql,
                          "p.id IN ("
                          "SELECT s.person_id FROM stays s JOIN beds b ON b.id = s.bed_id "
                          "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                          "WHERE u.facility_id IN (%1$s) AND " EA_SQL_HOLDS ("s.", "?107")
                          " "
                          "UNION SELECT v.person_id FROM reservations v "
                          "JOIN beds b ON b.id = v.bed_id JOIN rooms r ON r.id = b.room_id "
                          "JOIN units u ON u.id = r.unit_id "
                          "WHERE u.facility_id IN (%1$s) AND v.state = 'active')",
                          in);
}

/* Word k is found in the person's names, dates and keys, bound as
 * ?(2k+1), or, where it is looked for in documents too, begins a word in
 * the text of one of their documents (PDF text and OCR), its FTS5 term
 * bound as ?(2k+2). */
static void
add_words (GString                   *sql,
           gboolean                  *where,
           const EaPersonsListSearch *search)
{
  if (search->name_start)
    {
      begin_condition (sql, where);
      g_string_append (sql, "p.sort_name >= ?1 AND p.sort_name < ?2");
      return;
    }
  for (guint k = 0; k < search->n_words; k++)
    {
      guint word = 2 * k + 1;

      begin_condition (sql, where);
      /* search_text is folded already: a plain substring test is enough
       * (EA_SQL_CONTAINS names the word twice: positional formats). */
      if (!search->in_documents[k])
        g_string_append_printf (sql, EA_SQL_CONTAINS ("p.search_text", "?%1$u"), word);
      else
        /* One set of ids, not an OR: the server then finds a word of
         * three letters or more by its trigram index. */
        g_string_append_printf (sql,
                                "p.id IN (SELECT n.id FROM persons n WHERE "
                                EA_SQL_CONTAINS ("n.search_text", "?%1$u") " UNION "
                                "SELECT d.person_id FROM documents d WHERE d.id IN "
                                "(SELECT rowid FROM document_text WHERE "
                                EA_SQL_TEXT_MATCHES ("?%2$u") ")%3$s)", word, word + 1,
                                search->hide_health ? NOT_HEALTH : "");
    }
}

/* The filters, bound from ?101 on, after the words; the facility's
 * needs the day as ?107. */
static void
add_filters (GString                   *sql,
             gboolean                  *where,
             const EaPersonsListSearch *search)
{
  if (search->facility)
    {
      begin_condition (sql, where);
      g_string_append (sql,
                       "p.id IN (SELECT s.person_id FROM stays s JOIN beds b ON b.id = s.bed_id "
                       "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                       "WHERE u.facility_id = ?101 AND " EA_SQL_HOLDS ("s.", "?107") ")");
    }
  if (search->status)
    {
      begin_condition (sql, where);
      g_string_append (sql, "p.status = ?102");
    }
  if (search->nationality)
    {
      begin_condition (sql, where);
      g_string_append (sql,
                       "p.id IN (SELECT person_id FROM person_nationalities WHERE code = ?103)");
    }
  if (search->vulnerability)
    {
      begin_condition (sql, where);
      g_string_append (sql, "p.id IN (SELECT person_id FROM person_vulnerabilities "
                            "WHERE code = ?104)");
    }
  if (search->arrived_from)
    {
      begin_condition (sql, where);
      g_string_append (sql, "coalesce (p.arrived_on, p.expected_on) >= ?105");
    }
  if (search->arrived_until)
    {
      begin_condition (sql, where);
      g_string_append (sql, "coalesce (p.arrived_on, p.expected_on) <= ?106");
    }
}

/* Ties fall back to the order of the covering index persons_sort_name
 * (sort_name, search_text, id): sorting by name then needs no sort step,
 * which is most of the time of a keystroke over 100,000 persons. */
static void
add_order (GString                   *sql,
           const EaPersonsListSearch *search)
{
  g_string_append (sql, " ORDER BY ");
  /* The expected arrivals holding a bed in one facility first (?108),
   * for a chooser of that facility's beds. */
  if (search->first_facility)
    g_string_append (sql,
                     "CASE WHEN p.status = 'expected' AND EXISTS ("
                     "SELECT 1 FROM reservations v JOIN beds b ON b.id = v.bed_id "
                     "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                     "WHERE v.person_id = p.id AND v.state = 'active' "
                     "AND u.facility_id = ?108) THEN 0 ELSE 1 END, ");
  if (search->sort == EA_PERSON_SORT_NAME)
    g_string_append_printf (sql, "p.sort_name %1$s, p.search_text %1$s, p.id %1$s",
                            search->descending ? "DESC" : "ASC");
  else
    g_string_append_printf (sql, "%s %s, p.sort_name, p.search_text, p.id",
                            sort_keys[search->sort], search->descending ? "DESC" : "ASC");
}

/**
 * _ea_persons_sql_list_ids:
 * @search: what the persons list asks for
 *
 * Binds ?(2k+1) and ?(2k+2) for word k (see #EaPersonsListSearch), the
 * filters that are set from ?101 on (facility, status, nationality,
 * protection need, arrival from, arrival until), the day as ?107
 * when the reader is limited to facilities or the facility filter is
 * set, and the facility whose expected arrivals come first as ?108 →
 * id of each person found, in the list's order.
 *
 * Returns: (transfer full): the statement
 */
char *
_ea_persons_sql_list_ids (const EaPersonsListSearch *search)
{
  GString *sql = g_string_new ("SELECT p.id FROM persons p");
  gboolean where = FALSE;

  if (search->facilities != NULL)
    add_access (sql, &where, search->facilities);
  add_words (sql, &where, search);
  add_filters (sql, &where, search);
  add_order (sql, search);
  return g_string_free (sql, FALSE);
}

/**
 * _ea_persons_sql_list_rows:
 * @n_ids: how many persons, at least one
 *
 * ?1 … ?@n_ids persons → the columns _ea_person_new_from_row() reads, of
 * each of them that is there, in no particular order.
 *
 * Returns: (transfer full): the statement
 */
char *
_ea_persons_sql_list_rows (guint n_ids)
{
  GString *sql = g_string_new ("SELECT " EA_PERSON_COLUMNS " FROM persons p WHERE p.id "
                                                           "IN (");

  for (guint i = 0; i < n_ids; i++)
    g_string_append (sql, i == 0 ? "?" : ",?");
  g_string_append (sql, ")");
  return g_string_free (sql, FALSE);
}
