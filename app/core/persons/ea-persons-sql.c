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
    "  religion = CASE WHEN ?18 THEN ?12 ELSE religion END, residence_status = ?13, "
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
    "WHERE document_text MATCH ?1 LIMIT " G_STRINGIFY (EA_PERSONS_MAX_DOCUMENT_MATCHES) " + 1)",




  /* ea-household.c, ea-keep-apart.c, ea-case-notes.c, ea-documents.c, ea-document-content.c, ea-maintenance.c */
  .placeholder_b = 0,




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

/* The documents a reader without the right to see health documents may
 * not see, as a condition on `d` (a row of `documents`). */
#define HEALTH_HIDDEN " AND d.category <> '" EA_DOCUMENT_HEALTH "'"

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
  for (guint k = 0; k < search->n_words; k++)
    {
      guint word = 2 * k + 1;

      begin_condition (sql, where);
      /* search_text is folded already: a plain substring test is enough,
       * and several times faster than LIKE's case-insensitive matching. */
      if (!search->in_documents[k])
        g_string_append_printf (sql, "instr (p.search_text, ?%u) > 0", word);
      else
        g_string_append_printf (sql,
                                "(instr (p.search_text, ?%u) > 0 OR p.id IN "
                                "(SELECT d.person_id FROM documents d WHERE d.id IN "
                                "(SELECT rowid FROM document_text WHERE document_text "
                                "MATCH ?%u)%s))", word, word + 1,
                                search->hide_health ? HEALTH_HIDDEN : "");
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
  if (search->sort == EA_PERSON_SORT_NAME)
    g_string_append_printf (sql,
                            " ORDER BY p.sort_name %1$s, p.search_text %1$s, p.id %1$s",
                            search->descending ? "DESC" : "ASC");
  else
    g_string_append_printf (sql, " ORDER BY %s %s, p.sort_name, p.search_text, p.id",
                            sort_keys[search->sort], search->descending ? "DESC" : "ASC");
}

/**
 * _ea_persons_sql_list_ids:
 * @search: what the persons list asks for
 *
 * Binds ?(2k+1) and ?(2k+2) for word k (see #EaPersonsListSearch), the
 * filters that are set from ?101 on (facility, status, nationality,
 * protection need, arrival from, arrival until), and the day as ?107
 * when the reader is limited to facilities or the facility filter is
 * set → id of each person found, in the list's order.
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
