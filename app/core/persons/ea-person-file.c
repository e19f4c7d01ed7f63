/* SPDX-License-Identifier: EUPL-1.2 */
/* The person file (E-Akte): reading everything the page shows, as far as
 * the reader's roles allow, with every opening in the audit log; and
 * writing a person's own data by hand with validation that names the
 * field. */
#include "config.h"

#include "ea-person-file-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-person-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

#define MAX_NAME_LENGTH 100

void
ea_person_fields_clear (EaPersonFields *fields)
{
  g_clear_pointer (&fields->family_name, g_free);
  g_clear_pointer (&fields->given_names, g_free);
  g_clear_pointer (&fields->birth_name, g_free);
  g_clear_pointer (&fields->birth_date, g_free);
  g_clear_pointer (&fields->birth_place, g_free);
  g_clear_pointer (&fields->gender, g_free);
  g_clear_pointer (&fields->marital_status, g_free);
  g_clear_pointer (&fields->religion, g_free);
  g_clear_pointer (&fields->residence_status, g_free);
  g_clear_pointer (&fields->platform_id, g_free);
  g_clear_pointer (&fields->azr_number, g_free);
  g_clear_pointer (&fields->bamf_file_number, g_free);
  g_clear_pointer (&fields->remark, g_free);
  for (guint i = 0; i < EA_MAX_NATIONALITIES; i++)
    g_clear_pointer (&fields->nationalities[i], g_free);
}

static void
coded_value_free (EaCodedValue *value)
{
  g_free (value->code);
  g_free (value->label);
  g_free (value->extra);
  g_free (value);
}

static void
member_free (EaHouseholdMember *member)
{
  g_free (member->name);
  g_free (member->role);
  g_free (member->birth_date);
  g_free (member->status);
  g_free (member);
}

static void
stay_record_free (EaStayRecord *stay)
{
  g_free (stay->facility);
  g_free (stay->unit);
  g_free (stay->room);
  g_free (stay->bed);
  g_free (stay->from);
  g_free (stay->until);
  g_free (stay);
}

static void
qualification_free (EaQualification *q)
{
  g_free (q->kind);
  g_free (q->title);
  g_free (q->country);
  g_free (q->recognition);
  g_free (q);
}

void
ea_person_file_free (EaPersonFile *file)
{
  if (file == NULL)
    return;
  ea_person_fields_clear (&file->fields);
  g_free (file->status);
  g_free (file->status_label);
  g_free (file->gender_label);
  g_free (file->marital_label);
  g_free (file->religion_label);
  g_free (file->residence_label);
  g_free (file->arrived_on);
  g_free (file->left_on);
  g_free (file->current_bed);
  g_clear_pointer (&file->nationalities, g_ptr_array_unref);
  g_clear_pointer (&file->languages, g_ptr_array_unref);
  g_clear_pointer (&file->vulnerabilities, g_ptr_array_unref);
  g_clear_pointer (&file->household, g_ptr_array_unref);
  g_clear_pointer (&file->stays, g_ptr_array_unref);
  g_clear_pointer (&file->qualifications, g_ptr_array_unref);
  g_free (file);
}

/**
 * ea_person_file_dup_name:
 * @file: a person file
 *
 * Returns: (transfer full): "Family name, given names"
 */
char *
ea_person_file_dup_name (EaPersonFile *file)
{
  if (file->fields.given_names != NULL && file->fields.given_names[0] != '\0')
    return g_strdup_printf ("%s, %s", file->fields.family_name, file->fields.given_names);
  return g_strdup (file->fields.family_name);
}

static char *
dup_column (EaStmt *stmt,
            int           column)
{
  return g_strdup (_ea_stmt_column_text (stmt, column));
}

/**
 * _ea_person_check_scope:
 * @session: a session
 * @person_id: a person
 * @error: a #GError
 *
 * A social worker limited to facilities may open the files of the persons
 * living there or holding a reservation there, as the persons list shows
 * them; everybody else with the right to see persons may open any file.
 *
 * Returns: %FALSE with a permission error when the person is out of scope
 */
gboolean
_ea_person_check_scope (EaSession  *session,
                        gint64      person_id,
                        GError    **error)
{
  g_autoptr(GArray) facilities = _ea_session_dup_facility_ids (session);
  g_autoptr(GString) in = NULL;
  g_autoptr(GString) sql = NULL;
  g_autofree char *today = NULL;

  if (facilities == NULL || ea_session_can (session, EA_RIGHT_EDIT_STAYS))
    return TRUE;
  in = g_string_new (NULL);
  for (guint i = 0; i < facilities->len; i++)
    g_string_append_printf (in, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                            g_array_index (facilities, gint64, i));
  today = ea_clock_today ();
  sql = g_string_new (NULL);
  g_string_printf (sql,
                   "SELECT EXISTS (SELECT 1 FROM stays s JOIN beds b ON b.id = s.bed_id "
                   "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                   "WHERE s.person_id = ?1 AND u.facility_id IN (%1$s) "
                   "AND " EA_SQL_HOLDS ("s.", "?2") ") OR EXISTS "
                   "(SELECT 1 FROM reservations v JOIN beds b ON b.id = v.bed_id "
                   "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                   "WHERE v.person_id = ?1 AND u.facility_id IN (%1$s) AND v.state = 'active')",
                   in->str);
  if (_ea_store_query_int (ea_session_get_store (session), sql->str, "is", person_id,
                           today) != 1)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_PERMISSION,
                           _("This person does not live in a facility you are assigned to."));
      return FALSE;
    }
  return TRUE;
}

/**
 * _ea_person_check:
 * @session: a session
 * @person_id: a person
 * @error: a #GError
 *
 * The checks of every change to a person: in the session's scope (see
 * _ea_person_check_scope()), and there at all.
 *
 * Returns: %FALSE with a permission or not-found error
 */
gboolean
_ea_person_check (EaSession  *session,
                  gint64      person_id,
                  GError    **error)
{
  if (!_ea_person_check_scope (session, person_id, error))
    return FALSE;
  if (_ea_store_lookup_id (ea_session_get_store (session), "SELECT id FROM persons WHERE id = ?1",
                           person_id) == 0)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                   _("There is no person no. %lld."), (long long) person_id);
      return FALSE;
    }
  return TRUE;
}

typedef void (*RowFunc) (EaStmt *stmt, GPtrArray *into);

static gboolean
read_rows (EaStore     *store,
           const char  *sql,
           gint64       person_id,
           RowFunc      func,
           GPtrArray   *into,
           GError     **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    func (stmt, into);
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the person file"));
  return TRUE;
}

static void
add_coded (EaStmt *stmt,
           GPtrArray    *into)
{
  EaCodedValue *value = g_new0 (EaCodedValue, 1);

  value->code = dup_column (stmt, 0);
  value->label = dup_column (stmt, 1);
  value->extra = dup_column (stmt, 2);
  g_ptr_array_add (into, value);
}

static void
add_member (EaStmt *stmt,
            GPtrArray    *into)
{
  EaHouseholdMember *member = g_new0 (EaHouseholdMember, 1);

  member->person_id = _ea_stmt_column_int64 (stmt, 0);
  member->name = dup_column (stmt, 1);
  member->role = dup_column (stmt, 2);
  member->birth_date = dup_column (stmt, 3);
  member->status = dup_column (stmt, 4);
  g_ptr_array_add (into, member);
}

static void
add_stay (EaStmt *stmt,
          GPtrArray    *into)
{
  EaStayRecord *stay = g_new0 (EaStayRecord, 1);

  stay->facility = dup_column (stmt, 0);
  stay->unit = dup_column (stmt, 1);
  stay->room = dup_column (stmt, 2);
  stay->bed = dup_column (stmt, 3);
  stay->from = dup_column (stmt, 4);
  stay->until = dup_column (stmt, 5);
  g_ptr_array_add (into, stay);
}

static const struct { const char *code; const char *label; } qualification_kinds[] = {
  { "schule", N_("School") }, { "ausbildung", N_("Vocational training") },
  { "studium", N_("University studies") }, { "berufserfahrung", N_("Work experience") },
  { "sprachkurs", N_("Language course") }, { "sonstige", N_("Other") },
};

static const struct { const char *code; const char *label; } recognitions[] = {
  { "keine", N_("not applied for") }, { "beantragt", N_("applied for") },
  { "teilweise", N_("partly recognised") }, { "voll", N_("recognised") },
  { "abgelehnt", N_("refused") },
};

static const char *
label_of (const char *code,
          gboolean    kind)
{
  if (kind)
    {
      for (guint i = 0; i < G_N_ELEMENTS (qualification_kinds); i++)
        if (g_strcmp0 (code, qualification_kinds[i].code) == 0)
          return _(qualification_kinds[i].label);
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (recognitions); i++)
        if (g_strcmp0 (code, recognitions[i].code) == 0)
          return _(recognitions[i].label);
    }
  return code;
}

static void
add_qualification (EaStmt *stmt,
                   GPtrArray    *into)
{
  EaQualification *q = g_new0 (EaQualification, 1);

  q->id = _ea_stmt_column_int64 (stmt, 0);
  q->kind = g_strdup (label_of (_ea_stmt_column_text (stmt, 1), TRUE));
  q->title = dup_column (stmt, 2);
  q->country = dup_column (stmt, 3);
  q->year = _ea_stmt_column_int (stmt, 4);
  q->recognition = g_strdup (label_of (_ea_stmt_column_text (stmt, 5), FALSE));
  q->document_id = _ea_stmt_column_int64 (stmt, 6);
  g_ptr_array_add (into, q);
}

/* The person's own row: fields, labels of their codes, current bed and
 * household. Religion only for who may see special categories. */
static EaPersonFile *
read_person (EaSession  *session,
             EaStore    *store,
             gint64      person_id,
             GError    **error)
{
  g_autoptr(EaStmt) stmt = NULL;
  EaPersonFile *file;
  int rc;

  stmt = _ea_store_prepare (store,
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
    "WHERE p.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  rc = _ea_stmt_step (stmt);
  if (rc != EA_STMT_ROW)
    {
      if (rc == EA_STMT_DONE)
        g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                     _("There is no person no. %lld."), (long long) person_id);
      else
        _ea_store_set_error (store, error, _("Cannot read the person file"));
      return NULL;
    }

  file = g_new0 (EaPersonFile, 1);
  file->id = person_id;
  file->special_hidden = !ea_session_can (session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES);
  file->fields.family_name = dup_column (stmt, 0);
  file->fields.given_names = dup_column (stmt, 1);
  file->fields.birth_name = dup_column (stmt, 2);
  file->fields.birth_date = dup_column (stmt, 3);
  file->fields.birth_place = dup_column (stmt, 4);
  file->fields.gender = dup_column (stmt, 5);
  file->fields.marital_status = dup_column (stmt, 6);
  if (!file->special_hidden)
    {
      file->fields.religion = dup_column (stmt, 7);
      file->religion_label = dup_column (stmt, 17);
    }
  file->fields.residence_status = dup_column (stmt, 8);
  file->fields.platform_id = dup_column (stmt, 9);
  file->fields.azr_number = dup_column (stmt, 10);
  file->fields.bamf_file_number = dup_column (stmt, 11);
  file->fields.remark = dup_column (stmt, 12);
  file->status = dup_column (stmt, 13);
  file->status_label = dup_column (stmt, 14);
  file->gender_label = dup_column (stmt, 15);
  file->marital_label = dup_column (stmt, 16);
  file->residence_label = dup_column (stmt, 18);
  file->arrived_on = dup_column (stmt, 19);
  file->left_on = dup_column (stmt, 20);
  file->current_bed = dup_column (stmt, 21);
  file->household_id = _ea_stmt_column_int64 (stmt, 22);
  return file;
}

/* The lists of the file: nationalities, languages, protection needs (for
 * who may see special categories), household, stays and qualifications. */
static gboolean
read_lists (EaStore       *store,
            EaPersonFile  *file,
            GError       **error)
{
  gint64 person_id = file->id;

  file->nationalities = g_ptr_array_new_with_free_func ((GDestroyNotify) coded_value_free);
  file->languages = g_ptr_array_new_with_free_func ((GDestroyNotify) coded_value_free);
  file->vulnerabilities = g_ptr_array_new_with_free_func ((GDestroyNotify) coded_value_free);
  file->household = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  file->stays = g_ptr_array_new_with_free_func ((GDestroyNotify) stay_record_free);
  file->qualifications = g_ptr_array_new_with_free_func ((GDestroyNotify) qualification_free);

  return read_rows (store,
                    "SELECT n.code, coalesce (c.label, n.code), NULL FROM person_nationalities n "
                    "LEFT JOIN codes c ON c.list = 'nationality' AND c.code = n.code "
                    "WHERE n.person_id = ?1 ORDER BY n.position",
                    person_id, add_coded, file->nationalities, error) &&
         read_rows (store,
                    "SELECT l.code, coalesce (c.label, l.code), l.level FROM person_languages l "
                    "LEFT JOIN codes c ON c.list = 'language' AND c.code = l.code "
                    "WHERE l.person_id = ?1 ORDER BY l.level = 'M' DESC, c.position",
                    person_id, add_coded, file->languages, error) &&
         (file->special_hidden ||
          read_rows (store,
                     "SELECT v.code, coalesce (c.label, v.code), v.note "
                     "FROM person_vulnerabilities v "
                     "LEFT JOIN codes c ON c.list = 'vulnerability' AND c.code = v.code "
                     "WHERE v.person_id = ?1 ORDER BY c.position",
                     person_id, add_coded, file->vulnerabilities, error)) &&
         read_rows (store,
                    "SELECT p.id, p.family_name || coalesce (', ' || p.given_names, ''), "
                    "  coalesce (c.label, m.role), p.birth_date, p.status "
                    "FROM household_members m JOIN persons p ON p.id = m.person_id "
                    "LEFT JOIN codes c ON c.list = 'household_role' AND c.code = m.role "
                    "WHERE m.household_id = (SELECT household_id FROM household_members "
                    "                         WHERE person_id = ?1) "
                    "ORDER BY c.position, p.birth_date",
                    person_id, add_member, file->household, error) &&
         read_rows (store,
                    "SELECT f.name, u.name, r.name, b.label, s.from_date, s.until_date "
                    "FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r ON r.id = b.room_id "
                    "JOIN units u ON u.id = r.unit_id JOIN facilities f ON f.id = u.facility_id "
                    "WHERE s.person_id = ?1 ORDER BY s.from_date DESC",
                    person_id, add_stay, file->stays, error) &&
         read_rows (store,
                    "SELECT id, kind, title, country, coalesce (year, 0), recognition, "
                    "  coalesce (document_id, 0) FROM qualifications WHERE person_id = ?1 "
                    "ORDER BY year DESC, id",
                    person_id, add_qualification, file->qualifications, error);
}

/**
 * ea_person_file_load:
 * @session: a session with the right to see persons
 * @person_id: the person
 * @error: a #GError
 *
 * Reads the person's file and records the opening in the audit log.
 * Religion and protection needs are left out for roles that may not see
 * special categories.
 *
 * Returns: (transfer full): the file, or %NULL on a refusal
 */
EaPersonFile *
ea_person_file_load (EaSession  *session,
                     gint64      person_id,
                     GError    **error)
{
  g_autoptr(EaPersonFile) file = NULL;
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error) ||
      !_ea_person_check_scope (session, person_id, error))
    return NULL;
  store = ea_session_get_store (session);
  file = read_person (session, store, person_id, error);
  if (file == NULL || !read_lists (store, file, error))
    return NULL;

  /* DESIGN.md: every read of a person's file is logged. */
  if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "read", .object_type = "person",
                                                     .object_id = person_id,
                                                     .person_id = person_id }, error))
    return NULL;
  return g_steal_pointer (&file);
}

/* Validation: each message starts with the field it is about. */

static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *message)
{
  g_set_error (error, EA_ERROR, EA_ERROR_INVALID, "%s: %s", field, message);
  return FALSE;
}

static const char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

static gboolean
has_control_chars (const char *text)
{
  for (const char *c = text; c != NULL && *c != '\0'; c++)
    if ((guchar) *c < 0x20)
      return TRUE;
  return FALSE;
}

static gboolean
check_name (const char  *value,
            const char  *field,
            gboolean     required,
            GError     **error)
{
  if (nonempty (value) == NULL)
    return !required || invalid (error, field, _("please fill in."));
  if (!g_utf8_validate (value, -1, NULL) || has_control_chars (value))
    return invalid (error, field, _("contains characters that are not allowed."));
  if (g_utf8_strlen (value, -1) > MAX_NAME_LENGTH)
    return invalid (error, field, _("at most 100 characters."));
  return TRUE;
}

static gboolean
check_code (EaStore     *store,
            const char  *list,
            const char  *value,
            const char  *field,
            GError     **error)
{
  if (nonempty (value) == NULL)
    return TRUE;
  if (_ea_store_query_int (store, "SELECT 1 FROM codes WHERE list = ?1 AND code = ?2", "ss",
                           list, value) == 1)
    return TRUE;
  g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("%s: “%s” is not in the list."), field,
               value);
  return FALSE;
}

/* The fields, checked; @birth_iso gets the stored form of the birth date. */
static gboolean
validate (EaSession             *session,
          gint64                 person_id,
          const EaPersonFields  *f,
          char                 **birth_iso,
          GError               **error)
{
  EaStore *store = ea_session_get_store (session);
  g_autofree char *today = ea_clock_today ();
  g_autofree char *iso = NULL;
  int year = 0, month = 0, day = 0;

  if (!check_name (f->family_name, _("Family name"), TRUE, error) ||
      !check_name (f->given_names, _("Given names"), FALSE, error) ||
      !check_name (f->birth_name, _("Birth name"), FALSE, error) ||
      !check_name (f->birth_place, _("Place of birth"), FALSE, error) ||
      !check_name (f->bamf_file_number, _("BAMF file number"), FALSE, error) ||
      !check_name (f->platform_id, _("Platform id"), FALSE, error))
    return FALSE;
  if (f->remark != NULL && g_utf8_strlen (f->remark, -1) > 2000)
    return invalid (error, _("Remark"), _("at most 2,000 characters."));

  if (nonempty (f->birth_date) == NULL)
    return invalid (error, _("Birth date"), _("please fill in; write 00 for an unknown day or "
                                              "month (00.07.2019) or only the year (2019)."));
  iso = ea_partial_date_parse_input (f->birth_date);
  if (iso == NULL)
    return invalid (error, _("Birth date"), _("write it as DD.MM.YYYY, with 00 for an unknown "
                                              "day or month (00.07.2019), or only the year."));
  ea_partial_date_parse (iso, &year, &month, &day);
  if (year < 1900 || strcmp (iso, today) > 0)
    return invalid (error, _("Birth date"), _("lies in the future or before 1900."));

  if (nonempty (f->gender) == NULL)
    return invalid (error, _("Gender"), _("please choose."));
  if (!check_code (store, "gender", f->gender, _("Gender"), error) ||
      !check_code (store, "marital_status", f->marital_status, _("Marital status"), error) ||
      !check_code (store, "religion", f->religion, _("Religion"), error) ||
      !check_code (store, "residence_status", f->residence_status, _("Residence status"), error))
    return FALSE;

  if (nonempty (f->azr_number) != NULL)
    {
      gint64 other;

      if (strlen (f->azr_number) != 12 || strspn (f->azr_number, "0123456789") != 12)
        return invalid (error, _("AZR number"), _("an AZR number has 12 digits."));
      other = _ea_store_query_int (store, "SELECT id FROM persons WHERE azr_number = ?1", "s",
                                   f->azr_number);
      if (other != 0 && other != person_id)
        {
          g_set_error (error, EA_ERROR, EA_ERROR_EXISTS,
                       _("AZR number: %s belongs to person no. %lld already."),
                       f->azr_number, (long long) other);
          return FALSE;
        }
    }
  if (nonempty (f->platform_id) != NULL)
    {
      gint64 other = _ea_store_query_int (store, "SELECT id FROM persons WHERE platform_id = ?1",
                                          "s", f->platform_id);

      if (other != 0 && other != person_id)
        {
          g_set_error (error, EA_ERROR, EA_ERROR_EXISTS,
                       _("Platform id: %s belongs to person no. %lld already."),
                       f->platform_id, (long long) other);
          return FALSE;
        }
    }

  for (guint i = 0; i < EA_MAX_NATIONALITIES; i++)
    {
      if (!check_code (store, "nationality", f->nationalities[i], _("Nationality"), error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (nonempty (f->nationalities[i]) != NULL &&
            g_strcmp0 (f->nationalities[i], f->nationalities[j]) == 0)
          return invalid (error, _("Nationality"), _("named twice."));
    }

  if (nonempty (f->religion) != NULL &&
      !ea_session_check (session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES, 0, error))
    return FALSE;

  *birth_iso = g_steal_pointer (&iso);
  return TRUE;
}

static gboolean
write_nationalities (EaStore               *store,
                     gint64                 person_id,
                     const EaPersonFields  *f,
                     GError               **error)
{
  int position = 1;

  if (!_ea_store_exec_bound (store, "DELETE FROM person_nationalities WHERE person_id = ?1",
                             error, "i", person_id))
    return FALSE;
  for (guint i = 0; i < EA_MAX_NATIONALITIES; i++)
    if (nonempty (f->nationalities[i]) != NULL &&
        !_ea_store_exec_bound (store,
                               "INSERT INTO person_nationalities (person_id, position, code) "
                               "VALUES (?1, ?2, ?3)",
                               error, "iis", person_id, (gint64) position++,
                               f->nationalities[i]))
      return FALSE;
  return TRUE;
}

/* A change of a person's file, as _ea_change() runs it. */
typedef struct
{
  gint64                person_id;
  const EaPersonFields *fields;
  const char           *birth;
  const char           *search_text;
  const char           *sort_name;
  gboolean              special;   /* religion may be changed */
} PersonChange;

static void
record_update (EaAuditRecord *record,
               const char    *object_type,
               gint64         person_id)
{
  *record = (EaAuditRecord) { .action = "update", .object_type = object_type,
                              .object_id = person_id, .person_id = person_id };
}

static gboolean
create_change (EaSession     *session,
               gpointer       data,
               EaAuditRecord *record,
               GError       **error)
{
  PersonChange *c = data;
  const EaPersonFields *fields = c->fields;
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();

  if (!_ea_store_exec_bound (store,
        "INSERT INTO persons (platform_id, azr_number, bamf_file_number, family_name, "
        "  given_names, birth_name, birth_date, birth_place, gender, marital_status, religion, "
        "  residence_status, remark, status, search_text, sort_name, created_at, created_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'expected', ?14, ?15, "
        "  ?16, ?17)",
        error, "ssssssssssssssssi", nonempty (fields->platform_id),
        nonempty (fields->azr_number), nonempty (fields->bamf_file_number),
        fields->family_name, nonempty (fields->given_names), nonempty (fields->birth_name),
        c->birth, nonempty (fields->birth_place), fields->gender,
        nonempty (fields->marital_status), nonempty (fields->religion),
        nonempty (fields->residence_status), nonempty (fields->remark), c->search_text,
        c->sort_name, now, ea_session_get_user_id (session)))
    return FALSE;
  c->person_id = _ea_store_last_insert_id (store);
  *record = (EaAuditRecord) { .action = "create", .object_type = "person",
                              .object_id = c->person_id, .person_id = c->person_id };
  return write_nationalities (store, c->person_id, fields, error);
}

static gboolean
update_change (EaSession     *session,
               gpointer       data,
               EaAuditRecord *record,
               GError       **error)
{
  PersonChange *c = data;
  const EaPersonFields *fields = c->fields;
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();

  *record = (EaAuditRecord) { .action = "update", .object_type = "person",
                              .object_id = c->person_id, .person_id = c->person_id };
  return _ea_store_exec_bound (store,
        "UPDATE persons SET platform_id = ?2, azr_number = ?3, bamf_file_number = ?4, "
        "  family_name = ?5, given_names = ?6, birth_name = ?7, birth_date = ?8, "
        "  birth_place = ?9, gender = ?10, marital_status = ?11, "
        "  religion = CASE WHEN ?18 THEN ?12 ELSE religion END, residence_status = ?13, "
        "  remark = ?14, search_text = ?15, sort_name = ?16, updated_at = ?17, "
        "  updated_by = ?19 "
        "WHERE id = ?1",
        error, "issssssssssssssssii", c->person_id, nonempty (fields->platform_id),
        nonempty (fields->azr_number), nonempty (fields->bamf_file_number),
        fields->family_name, nonempty (fields->given_names), nonempty (fields->birth_name),
        c->birth, nonempty (fields->birth_place), fields->gender,
        nonempty (fields->marital_status), nonempty (fields->religion),
        nonempty (fields->residence_status), nonempty (fields->remark), c->search_text,
        c->sort_name, now, (gint64) c->special, ea_session_get_user_id (session)) &&
         write_nationalities (store, c->person_id, fields, error);
}

typedef struct
{
  gint64              person_id;
  const char * const *codes;
  const char * const *levels;
} ListChange;

static gboolean
languages_change (EaSession     *session,
                  gpointer       data,
                  EaAuditRecord *record,
                  GError       **error)
{
  ListChange *c = data;
  EaStore *store = ea_session_get_store (session);

  record_update (record, "languages", c->person_id);
  if (!_ea_store_exec_bound (store, "DELETE FROM person_languages WHERE person_id = ?1", error,
                             "i", c->person_id))
    return FALSE;
  for (guint i = 0; c->codes[i] != NULL; i++)
    if (!_ea_store_exec_bound (store,
                               "INSERT INTO person_languages (person_id, code, level) "
                               "VALUES (?1, ?2, ?3)", error, "iss", c->person_id, c->codes[i],
                               c->levels[i]))
      return FALSE;
  return TRUE;
}

static gboolean
vulnerabilities_change (EaSession     *session,
                        gpointer       data,
                        EaAuditRecord *record,
                        GError       **error)
{
  ListChange *c = data;
  EaStore *store = ea_session_get_store (session);

  record_update (record, "vulnerabilities", c->person_id);
  if (!_ea_store_exec_bound (store, "DELETE FROM person_vulnerabilities WHERE person_id = ?1",
                             error, "i", c->person_id))
    return FALSE;
  for (guint i = 0; c->codes[i] != NULL; i++)
    if (!_ea_store_exec_bound (store,
                               "INSERT INTO person_vulnerabilities (person_id, code) "
                               "VALUES (?1, ?2) ON CONFLICT DO NOTHING", error, "is", c->person_id, c->codes[i]))
      return FALSE;
  return TRUE;
}

typedef struct
{
  gint64      person_id;
  const char *kind;
  const char *title;
  const char *country;
  int         year;
  const char *recognition;
  gint64      document_id;
  gint64      id;
} QualificationChange;

static gboolean
add_qualification_change (EaSession     *session,
                          gpointer       data,
                          EaAuditRecord *record,
                          GError       **error)
{
  QualificationChange *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();

  record_update (record, "qualifications", c->person_id);
  if (!_ea_store_exec_bound (store,
                             "INSERT INTO qualifications (person_id, kind, title, country, year, "
                             "  recognition, document_id, created_at, created_by) "
                             "VALUES (?1, ?2, ?3, ?4, nullif (?5, 0), ?6, nullif (?7, 0), ?8, ?9)",
                             error, "isssisisi", c->person_id, c->kind, c->title,
                             nonempty (c->country), (gint64) c->year, c->recognition,
                             c->document_id, now, ea_session_get_user_id (session)))
    return FALSE;
  c->id = _ea_store_last_insert_id (store);
  return TRUE;
}

static gboolean
remove_qualification_change (EaSession     *session,
                             gpointer       data,
                             EaAuditRecord *record,
                             GError       **error)
{
  QualificationChange *c = data;

  record_update (record, "qualifications", c->person_id);
  return _ea_store_exec_bound (ea_session_get_store (session),
                               "DELETE FROM qualifications WHERE id = ?1", error, "i", c->id);
}

/**
 * ea_person_create:
 * @session: a session with the right to change persons
 * @fields: the person's data
 * @error: a #GError; a refused field is named first in the message
 *
 * Creates a person by hand, expected until given a bed.
 *
 * Returns: the new person's number, or 0 on a refusal
 */
gint64
ea_person_create (EaSession             *session,
                  const EaPersonFields  *fields,
                  GError               **error)
{
  g_autofree char *birth = NULL;
  g_autofree char *search_text = NULL;
  g_autofree char *sort_name = NULL;
  PersonChange change;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error) ||
      !validate (session, 0, fields, &birth, error))
    return 0;
  _ea_person_search_keys (fields->family_name, nonempty (fields->given_names),
                          nonempty (fields->birth_name), birth, nonempty (fields->azr_number),
                          nonempty (fields->platform_id), &search_text, &sort_name);
  change = (PersonChange) { .fields = fields, .birth = birth, .search_text = search_text,
                            .sort_name = sort_name };
  if (!_ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, create_change, &change, error))
    return 0;
  return change.person_id;
}

/**
 * ea_person_update:
 * @session: a session with the right to change persons
 * @person_id: the person
 * @fields: all of the person's data, as the form shows it
 * @error: a #GError; a refused field is named first in the message
 *
 * Religion is kept as it was when the session may not see special
 * categories.
 *
 * Returns: %FALSE on a refusal
 */
gboolean
ea_person_update (EaSession             *session,
                  gint64                 person_id,
                  const EaPersonFields  *fields,
                  GError               **error)
{
  g_autofree char *birth = NULL;
  g_autofree char *search_text = NULL;
  g_autofree char *sort_name = NULL;
  PersonChange change;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error) ||
      !_ea_person_check (session, person_id, error))
    return FALSE;
  if (!validate (session, person_id, fields, &birth, error))
    return FALSE;
  _ea_person_search_keys (fields->family_name, nonempty (fields->given_names),
                          nonempty (fields->birth_name), birth, nonempty (fields->azr_number),
                          nonempty (fields->platform_id), &search_text, &sort_name);
  change = (PersonChange) { .person_id = person_id, .fields = fields, .birth = birth,
                            .search_text = search_text, .sort_name = sort_name,
                            .special = ea_session_can (session,
                                                       EA_RIGHT_VIEW_SPECIAL_CATEGORIES) };
  return _ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, update_change, &change, error);
}

/**
 * ea_person_set_languages:
 * @session: a session with the right to change persons
 * @person_id: the person
 * @codes: (array zero-terminated=1): language codes of the code list
 * @levels: (array zero-terminated=1): for each, a CEFR level (A1 … C2) or
 *   "M" for the mother tongue
 * @error: a #GError
 *
 * Returns: %FALSE on a refusal; then the languages are as they were
 */
gboolean
ea_person_set_languages (EaSession           *session,
                         gint64               person_id,
                         const char * const  *codes,
                         const char * const  *levels,
                         GError             **error)
{
  static const char *known_levels[] = { "A1", "A2", "B1", "B2", "C1", "C2", "M", NULL };
  EaStore *store = ea_session_get_store (session);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (levels[i] == NULL || !g_strv_contains (known_levels, levels[i]))
        return invalid (error, _("Language"),
                        _("the level is A1, A2, B1, B2, C1, C2 or mother tongue."));
      if (!check_code (store, "language", codes[i], _("Language"), error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (g_str_equal (codes[i], codes[j]))
          return invalid (error, _("Language"), _("named twice."));
    }
  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error) ||
      !_ea_person_check (session, person_id, error))
    return FALSE;
  return _ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, languages_change,
                     &(ListChange) { person_id, codes, levels }, error);
}

/**
 * ea_person_set_vulnerabilities:
 * @session: a session that may see and change special categories
 * @person_id: the person
 * @codes: (array zero-terminated=1): Schutzbedarf codes of the code list
 * @error: a #GError
 *
 * Returns: %FALSE on a refusal; then the needs are as they were
 */
gboolean
ea_person_set_vulnerabilities (EaSession           *session,
                               gint64               person_id,
                               const char * const  *codes,
                               GError             **error)
{
  EaStore *store = ea_session_get_store (session);

  if (!ea_session_check (session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES, 0, error))
    return FALSE;
  for (guint i = 0; codes[i] != NULL; i++)
    if (!check_code (store, "vulnerability", codes[i], _("Protection need"), error))
      return FALSE;
  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error) ||
      !_ea_person_check (session, person_id, error))
    return FALSE;
  return _ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, vulnerabilities_change,
                     &(ListChange) { person_id, codes, NULL }, error);
}

/**
 * ea_person_add_qualification:
 * @session: a social worker's session
 * @person_id: the person
 * @kind: schule, ausbildung, studium, berufserfahrung, sprachkurs, sonstige
 * @title: what it is, "Schreiner (Gesellenbrief)"
 * @country: (nullable): where it was obtained
 * @year: the year, or 0
 * @recognition: keine, beantragt, teilweise, voll, abgelehnt
 * @document_id: the proving document of the person, or 0
 * @error: a #GError
 *
 * Returns: the qualification's number, or 0 on a refusal
 */
gint64
ea_person_add_qualification (EaSession   *session,
                             gint64       person_id,
                             const char  *kind,
                             const char  *title,
                             const char  *country,
                             int          year,
                             const char  *recognition,
                             gint64       document_id,
                             GError     **error)
{
  EaStore *store = ea_session_get_store (session);
  gboolean known_kind = FALSE, known_recognition = FALSE;
  QualificationChange change;

  for (guint i = 0; i < G_N_ELEMENTS (qualification_kinds); i++)
    known_kind |= g_strcmp0 (kind, qualification_kinds[i].code) == 0;
  for (guint i = 0; i < G_N_ELEMENTS (recognitions); i++)
    known_recognition |= g_strcmp0 (recognition, recognitions[i].code) == 0;
  if (!known_kind)
    return invalid (error, _("Kind"), _("please choose.")), 0;
  if (!check_name (title, _("Title"), TRUE, error))
    return 0;
  if (year != 0 && (year < 1900 || year > 2100))
    return invalid (error, _("Year"), _("a year between 1900 and 2100.")), 0;
  if (!known_recognition)
    return invalid (error, _("Recognition"), _("please choose.")), 0;
  if (document_id != 0 &&
      _ea_store_lookup_id (store, "SELECT person_id FROM documents WHERE id = ?1",
                           document_id) != person_id)
    return invalid (error, _("Document"), _("not a document of this person.")), 0;

  if (!ea_session_check (session, EA_RIGHT_EDIT_DOCUMENTS, 0, error) ||
      !_ea_person_check (session, person_id, error))
    return 0;
  change = (QualificationChange) { .person_id = person_id, .kind = kind, .title = title,
                                   .country = country, .year = year,
                                   .recognition = recognition, .document_id = document_id };
  if (!_ea_change (session, EA_RIGHT_EDIT_DOCUMENTS, 0, add_qualification_change, &change,
                   error))
    return 0;
  return change.id;
}

gboolean
ea_person_remove_qualification (EaSession  *session,
                                gint64      qualification_id,
                                GError    **error)
{
  EaStore *store = ea_session_get_store (session);
  gint64 person_id = _ea_store_lookup_id (store,
                                          "SELECT person_id FROM qualifications WHERE id = ?1",
                                          qualification_id);

  if (!ea_session_check (session, EA_RIGHT_EDIT_DOCUMENTS, 0, error))
    return FALSE;
  if (person_id == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("The qualification has been removed already."));
      return FALSE;
    }
  if (!_ea_person_check (session, person_id, error))
    return FALSE;
  return _ea_change (session, EA_RIGHT_EDIT_DOCUMENTS, 0, remove_qualification_change,
                     &(QualificationChange) { .person_id = person_id,
                                              .id = qualification_id },
                     error);
}

/**
 * ea_codes_list:
 * @session: a session
 * @list: a code list: nationality, language, vulnerability, …
 * @codes: (out) (transfer full): the codes, in the list's order
 * @labels: (out) (transfer full): their German labels
 * @error: a #GError
 *
 * Returns: %FALSE when the list cannot be read
 */
gboolean
ea_codes_list (EaSession   *session,
               const char  *list,
               GStrv       *codes,
               GStrv       *labels,
               GError     **error)
{
  EaStore *store = ea_session_get_store (session);
  g_autoptr(EaStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) code_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) label_builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  stmt = _ea_store_prepare (store, "SELECT code, label FROM codes WHERE list = ?1 "
                                   "ORDER BY position, label", error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text_copy (stmt, 1, list, -1);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      g_strv_builder_add (code_builder, _ea_stmt_column_text (stmt, 0));
      g_strv_builder_add (label_builder, _ea_stmt_column_text (stmt, 1));
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the code list"));
  *codes = g_strv_builder_end (code_builder);
  *labels = g_strv_builder_end (label_builder);
  return TRUE;
}
