/* SPDX-License-Identifier: EUPL-1.2 */
/* Keep-apart notes (Konfliktvermerke) on the person file. The bed matcher
 * and every check-in enforce them (ea-rules.c); here they are written,
 * listed and removed. A note between households is stored as one note
 * for each pair of their members, so that the rule needs no second
 * form. */
#include "config.h"

#include "ea-keep-apart.h"

#include <glib/gi18n-lib.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-person-file-private.h"
#include "ea-persons-sql-private.h"
#include "ea-session-private.h"
#include "ea-store-private.h"

void
ea_keep_apart_free (EaKeepApart *note)
{
  if (note == NULL)
    return;
  g_free (note->other_name);
  g_free (note->reason);
  g_free (note->created_on);
  g_free (note->created_by);
  g_free (note);
}

/**
 * ea_keep_apart_list:
 * @session: a session that may see persons
 * @person_id: a person
 * @error: a #GError
 *
 * Returns: (transfer full) (element-type EaKeepApart): the person's notes,
 *   by the other person's name
 */
GPtrArray *
ea_keep_apart_list (EaSession  *session,
                    gint64      person_id,
                    GError    **error)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) ea_keep_apart_free);
  g_autoptr(EaStmt) stmt = NULL;
  gboolean reasons;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  if (!ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, error) ||
      !_ea_person_check (session, person_id, error))
    return NULL;
  /* Why two persons must be kept apart tells of conflicts, threats or
   * violence: only those who see special categories read it. */
  reasons = ea_session_can (session, EA_RIGHT_VIEW_SPECIAL_CATEGORIES);
  stmt = _ea_store_prepare (ea_session_get_store (session),
                            _ea_persons_sql.keep_apart_of_person, error);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      EaKeepApart *note = g_new0 (EaKeepApart, 1);

      note->id = _ea_stmt_column_int64 (stmt, 0);
      note->other_id = _ea_stmt_column_int64 (stmt, 1);
      note->other_name = g_strdup (_ea_stmt_column_text (stmt, 2));
      if (reasons)
        note->reason = g_strdup (_ea_stmt_column_text (stmt, 3));
      note->created_on = g_strdup (_ea_stmt_column_text (stmt, 4));
      note->created_by = g_strdup (_ea_stmt_column_text (stmt, 5));
      g_ptr_array_add (notes, note);
    }
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (ea_session_get_store (session), error, _("Cannot read the notes"));
      return NULL;
    }
  return g_steal_pointer (&notes);
}

/* The person and, with @households, the other members of the household. */
static GArray *
members (EaStore  *store,
         gint64    person_id,
         gboolean  households)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(EaStmt) stmt = NULL;

  g_array_append_val (ids, person_id);
  if (!households)
    return ids;
  stmt = _ea_store_prepare (store, _ea_persons_sql.other_household_members, NULL);
  if (stmt == NULL)
    return ids;
  _ea_stmt_bind_int64 (stmt, 1, person_id);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  return ids;
}

typedef struct
{
  GArray     *ours;
  GArray     *theirs;
  const char *why;
  guint       added;
} KeepingApart;

/* Every pair of the two households, once; each new note is in both
 * files' history. */
static gboolean
keep_apart_change (EaSession     *session,
                   gpointer       data,
                   EaAuditRecord *record,
                   GError       **error)
{
  KeepingApart *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autofree char *now = ea_clock_timestamp ();

  c->added = 0;
  for (guint i = 0; i < c->ours->len; i++)
    for (guint j = 0; j < c->theirs->len; j++)
      {
        gint64 a = g_array_index (c->ours, gint64, i), b = g_array_index (c->theirs, gint64, j);
        gint64 id;

        if (!_ea_store_exec_bound (store, _ea_persons_sql.insert_keep_apart,
                                   error, "iissi", MIN (a, b), MAX (a, b), c->why, now,
                                   ea_session_get_user_id (session)))
          return FALSE;
        if (_ea_store_changes (store) == 0)
          continue;
        id = _ea_store_last_insert_id (store);
        c->added++;
        if (!_ea_audit_record (session, &(EaAuditRecord) { .action = "create",
                                                           .object_type = "keep-apart",
                                                           .object_id = id, .person_id = a },
                               error) ||
            !_ea_audit_record (session, &(EaAuditRecord) { .action = "create",
                                                           .object_type = "keep-apart",
                                                           .object_id = id, .person_id = b },
                               error))
          return FALSE;
      }
  if (c->added == 0)
    return ea_error_set (error, EA_ERROR_INVALID, _("These persons are already kept apart."));
  return TRUE;
}

/**
 * ea_keep_apart_add:
 * @session: a session that may edit persons
 * @person_id: one person
 * @other_id: the person to be kept apart from them
 * @households: %TRUE to keep the two households apart, each member from
 *   each member of the other
 * @reason: (nullable): why, for colleagues
 * @error: a #GError
 *
 * Returns: the number of pairs noted (new ones only), or 0 with @error
 *   set; nothing is changed then
 */
guint
ea_keep_apart_add (EaSession   *session,
                   gint64       person_id,
                   gint64       other_id,
                   gboolean     households,
                   const char  *reason,
                   GError     **error)
{
  EaStore *store;
  g_autoptr(GArray) ours = NULL;
  g_autoptr(GArray) theirs = NULL;
  g_autofree char *why = reason != NULL ? g_strstrip (g_strdup (reason)) : NULL;
  KeepingApart change;

  g_return_val_if_fail (EA_IS_SESSION (session), 0);

  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error) ||
      !_ea_person_check (session, person_id, error) ||
      !_ea_person_check (session, other_id, error))
    return 0;
  store = ea_session_get_store (session);
  ours = members (store, person_id, households);
  theirs = members (store, other_id, households);
  if (person_id == other_id ||
      _ea_store_query_int (store, _ea_persons_sql.count_same_household, "ii",
                           person_id, other_id) > 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           person_id == other_id
                             ? _("A person cannot be kept apart from themselves.")
                             : _("Both belong to one household; split the household first."));
      return 0;
    }
  if (why != NULL && *why == '\0')
    g_clear_pointer (&why, g_free);

  change = (KeepingApart) { ours, theirs, why, 0 };
  if (!_ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, keep_apart_change, &change, error))
    return 0;
  return change.added;
}

typedef struct
{
  gint64 note_id;
  gint64 a;
  gint64 b;
} Removing;

static gboolean
remove_change (EaSession     *session,
               gpointer       data,
               EaAuditRecord *record,
               GError       **error)
{
  Removing *c = data;

  *record = (EaAuditRecord) { .action = "delete", .object_type = "keep-apart",
                              .object_id = c->note_id, .person_id = c->b };
  return _ea_store_exec_bound (ea_session_get_store (session),
                               _ea_persons_sql.delete_keep_apart, error, "i", c->note_id) &&
         _ea_audit_record (session, &(EaAuditRecord) { .action = "delete",
                                                       .object_type = "keep-apart",
                                                       .object_id = c->note_id,
                                                       .person_id = c->a }, error);
}

/**
 * ea_keep_apart_remove:
 * @session: a session that may edit persons
 * @note_id: the note
 * @error: a #GError
 *
 * Returns: %FALSE on a refusal
 */
gboolean
ea_keep_apart_remove (EaSession  *session,
                      gint64      note_id,
                      GError    **error)
{
  EaStore *store;
  g_autoptr(EaStmt) stmt = NULL;
  gint64 a, b;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_EDIT_PERSONS, 0, error))
    return FALSE;
  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store, _ea_persons_sql.keep_apart_persons, error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_int64 (stmt, 1, note_id);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_NOT_FOUND, _("This note no longer exists."));
      return FALSE;
    }
  a = _ea_stmt_column_int64 (stmt, 0);
  b = _ea_stmt_column_int64 (stmt, 1);
  _ea_stmt_reset (stmt);
  if (!_ea_person_check (session, a, error) || !_ea_person_check (session, b, error))
    return FALSE;
  return _ea_change (session, EA_RIGHT_EDIT_PERSONS, 0, remove_change,
                     &(Removing) { note_id, a, b }, error);
}
