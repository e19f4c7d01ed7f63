/* SPDX-License-Identifier: EUPL-1.2 */
/* Fallnotizen: notes about a person or a household, for social workers.
 * A note is never overwritten: editing adds a revision with its author and
 * time, and the note shows its latest. A confidential note is read and
 * edited by its author only; others see that it exists. */
#include "config.h"

#include "ea-case-notes.h"

#include <glib/gi18n-lib.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-person-file-private.h"
#include "ea-persons-sql-private.h"
#include "ea-store-private.h"
#include "ea-text.h"

#define MAX_BODY_LENGTH 20000

void
ea_case_note_free (EaCaseNote *note)
{
  if (note == NULL)
    return;
  g_free (note->date);
  g_free (note->category);
  g_free (note->category_label);
  g_free (note->body);
  g_free (note->author);
  g_free (note->editor);
  g_free (note->written_at);
  g_free (note);
}

static EaCaseNote *
note_from_row (EaStmt *stmt,
               gint64        reader)
{
  EaCaseNote *note = g_new0 (EaCaseNote, 1);

  note->id = _ea_stmt_column_int64 (stmt, 0);
  note->person_id = _ea_stmt_column_int64 (stmt, 1);
  note->household_id = _ea_stmt_column_int64 (stmt, 2);
  note->confidential = _ea_stmt_column_int (stmt, 3) != 0;
  note->revision = _ea_stmt_column_int (stmt, 4);
  note->author_id = _ea_stmt_column_int64 (stmt, 9);
  note->hidden = note->confidential && note->author_id != reader;
  note->date = g_strdup (_ea_stmt_column_text (stmt, 5));
  note->author = g_strdup (_ea_stmt_column_text (stmt, 10));
  note->written_at = g_strdup (_ea_stmt_column_text (stmt, 12));
  if (!note->hidden)
    {
      note->category = g_strdup (_ea_stmt_column_text (stmt, 6));
      note->category_label = g_strdup (_ea_stmt_column_text (stmt, 7));
      note->body = g_strdup (_ea_stmt_column_text (stmt, 8));
      note->editor = g_strdup (_ea_stmt_column_text (stmt, 11));
    }
  return note;
}

static GPtrArray *
read_notes (EaSession   *session,
            const char  *sql,
            gint64       id,
            GError     **error)
{
  EaStore *store = ea_session_get_store (session);
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) notes = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  notes = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_case_note_free);
  _ea_stmt_bind_int64 (stmt, 1, id);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    g_ptr_array_add (notes, note_from_row (stmt, ea_session_get_user_id (session)));
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the case notes")), NULL;
  return g_steal_pointer (&notes);
}

/**
 * ea_case_notes_list:
 * @session: a social worker's session
 * @person_id: the person
 * @error: a #GError
 *
 * The person's notes and their household's, newest first, each in its
 * latest revision.
 *
 * Returns: (transfer full) (element-type EaCaseNote): the notes, or %NULL
 */
GPtrArray *
ea_case_notes_list (EaSession  *session,
                    gint64      person_id,
                    GError    **error)
{
  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_CASE_NOTES, 0, error) ||
      !_ea_person_check_scope (session, person_id, error))
    return NULL;
  return read_notes (session, _ea_persons_sql.case_notes_of_person, person_id, error);
}

/**
 * ea_case_note_revisions:
 * @session: a social worker's session
 * @note_id: the note
 * @error: a #GError
 *
 * Every revision of a note, the latest first.
 *
 * Returns: (transfer full) (element-type EaCaseNote): the revisions
 */
GPtrArray *
ea_case_note_revisions (EaSession  *session,
                        gint64      note_id,
                        GError    **error)
{
  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_CASE_NOTES, 0, error))
    return NULL;
  return read_notes (session, _ea_persons_sql.case_note_revisions, note_id, error);
}

static gboolean
check_note (EaStore     *store,
            const char  *date,
            const char  *category,
            const char  *body,
            char       **iso,
            GError     **error)
{
  g_autofree char *today = ea_clock_today ();

  *iso = ea_date_parse_input (date);
  if (*iso == NULL)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_INVALID,
                   _("Date: write it as DD.MM.YYYY, for example %s."), "14.03.2026");
      return FALSE;
    }
  if (g_strcmp0 (*iso, today) > 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("Date: a note cannot be dated in the future."));
      return FALSE;
    }
  if (category == NULL ||
      _ea_store_query_int (store, _ea_persons_sql.note_category_known, "s", category) != 1)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, _("Category: please choose."));
      return FALSE;
    }
  {
    g_autofree char *copy = g_strdup (body != NULL ? body : "");

    if (g_strstrip (copy)[0] == '\0')
      {
        g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, _("Text: please write the note."));
        return FALSE;
      }
  }
  if (!g_utf8_validate (body, -1, NULL) || g_utf8_strlen (body, -1) > MAX_BODY_LENGTH)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("Text: at most 20,000 characters."));
      return FALSE;
    }
  return TRUE;
}

/* A note written or revised; logged with its person, or a household's
 * first member. */
typedef struct
{
  gint64      person_id;
  gint64      household_id;
  gint64      subject;
  gboolean    confidential;
  const char *date;
  const char *category;
  const char *body;
  gint64      note_id;
} NoteChange;

static gboolean
add_note_change (EaSession     *session,
                 gpointer       data,
                 EaAuditRecord *record,
                 GError       **error)
{
  NoteChange *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();
  gint64 user = ea_session_get_user_id (session);

  if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_case_note,
                             error, "iiisi", c->person_id, c->household_id,
                             (gint64) c->confidential, now, user))
    return FALSE;
  c->note_id = _ea_store_last_insert_id (store);
  *record = (EaAuditRecord) { .action = "create", .object_type = "case-note",
                              .object_id = c->note_id, .person_id = c->subject };
  return _ea_store_exec_bound (store, _ea_persons_sql.insert_first_revision,
                               error, "issssi", c->note_id, c->date, c->category, c->body, now,
                               user);
}

static gboolean
edit_note_change (EaSession     *session,
                  gpointer       data,
                  EaAuditRecord *record,
                  GError       **error)
{
  NoteChange *c = data;
  g_autofree char *now = ea_clock_timestamp ();

  *record = (EaAuditRecord) { .action = "update", .object_type = "case-note",
                              .object_id = c->note_id, .person_id = c->subject };
  return _ea_store_exec_bound (ea_session_get_store (session),
                               _ea_persons_sql.insert_next_revision,
                               error, "issssi", c->note_id, c->date, c->category, c->body, now,
                               ea_session_get_user_id (session));
}

/**
 * ea_case_note_add:
 * @session: a social worker's session
 * @person_id: the person, or 0
 * @household_id: the household, or 0; exactly one of the two
 * @date: the day the note is about, `TT.MM.JJJJ` or ISO, not in the future
 * @category: beratung, gesundheit, schule-kita, arbeit-ausbildung,
 *   behoerden, konflikt or sonstiges
 * @body: the text
 * @confidential: readable by its author only
 * @error: a #GError
 *
 * Returns: the note's number, or 0 on a refusal
 */
gint64
ea_case_note_add (EaSession   *session,
                  gint64       person_id,
                  gint64       household_id,
                  const char  *date,
                  const char  *category,
                  const char  *body,
                  gboolean     confidential,
                  GError     **error)
{
  EaStore *store;
  g_autofree char *iso = NULL;
  gint64 subject;
  NoteChange change;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);
  g_return_val_if_fail ((person_id == 0) != (household_id == 0), 0);

  if (!ea_session_check (session, EA_RIGHT_EDIT_CASE_NOTES, 0, error))
    return 0;
  store = ea_session_get_store (session);
  /* A household's note is checked and logged with its first member. */
  subject = person_id != 0 ? person_id
                           : _ea_store_lookup_id (store,
                                                  _ea_persons_sql.household_first_member,
                                                  household_id);
  if (subject == 0 ||
      _ea_store_lookup_id (store, _ea_persons_sql.person_exists, subject) == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("The person or household of the note does not exist."));
      return 0;
    }
  if (!_ea_person_check_scope (session, subject, error) ||
      !check_note (store, date, category, body, &iso, error))
    return 0;
  change = (NoteChange) { .person_id = person_id, .household_id = household_id,
                          .subject = subject, .confidential = confidential, .date = iso,
                          .category = category, .body = body };
  if (!_ea_change (session, EA_RIGHT_EDIT_CASE_NOTES, 0, add_note_change, &change, error))
    return 0;
  return change.note_id;
}

/**
 * ea_case_note_edit:
 * @session: a social worker's session
 * @note_id: the note
 * @date: as for ea_case_note_add()
 * @category: as for ea_case_note_add()
 * @body: the new text
 * @error: a #GError
 *
 * Adds a revision; the earlier ones stay.
 *
 * Returns: %FALSE on a refusal
 */
gboolean
ea_case_note_edit (EaSession   *session,
                   gint64       note_id,
                   const char  *date,
                   const char  *category,
                   const char  *body,
                   GError     **error)
{
  EaStore *store;
  g_autofree char *iso = NULL;
  gint64 user = ea_session_get_user_id (session);
  gint64 subject, author;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_EDIT_CASE_NOTES, 0, error))
    return FALSE;
  store = ea_session_get_store (session);
  subject = _ea_store_lookup_id (store, _ea_persons_sql.case_note_subject, note_id);
  if (subject == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                           _("The note does not exist (any more)."));
      return FALSE;
    }
  author = _ea_store_lookup_id (store, _ea_persons_sql.confidential_note_author, note_id);
  if (author != 0 && author != user)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_PERMISSION,
                           _("Only its author may change a confidential note."));
      return FALSE;
    }
  if (!_ea_person_check_scope (session, subject, error) ||
      !check_note (store, date, category, body, &iso, error))
    return FALSE;
  return _ea_change (session, EA_RIGHT_EDIT_CASE_NOTES, 0, edit_note_change,
                     &(NoteChange) { .note_id = note_id, .subject = subject, .date = iso,
                                     .category = category, .body = body },
                     error);
}
