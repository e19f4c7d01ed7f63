/* SPDX-License-Identifier: EUPL-1.2 */
/* The arrivals feed: a Zuweisungsliste 1.0 (docs/feed/) read as a
 * stream with libxml2's xmlTextReader and validated against its XSD,
 * which is compiled into the program. The feed is untrusted: no DTD, no
 * entities, no network, bounded size, depth and text. A document that is
 * not well-formed, not this schema or for another AGS is refused whole;
 * otherwise each transfer is applied as it is read, the invalid persons
 * are rejected with their line, field and reason, and the whole import
 * is one transaction: all of it is stored, or (refused, dry run, crash)
 * none of it. The raw message is archived unchanged in the document
 * store and the run is recorded with its counts and messages. */
#include "config.h"

#include "ea-import.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <fcntl.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <unistd.h>
#include <string.h>

#include "ea-audit-private.h"
#include "ea-clock.h"
#include "ea-documents-private.h"
#include "ea-error.h"
#include "ea-feed-resources.h"
#include "ea-import-private.h"
#include "ea-import-sql-private.h"
#include "ea-person-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"
#include "ea-text.h"
#include "ea-xlsx-private.h"
#include "ea-xml-guard-private.h"

/* A statement of the import, compiled at its first use. */
EaStmt *
_ea_import_cached (Import        *im,
                   EaStmt **slot,
                   const char    *sql,
                   GError       **error)
{
  if (*slot == NULL)
    *slot = _ea_store_prepare (im->store, sql, error);
  else
    {
      _ea_stmt_reset (*slot);
      _ea_stmt_clear_bindings (*slot);
    }
  return *slot;
}

void
_ea_import_issue_free (EaImportIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->person_id);
  g_free (issue->field);
  g_free (issue->message);
  g_free (issue);
}

EaImportIssue *
_ea_import_issue_new (guint       line,
                      const char *person_id,
                      const char *field,
                      const char *message)
{
  EaImportIssue *issue = g_new0 (EaImportIssue, 1);

  issue->line = line;
  issue->person_id = g_strdup (person_id);
  issue->field = g_strdup (field);
  issue->message = g_strdup (message);
  return issue;
}

/* "Family name, given names", as lists show a person. */
char *
_ea_import_join_name (const char *family_name,
                      const char *given_names)
{
  if (given_names != NULL && given_names[0] != '\0')
    return g_strdup_printf ("%s, %s", family_name != NULL ? family_name : "", given_names);
  return g_strdup (family_name != NULL ? family_name : "");
}

static void
change_free (EaImportChange *change)
{
  g_free (change->person_id);
  g_free (change->name);
  g_free (change);
}

void
_ea_import_add_change (EaImportResult     *result,
                       EaImportChangeKind  kind,
                       guint               line,
                       const char         *person_id,
                       const char         *family_name,
                       const char         *given_names)
{
  EaImportChange *change = g_new0 (EaImportChange, 1);

  change->kind = kind;
  change->line = line;
  change->person_id = g_strdup (person_id);
  change->name = _ea_import_join_name (family_name, given_names);
  g_ptr_array_add (result->changes, change);
}

void
ea_import_result_free (EaImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->source);
  g_free (result->message_id);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_clear_pointer (&result->changes, g_ptr_array_unref);
  g_free (result);
}

static void
language_clear (Language *language)
{
  g_free (language->code);
  g_free (language->level);
}

void
_ea_import_person_free (Person *p)
{
  char **fields[] = {
    &p->household, &p->person_id, &p->azr, &p->bamf, &p->family_name, &p->given_names,
    &p->birth_name, &p->birth_date, &p->birth_place, &p->birth_country, &p->gender,
    &p->marital_status, &p->religion, &p->role, &p->residence_status, &p->schooling,
    &p->profession, &p->remark, &p->arrival, &p->transfer,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_free (*fields[i]);
  g_ptr_array_unref (p->nationalities);
  g_array_unref (p->languages);
  g_ptr_array_unref (p->needs);
  g_ptr_array_unref (p->errors);
  g_free (p);
}

Person *
_ea_import_person_new (guint       line,
                       const char *household)
{
  Person *p = g_new0 (Person, 1);

  p->line = line;
  p->household = g_strdup (household);
  p->nationalities = g_ptr_array_new_with_free_func (g_free);
  p->languages = g_array_new (FALSE, TRUE, sizeof (Language));
  g_array_set_clear_func (p->languages, (GDestroyNotify) language_clear);
  p->needs = g_ptr_array_new_with_free_func (g_free);
  p->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_import_issue_free);
  return p;
}

void
_ea_import_set_field (char       **field,
                      const char  *text)
{
  g_free (*field);
  *field = text[0] != '\0' ? g_strdup (text) : NULL;
}

void
_ea_import_transfer_free (Transfer *t)
{
  if (t == NULL)
    return;
  g_free (t->id);
  g_free (t->decided_on);
  g_free (t->arrival_on);
  g_free (t->origin_id);
  g_free (t->origin_name);
  g_ptr_array_unref (t->persons);
  g_ptr_array_unref (t->errors);
  g_free (t);
}

/* Messages */

static JsonNode *
issues_json (GPtrArray *issues)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < issues->len; i++)
    {
      EaImportIssue *issue = g_ptr_array_index (issues, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, issue->line);
      if (issue->person_id != NULL)
        {
          json_builder_set_member_name (b, "person_id");
          json_builder_add_string_value (b, issue->person_id);
        }
      if (issue->field != NULL)
        {
          json_builder_set_member_name (b, "field");
          json_builder_add_string_value (b, issue->field);
        }
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, issue->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static gboolean
finish_run (Import  *im,
            GError **error)
{
  EaImportResult *r = im->result;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) g = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *finished = ea_clock_timestamp ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_add_value (b, issues_json (r->warnings));
  json_builder_set_member_name (b, "errors");
  json_builder_add_value (b, issues_json (r->errors));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (g, root);
  messages = json_generator_to_data (g, NULL);
  detail = g_strdup_printf ("message %lld: %u new, %u changed, %u unchanged, %u cancelled, "
                            "%u rejected, %u to review", (long long) r->sequence, r->created,
                            r->updated, r->unchanged, r->cancelled, r->rejected,
                            r->duplicates_to_review);
  return _ea_store_exec_bound (im->store, _ea_import_sql.finish_run, error, "issiiiiiis",
                               r->run_id, finished,
                               r->rejected > 0 || r->duplicates_to_review > 0 ? "partial" : "done",
                               (gint64) r->created, (gint64) r->updated, (gint64) r->unchanged,
                               (gint64) r->cancelled, (gint64) r->rejected,
                               (gint64) r->duplicates_to_review, messages) &&
         _ea_audit_append (im->store, im->user_id, &(EaAuditRecord) { .action = "import",
                                                                      .object_type = "import-run",
                                                                      .object_id = r->run_id,
                                                                      .detail = detail }, error);
}

void
_ea_import_clear (Import *im)
{
  g_free (im->ags);
  g_free (im->today);
  g_free (im->now);
  g_free (im->raw_sha);
  g_clear_pointer (&im->header_errors, g_ptr_array_unref);
  g_clear_error (&im->failure);
  g_free (im->refusal);
  g_clear_pointer (&im->path, g_ptr_array_unref);
  if (im->text != NULL)
    g_string_free (im->text, TRUE);
  g_free (im->msg_id);
  g_free (im->msg_sequence);
  g_free (im->msg_ags);
  g_clear_pointer (&im->transfer, _ea_import_transfer_free);
  g_clear_pointer (&im->finished, _ea_import_transfer_free);
  g_clear_pointer (&im->person, _ea_import_person_free);
  g_free (im->household);
  g_clear_pointer (&im->codes, g_hash_table_unref);
  g_clear_pointer (&im->dropped, g_array_unref);
  g_clear_pointer (&im->lists_stmt, _ea_stmt_free);
  for (guint i = 0; i < G_N_ELEMENTS (im->twins_stmts); i++)
    g_clear_pointer (&im->twins_stmts[i], _ea_stmt_free);
}

/* A result with its lists, and an import's state for @session. */
EaImportResult *
_ea_import_result_new (const char *source,
                       gboolean    dry_run)
{
  EaImportResult *result = g_new0 (EaImportResult, 1);

  result->source = g_strdup (source);
  result->dry_run = dry_run;
  result->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_import_issue_free);
  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_import_issue_free);
  result->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  return result;
}

void
_ea_import_init (Import         *im,
                 EaSession      *session,
                 EaImportResult *result)
{
  im->session = session;
  im->store = ea_session_get_store (session);
  im->result = result;
  im->user_id = ea_session_get_user_id (session);
  im->today = ea_clock_today ();
  im->now = ea_clock_timestamp ();
  im->dropped = g_array_new (FALSE, FALSE, sizeof (gint64));
}


/* An import of @path read by @read, in one transaction. */
EaImportResult *
_ea_import_run (EaSession   *session,
                const char  *path,
                const char  *source,
                const char  *kind,
                const char  *mime_type,
                ReadFunc     read,
                gboolean     dry_run,
                EaImportProgressFunc progress,
                gpointer     progress_data,
                GCancellable *cancellable,
                GError     **error)
{
  g_autoptr(EaImportResult) result = NULL;
  Import im = { 0 };
  GStatBuf info;
  gboolean ok, stored_now = FALSE;
  gint64 size = 0;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_IMPORT, 0, error) ||
      !_ea_store_check_regular_file (path, error))
    return NULL;
  if (g_stat (path, &info) != 0)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("Cannot read “%s”: %s."), name,
                   g_strerror (errno));
      return NULL;
    }
  if ((gint64) info.st_size > MAX_BYTES)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("The file is larger than 512 MB, more than a Zuweisungsliste can be."));
      return NULL;
    }

  result = _ea_import_result_new (source != NULL ? source : path, dry_run);
  _ea_import_init (&im, session, result);
  im.kind = kind;
  im.ags = _ea_store_dup_setting (im.store, "ags");
  im.header_errors = g_ptr_array_new_with_free_func ((GDestroyNotify) _ea_import_issue_free);
  im.path = g_ptr_array_new_with_free_func (g_free);
  im.text = g_string_new (NULL);
  im.progress = progress;
  im.progress_data = progress_data;
  im.cancellable = cancellable;
  im.size = (gint64) info.st_size;
  im.permille = -1;

  /* Other imports wait for this one; the seats' changes do not. */
  if (!_ea_import_load_codes (&im, error) ||
      !_ea_store_begin_all_locking (im.store, EA_STORE_LOCK_IMPORT, error))
    {
      _ea_import_clear (&im);
      return NULL;
    }
  /* The raw message, archived unchanged, inside the transaction: a kill
   * leaves at most a file that no blob names, and ea_maintenance_check ()
   * finds it. */
  im.raw_sha = _ea_documents_store_file (im.store, path, &size, &stored_now, error);
  ok = im.raw_sha != NULL &&
       _ea_store_exec_bound (im.store, _ea_import_sql.insert_blob, error, "siss", im.raw_sha,
                             size, mime_type, im.now) &&
       read (&im, path, error);
  if (ok && im.refusal != NULL)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, im.refusal);
      ok = FALSE;
    }
  for (guint i = 0; ok && im.refusal == NULL && i < im.dropped->len; i++)
    ok = _ea_import_no_longer_expected (&im, g_array_index (im.dropped, gint64, i), error);
  if (ok && result->run_id != 0)
    ok = finish_run (&im, error);
  if (!ok || dry_run || result->repeated)
    {
      /* Refused, a dry run or nothing new: the database stays as it was. */
      _ea_store_end_all (im.store, FALSE, NULL);
      if (stored_now && im.raw_sha != NULL)
        _ea_documents_remove_blob (im.store, im.raw_sha);
      if (ok && dry_run)
        result->run_id = 0;
    }
  else if (!_ea_store_end_all (im.store, TRUE, error))
    ok = FALSE;
  if (ok && progress != NULL && im.permille != 1000)
    progress (1.0, progress_data);
  _ea_import_clear (&im);
  return ok ? g_steal_pointer (&result) : NULL;
}

/**
 * ea_import_list_file:
 * @session: an administrator's session (the right to import)
 * @path: a CSV list or an XLSX workbook (.xlsx) with a header row
 * @dry_run: %TRUE to report what would change and change nothing
 * @error: a #GError: why the list is refused as a whole
 *
 * Imports a spreadsheet list as the state platform's feed would bring the
 * same persons: the German headers of the feed README are recognised,
 * German dates and country names understood; each row that cannot be
 * read is rejected with its line and column.
 *
 * Returns: (transfer full): the result, or %NULL when the list is refused
 *   as a whole; nothing is changed then
 */
EaImportResult *
ea_import_list_file (EaSession   *session,
                     const char  *path,
                     gboolean     dry_run,
                     GError     **error)
{
  return _ea_import_list (session, path, dry_run, NULL, NULL, NULL, error);
}

/**
 * ea_import_file:
 * @session: an administrator's session (the right to import)
 * @path: a Zuweisungsliste (.xml) or a list (.csv, .xlsx)
 * @dry_run: %TRUE to report what would change and change nothing
 * @progress: (nullable) (scope call): told the share done (0 to 1), in
 *   the calling thread, at most a thousand times
 * @progress_data: for @progress
 * @cancellable: (nullable): stops the import; nothing is changed then
 * @error: a #GError: why the file is refused as a whole, or
 *   %G_IO_ERROR_CANCELLED
 *
 * Imports a file of any kind the import knows, by its name; for work in
 * another thread, on a session of its own (ea_session_open_copy()).
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
EaImportResult *
ea_import_file (EaSession            *session,
                const char           *path,
                gboolean              dry_run,
                EaImportProgressFunc  progress,
                gpointer              progress_data,
                GCancellable         *cancellable,
                GError              **error)
{
  if (ea_import_is_list (path))
    return _ea_import_list (session, path, dry_run, progress, progress_data, cancellable, error);
  return _ea_import_run (session, path, NULL, "xml", "application/xml", _ea_import_read_feed,
                         dry_run, progress, progress_data, cancellable, error);
}

/**
 * ea_import_is_workbook:
 * @path: a file name
 *
 * Returns: whether @path names an XLSX workbook (by its extension)
 */
gboolean
ea_import_is_workbook (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".xlsx");
}

/**
 * ea_import_is_list:
 * @path: a file name
 *
 * Returns: whether @path names a spreadsheet list (CSV or XLSX), which
 *   ea_import_list_file() reads, rather than a Zuweisungsliste
 */
gboolean
ea_import_is_list (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".xlsx");
}

/**
 * ea_import_xml_file:
 * @session: an administrator's session (the right to import)
 * @path: a Zuweisungsliste 1.0
 * @dry_run: %TRUE to report what would change and change nothing
 * @error: a #GError: why the document is refused as a whole
 *
 * Imports the message in one transaction. Invalid persons do not sink
 * it: they are in the result's errors, with line, person id, field and
 * reason. A message imported before changes nothing.
 *
 * Returns: (transfer full): the result, or %NULL when the document is
 *   refused as a whole; nothing is changed then
 */
EaImportResult *
ea_import_xml_file (EaSession   *session,
                    const char  *path,
                    gboolean     dry_run,
                    GError     **error)
{
  return _ea_import_run (session, path, NULL, "xml", "application/xml", _ea_import_read_feed,
                         dry_run, NULL, NULL, NULL, error);
}

/**
 * _ea_import_platform_answer:
 * @session: an administrator's session
 * @path: the platform's answer, kept in a file
 * @source: the address it came from, recorded as the run's source
 * @dry_run: report only
 * @cancellable: (nullable): stops the import; nothing is changed then
 * @error: a #GError
 *
 * Imports the platform's answer as a Zuweisungsliste recorded as a
 * platform run.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
EaImportResult *
_ea_import_platform_answer (EaSession     *session,
                            const char    *path,
                            const char    *source,
                            gboolean       dry_run,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return _ea_import_run (session, path, source, "platform", "application/xml", _ea_import_read_feed,
                         dry_run, NULL, NULL, cancellable, error);
}
