/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-person-edit"

/* Writing a person's own data by hand: creating and updating the person,
 * their languages, protection needs and qualifications, each as one
 * audited change (_ea_change()) after a validation that names the field.
 * Reading the file is in ea-person-file.c. */
#include "config.h"

#include "ea-person-file-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-person-private.h"
#include "ea-persons-sql-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

#define MAX_NAME_LENGTH 100

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
  if (_ea_store_query_int (store, _ea_persons_sql.code_known, "ss", list, value) == 1)
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
      other = _ea_store_query_int (store, _ea_persons_sql.person_with_azr_number, "s",
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
      gint64 other = _ea_store_query_int (store, _ea_persons_sql.person_with_platform_id,
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

  if (!_ea_store_exec_bound (store, _ea_persons_sql.delete_nationalities, error, "i",
                             person_id))
    return FALSE;
  for (guint i = 0; i < EA_MAX_NATIONALITIES; i++)
    if (nonempty (f->nationalities[i]) != NULL &&
        !_ea_store_exec_bound (store, _ea_persons_sql.insert_nationality,
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

  if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_person,
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
  return _ea_store_exec_bound (store, _ea_persons_sql.update_person,
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
  if (!_ea_store_exec_bound (store, _ea_persons_sql.delete_languages, error,
                             "i", c->person_id))
    return FALSE;
  for (guint i = 0; c->codes[i] != NULL; i++)
    if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_language, error, "iss",
                               c->person_id, c->codes[i], c->levels[i]))
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
  if (!_ea_store_exec_bound (store, _ea_persons_sql.delete_vulnerabilities,
                             error, "i", c->person_id))
    return FALSE;
  for (guint i = 0; c->codes[i] != NULL; i++)
    if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_vulnerability, error, "is",
                               c->person_id, c->codes[i]))
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
  if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_qualification,
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
                               _ea_persons_sql.delete_qualification, error, "i", c->id);
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
  QualificationChange change;

  if (!_ea_person_qualification_known (kind, TRUE))
    return invalid (error, _("Kind"), _("please choose.")), 0;
  if (!check_name (title, _("Title"), TRUE, error))
    return 0;
  if (year != 0 && (year < 1900 || year > 2100))
    return invalid (error, _("Year"), _("a year between 1900 and 2100.")), 0;
  if (!_ea_person_qualification_known (recognition, FALSE))
    return invalid (error, _("Recognition"), _("please choose.")), 0;
  if (document_id != 0 &&
      _ea_store_lookup_id (store, _ea_persons_sql.document_person, document_id) != person_id)
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
  gint64 person_id = _ea_store_lookup_id (store, _ea_persons_sql.qualification_person,
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
