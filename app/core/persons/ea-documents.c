/* SPDX-License-Identifier: EUPL-1.2 */
/* Documents of a person: the file is kept once in the content-addressed
 * store beside the database (documents/ab/cdef…, named by its SHA-256),
 * owner-only; the database holds what it is (category, title, dates) and
 * its text for search: the PDF's text layer, and for scans the text that
 * tesseract recognises (German and English), found in the background.
 * What is in a file (its type, whether it decodes, its text) is read in
 * ea-document-content.c. */
#include "config.h"

#include "ea-documents-private.h"
#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-documents.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ea-clock.h"
#include "ea-error.h"
#include "ea-person-file-private.h"
#include "ea-persons-sql-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

void
ea_document_free (EaDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->person_name);
  g_free (document->sha256);
  g_free (document->filename);
  g_free (document->mime_type);
  g_free (document->category);
  g_free (document->category_label);
  g_free (document->title);
  g_free (document->issued_on);
  g_free (document->expires_on);
  g_free (document->text_state);
  g_free (document->added_at);
  g_free (document);
}

static EaDocument *
document_from_row (EaStmt *stmt)
{
  EaDocument *document = g_new0 (EaDocument, 1);

  document->id = _ea_stmt_column_int64 (stmt, 0);
  document->person_id = _ea_stmt_column_int64 (stmt, 1);
  document->sha256 = g_strdup (_ea_stmt_column_text (stmt, 2));
  document->filename = g_strdup (_ea_stmt_column_text (stmt, 3));
  document->mime_type = g_strdup (_ea_stmt_column_text (stmt, 4));
  document->category = g_strdup (_ea_stmt_column_text (stmt, 5));
  document->category_label = g_strdup (_ea_stmt_column_text (stmt, 6));
  document->title = g_strdup (_ea_stmt_column_text (stmt, 7));
  document->issued_on = g_strdup (_ea_stmt_column_text (stmt, 8));
  document->expires_on = g_strdup (_ea_stmt_column_text (stmt, 9));
  document->page_count = _ea_stmt_column_int (stmt, 10);
  document->text_state = g_strdup (_ea_stmt_column_text (stmt, 11));
  document->added_at = g_strdup (_ea_stmt_column_text (stmt, 12));
  document->person_name = g_strdup (_ea_stmt_column_text (stmt, 13));
  return document;
}

static GPtrArray *
read_documents (EaStore     *store,
                const char  *sql,
                const char  *types,
                gint64       id,
                const char  *text,
                GError     **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) documents = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (types[0] == 'i')
    _ea_stmt_bind_int64 (stmt, 1, id);
  else
    _ea_stmt_bind_text_copy (stmt, 1, text, -1);
  documents = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_document_free);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    g_ptr_array_add (documents, document_from_row (stmt));
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the documents")), NULL;
  return g_steal_pointer (&documents);
}

/**
 * _ea_documents_store_file:
 * @store: the store
 * @path: any file, such as a raw import message
 * @size: (out): its size in bytes
 * @stored_now: (out): whether it was kept now (not there before)
 * @error: a #GError
 *
 * Keeps the file unchanged in the document store under its SHA-256,
 * inside the caller's transaction. The caller records it in `blobs`, and
 * calls _ea_documents_remove_blob() for a file kept now when its change
 * is rolled back.
 *
 * Returns: (transfer full): the SHA-256, or %NULL on failure
 */
char *
_ea_documents_store_file (EaStore     *store,
                          const char  *path,
                          gint64      *size,
                          gboolean    *stored_now,
                          GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = g_malloc (64 * 1024);
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *sha = NULL;
  FILE *file = NULL;
  gsize n;
  int stored;

  if (!_ea_store_check_regular_file (path, error))
    return NULL;
  file = fopen (path, "rb");
  if (file == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("Cannot read “%s”: %s."), name,
                   g_strerror (errno));
      return NULL;
    }
  *size = 0;
  while ((n = fread (buffer, 1, 64 * 1024, file)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      *size += n;
    }
  fclose (file);
  sha = g_strdup (g_checksum_get_string (checksum));
  stored = _ea_store_blob_put (store, path, sha, error);
  if (stored < 0)
    return NULL;
  *stored_now = stored == 1;
  return g_steal_pointer (&sha);
}

void
_ea_documents_remove_blob (EaStore    *store,
                           const char *sha)
{
  _ea_store_blob_discard (store, sha);
}

static gboolean
check_date (const char  *text,
            const char  *field,
            char       **iso,
            GError     **error)
{
  *iso = NULL;
  if (text == NULL || text[0] == '\0')
    return TRUE;
  *iso = ea_date_parse_input (text);
  if (*iso == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("%s: write it as DD.MM.YYYY."), field);
      return FALSE;
    }
  return TRUE;
}

static gboolean
may_see_category (EaSession  *session,
                  const char *category)
{
  return g_strcmp0 (category, EA_DOCUMENT_HEALTH) != 0 ||
         ea_session_can (session, EA_RIGHT_VIEW_HEALTH_DOCUMENTS);
}

typedef struct
{
  gint64      person_id;
  const char *path;
  const char *sha;
  gint64      size;
  const char *mime_type;
  const char *filename;
  const char *category;
  const char *title;
  const char *issued;
  const char *expires;
  gint64      pages;
  int         stored;   /* 1 when this change put the file into the store */
  gint64      id;
} DocumentChange;

/* The file is stored inside the transaction: what the write lock holds
 * no orphan cleanup (ea_maintenance_remove_orphans ()) can take. */
static gboolean
add_document_change (EaSession     *session,
                     gpointer       data,
                     EaAuditRecord *record,
                     GError       **error)
{
  DocumentChange *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();
  int stored = _ea_store_blob_put (store, c->path, c->sha, error);

  if (stored < 0)
    return FALSE;
  c->stored = MAX (c->stored, stored);
  if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_blob,
                             error, "siss", c->sha, c->size, c->mime_type, now) ||
      !_ea_store_exec_bound (store, _ea_persons_sql.insert_document,
                             error, "issssssisi", c->person_id, c->sha, c->filename,
                             c->category, c->title, c->issued, c->expires, c->pages, now,
                             ea_session_get_user_id (session)))
    return FALSE;
  c->id = _ea_store_last_insert_id (store);
  *record = (EaAuditRecord) { .action = "create", .object_type = "document",
                              .object_id = c->id, .person_id = c->person_id };
  return TRUE;
}

/**
 * ea_document_add:
 * @session: a social worker's session
 * @person_id: whose document it is
 * @path: the file: PDF, JPEG, PNG or TIFF, at most 200 MB
 * @category: ausweis, aufenthaltsdokument, zeugnis, berufsnachweis,
 *   bescheid, gesundheit or sonstiges
 * @title: what it is, "Reisepass"
 * @issued_on: (nullable): the day it was issued
 * @expires_on: (nullable): the day it expires (passports, permits)
 * @error: a #GError
 *
 * Stores the file once by its content; the same file added again (for
 * another person of the family, say) is not stored twice. Its text is
 * found later by ea_document_extract_text().
 *
 * Returns: the document's number, or 0 on a refusal; then nothing is kept
 */
gint64
ea_document_add (EaSession   *session,
                 gint64       person_id,
                 const char  *path,
                 const char  *category,
                 const char  *title,
                 const char  *issued_on,
                 const char  *expires_on,
                 GError     **error)
{
  EaStore *store;
  g_autofree char *sha = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *clean_title = g_strstrip (g_strdup (title != NULL ? title : ""));
  const char *mime_type = NULL;
  gint64 size = 0, pages = 1;
  DocumentChange change;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);
  g_return_val_if_fail (path != NULL, 0);

  if (!ea_session_check (session, EA_RIGHT_EDIT_DOCUMENTS, 0, error) ||
      !_ea_person_check (session, person_id, error))
    return 0;
  store = ea_session_get_store (session);
  if (category == NULL || g_str_equal (category, "zuweisung") ||
      _ea_store_query_int (store, _ea_persons_sql.document_category_known, "s",
                           category) != 1)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, _("Category: please choose."));
      return 0;
    }
  if (clean_title[0] == '\0' || g_utf8_strlen (clean_title, -1) > 200)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("Title: please name the document (at most 200 characters)."));
      return 0;
    }
  if (!check_date (issued_on, _("Issued on"), &issued, error) ||
      !check_date (expires_on, _("Valid until"), &expires, error))
    return 0;
  if (issued != NULL && expires != NULL && strcmp (expires, issued) < 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("Valid until: lies before the day of issue."));
      return 0;
    }
  if (!_ea_documents_examine_file (path, &sha, &size, &mime_type, &pages, error))
    return 0;

  filename = g_path_get_basename (path);
  change = (DocumentChange) { .person_id = person_id, .path = path, .sha = sha, .size = size,
                              .mime_type = mime_type, .filename = filename,
                              .category = category, .title = clean_title, .issued = issued,
                              .expires = expires, .pages = pages };
  if (_ea_change (session, EA_RIGHT_EDIT_DOCUMENTS, 0, add_document_change, &change, error))
    return change.id;
  /* A file this change stored, no document refers to now. */
  if (change.stored == 1)
    _ea_store_blob_discard (store, sha);
  return 0;
}

/**
 * ea_documents_list:
 * @session: a session with the right to see documents
 * @person_id: the person
 * @error: a #GError
 *
 * The person's documents, newest first; health documents only for social
 * work.
 *
 * Returns: (transfer full) (element-type EaDocument): the documents
 */
GPtrArray *
ea_documents_list (EaSession  *session,
                   gint64      person_id,
                   GError    **error)
{
  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_DOCUMENTS, 0, error) ||
      !_ea_person_check_scope (session, person_id, error))
    return NULL;
  return read_documents (ea_session_get_store (session),
                         ea_session_can (session, EA_RIGHT_VIEW_HEALTH_DOCUMENTS)
                           ? _ea_persons_sql.documents_of_person
                           : _ea_persons_sql.documents_of_person_but_health,
                         "i", person_id, NULL, error);
}

/**
 * ea_documents_expiring:
 * @session: a session with the right to see documents
 * @until: (nullable): `YYYY-MM-DD`; %NULL for eight weeks from today
 * @error: a #GError
 *
 * Passports and residence documents of persons living here that have
 * expired or expire by @until, the soonest first.
 *
 * Returns: (transfer full) (element-type EaDocument): the documents
 */
GPtrArray *
ea_documents_expiring (EaSession   *session,
                       const char  *until,
                       GError     **error)
{
  g_autofree char *today = ea_clock_today ();
  g_autofree char *default_until = ea_date_add_days (today, 56);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) visible = NULL;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_DOCUMENTS, 0, error))
    return NULL;
  if (until == NULL)
    until = default_until;
  if (!ea_date_is_valid (until))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID, _("“%s” is not a date."), until);
      return NULL;
    }
  found = read_documents (ea_session_get_store (session), _ea_persons_sql.documents_expiring,
                          "s", 0, until, error);
  if (found == NULL)
    return NULL;
  visible = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_document_free);
  for (guint i = 0; i < found->len; i++)
    {
      EaDocument *document = g_ptr_array_index (found, i);

      if (_ea_person_check_scope (session, document->person_id, NULL))
        g_ptr_array_add (visible, g_steal_pointer (&found->pdata[i]));
    }
  return g_steal_pointer (&visible);
}

/**
 * ea_document_get:
 * @session: a session with the right to see documents
 * @document_id: the document
 * @error: a #GError
 *
 * Returns: (transfer full): the document, or %NULL on a refusal
 */
EaDocument *
ea_document_get (EaSession  *session,
                 gint64      document_id,
                 GError    **error)
{
  g_autoptr(GPtrArray) found = NULL;
  EaDocument *document;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_DOCUMENTS, 0, error))
    return NULL;
  found = read_documents (ea_session_get_store (session), _ea_persons_sql.document_by_id,
                          "i", document_id, NULL, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("The document does not exist (any more)."));
      return NULL;
    }
  document = g_ptr_array_index (found, 0);
  if (!may_see_category (session, document->category))
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_PERMISSION,
                           _("Health documents are for social work only."));
      return NULL;
    }
  if (!_ea_person_check_scope (session, document->person_id, error))
    return NULL;
  return g_steal_pointer (&found->pdata[0]);
}

/**
 * ea_document_open_file:
 * @session: a session with the right to see documents
 * @document_id: the document
 * @error: a #GError
 *
 * The stored file, to show it; the opening is logged. On a server, a
 * copy in the user's runtime folder, which the caller may remove when it
 * is done with it and which goes when the application quits.
 *
 * Returns: (transfer full): the file's path, or %NULL on a refusal
 */
char *
ea_document_open_file (EaSession  *session,
                       gint64      document_id,
                       GError    **error)
{
  g_autoptr(EaDocument) document = ea_document_get (session, document_id, error);
  EaStore *store = ea_session_get_store (session);
  g_autofree char *path = NULL;
  gboolean temporary = FALSE;

  if (document == NULL)
    return NULL;
  path = _ea_store_blob_dup_file (store, document->sha256, &temporary, error);
  if (path == NULL)
    return NULL;
  if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "read", .object_type = "document",
                                                     .object_id = document_id,
                                                     .person_id = document->person_id }, error))
    {
      if (temporary)
        g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/**
 * ea_documents_remove_viewed_copies:
 *
 * Removes the copies of a server's documents that ea_document_open_file()
 * made for this process; when the application quits.
 */
void
ea_documents_remove_viewed_copies (void)
{
  _ea_store_blobs_remove_viewed ();
}

/**
 * ea_document_export:
 * @session: a session with the right to see documents
 * @document_id: the document
 * @path: the new file; it must not exist, and is owner-only
 * @error: a #GError
 *
 * Returns: %FALSE on a refusal or failure; then no file is left behind
 */
gboolean
ea_document_export (EaSession   *session,
                    gint64       document_id,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(EaDocument) document = ea_document_get (session, document_id, error);

  if (document == NULL)
    return FALSE;
  /* In pieces: a large scan is never held whole. */
  if (!_ea_store_blob_write_file (ea_session_get_store (session), document->sha256, path, error))
    return FALSE;
  if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "export", .object_type = "document",
                                                     .object_id = document_id,
                                                     .person_id = document->person_id }, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  EaStore    *store;
  gint64      document_id;
  const char *text;
  const char *state;
} DocumentText;

static gboolean
store_text (gpointer   data,
            GError   **error)
{
  DocumentText *t = data;

  return _ea_store_exec_bound (t->store, _ea_persons_sql.delete_document_text, error,
                               "i", t->document_id) &&
         (t->text == NULL ||
          _ea_store_exec_bound (t->store, _ea_persons_sql.insert_document_text,
                                error, "is", t->document_id, t->text)) &&
         _ea_store_exec_bound (t->store, _ea_persons_sql.set_document_text_state,
                               error, "is", t->document_id, t->state);
}

/**
 * ea_document_extract_text:
 * @session: a session with the right to see documents
 * @document_id: the document
 * @error: a #GError
 *
 * Finds the document's text and puts it into the search index. Slow for
 * scans (OCR): call it in a worker thread on ea_session_open_copy().
 *
 * Returns: %FALSE on failure; the document's text state then says so
 */
gboolean
ea_document_extract_text (EaSession  *session,
                          gint64      document_id,
                          GError    **error)
{
  g_autoptr(EaDocument) document = ea_document_get (session, document_id, error);
  EaStore *store = ea_session_get_store (session);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ocr_failed = FALSE, temporary = FALSE;
  const char *state;

  if (document == NULL)
    return FALSE;
  path = _ea_store_blob_dup_file (store, document->sha256, &temporary, &local);
  if (path != NULL)
    text = _ea_documents_read_text (path, document->mime_type, &ocr_failed, &local);
  if (temporary)
    g_unlink (path);
  state = text == NULL ? "failed"
          : _ea_documents_count_letters (text) > 0 ? "done"
          : ocr_failed ? "failed" : "none";
  /* Not a user's change: nothing for the audit log. */
  if (!_ea_store_change (store, store_text,
                         &(DocumentText) { store, document_id, text, state }, error))
    return FALSE;
  if (text == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/**
 * ea_documents_extract_pending:
 * @session: a session with the right to see documents
 * @error: a #GError
 *
 * Finds the text of every document still waiting for it.
 *
 * Returns: how many documents were read
 */
guint
ea_documents_extract_pending (EaSession  *session,
                              GError    **error)
{
  EaStore *store = ea_session_get_store (session);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(EaStmt) stmt = NULL;
  guint n = 0;

  if (!ea_session_check (session, EA_RIGHT_VIEW_DOCUMENTS, 0, error))
    return 0;
  stmt = _ea_store_prepare (store, _ea_persons_sql.documents_pending_text, error);
  if (stmt == NULL)
    return 0;
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  g_clear_pointer (&stmt, _ea_stmt_free);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local = NULL;

      /* One failed scan does not stop the others; its state says so. */
      if (ea_document_extract_text (session, g_array_index (ids, gint64, i), &local))
        n++;
    }
  return n;
}
