/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-documents-private.h"
#include "ea-persons-sql-private.h"
#include "ea-store-private.h"

/* All SQL of persons/, in one place: what a second engine must accept is
 * here and nowhere else in persons/. Each statement says what it binds
 * (?1, ?2 …) and which columns it gives, in order. */

const EaPersonsSql _ea_persons_sql = {
  /* ea-person.c, ea-person-file.c, ea-person-edit.c, ea-person-list.c */
  .placeholder_a = 0,




  /* ea-household.c, ea-keep-apart.c, ea-case-notes.c, ea-documents.c, ea-document-content.c, ea-maintenance.c */
  .placeholder_b = 0,

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
    "role = CASE WHEN ?3 THEN 'bezugsperson' ELSE role END "
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

  /* ?1 person → id when the person exists */
  .note_person_exists =
    "SELECT id FROM persons WHERE id = ?1",

  /* ?1 note → its person, or its household's first member */
  .case_note_subject =
    "SELECT coalesce (n.person_id, (SELECT min (person_id) FROM "
    "  household_members WHERE household_id = n.household_id)) "
    "FROM case_notes n WHERE n.id = ?1",

  /* ?1 note → its author when it is confidential, else 0 */
  .confidential_note_author =
    "SELECT CASE WHEN confidential THEN created_by ELSE 0 END "
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

  /* Not a health document, as a condition on `d` (a row of `documents`). */
#define NOT_HEALTH " AND d.category <> '" EA_DOCUMENT_HEALTH "'"

  /* ?1 sha256 → how many blobs have it */
  .count_blobs =
    "SELECT count (*) FROM blobs WHERE sha256 = ?1",

  /* → sha256 of every blob */
  .all_blobs =
    "SELECT sha256 FROM blobs",

  /* To append to a WHERE clause on `d` (a row of `documents`): not a
   * health document */
  .hide_health_documents =
    NOT_HEALTH,

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
