/* SPDX-License-Identifier: EUPL-1.2 */
/* The person file (E-Akte): reading everything the page shows, as far as
 * the reader's roles allow, with every opening in the audit log. Writing
 * a person's own data by hand is in ea-person-edit.c. */
#include "config.h"

#include "ea-person-file-private.h"

#include <glib/gi18n-lib.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-persons-sql-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"

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
  g_autofree char *sql = NULL;
  g_autofree char *today = NULL;

  if (facilities == NULL || ea_session_can (session, EA_RIGHT_EDIT_STAYS))
    return TRUE;
  today = ea_clock_today ();
  sql = _ea_persons_sql_person_in_scope (facilities);
  if (_ea_store_query_int (ea_session_get_store (session), sql, "is", person_id,
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
  if (_ea_store_lookup_id (ea_session_get_store (session), _ea_persons_sql.person_exists,
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

/**
 * _ea_person_qualification_known:
 * @code: (nullable): a code
 * @kind: %TRUE for a kind of qualification, %FALSE for a state of its
 *   recognition
 *
 * The codes ea_person_add_qualification() accepts are those the file
 * has labels for.
 *
 * Returns: whether @code is one of them
 */
gboolean
_ea_person_qualification_known (const char *code,
                                gboolean    kind)
{
  if (kind)
    {
      for (guint i = 0; i < G_N_ELEMENTS (qualification_kinds); i++)
        if (g_strcmp0 (code, qualification_kinds[i].code) == 0)
          return TRUE;
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (recognitions); i++)
        if (g_strcmp0 (code, recognitions[i].code) == 0)
          return TRUE;
    }
  return FALSE;
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

  stmt = _ea_store_prepare (store, _ea_persons_sql.file_person, error);
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

  return read_rows (store, _ea_persons_sql.file_nationalities,
                    person_id, add_coded, file->nationalities, error) &&
         read_rows (store, _ea_persons_sql.file_languages,
                    person_id, add_coded, file->languages, error) &&
         (file->special_hidden ||
          read_rows (store, _ea_persons_sql.file_vulnerabilities,
                     person_id, add_coded, file->vulnerabilities, error)) &&
         read_rows (store, _ea_persons_sql.file_household,
                    person_id, add_member, file->household, error) &&
         read_rows (store, _ea_persons_sql.file_stays,
                    person_id, add_stay, file->stays, error) &&
         read_rows (store, _ea_persons_sql.file_qualifications,
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

  stmt = _ea_store_prepare (store, _ea_persons_sql.codes_of_list, error);
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
