/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-audit"

#include "config.h"

#include "ea-audit.h"

#include <glib/gi18n-lib.h>

#include "ea-error.h"
#include "ea-store-private.h"

/**
 * ea_audit_verify:
 * @session: an administrator's session
 * @n_entries: (out) (optional): how many entries were read
 * @problems: (out) (transfer full) (element-type utf8): what is wrong,
 *   one line an entry; empty when the chain is unbroken
 * @error: a #GError
 *
 * Walks the audit log from its first entry and recomputes every hash. An
 * altered entry no longer matches its own hash; a removed or inserted one
 * breaks the link to its neighbour.
 *
 * Returns: %FALSE when the log could not be read
 */
gboolean
ea_audit_verify (EaSession   *session,
                 guint64     *n_entries,
                 GPtrArray  **problems,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected_prev = g_strnfill (64, '0');
  EaStore *store;
  guint64 n = 0;
  int rc;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_AUDIT, 0, error))
    return FALSE;

  store = ea_session_get_store (session);
  stmt = _ea_store_prepare (store,
                            "SELECT id, at, coalesce (user_id, 0), action, object_type, "
                            "coalesce (object_id, 0), coalesce (person_id, 0), detail, "
                            "prev_hash, hash FROM audit_log ORDER BY id",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *prev = (const char *) sqlite3_column_text (stmt, 8);
      const char *hash = (const char *) sqlite3_column_text (stmt, 9);
      const char *at = (const char *) sqlite3_column_text (stmt, 1);
      const char *action = (const char *) sqlite3_column_text (stmt, 3);
      const char *object_type = (const char *) sqlite3_column_text (stmt, 4);
      const char *detail = (const char *) sqlite3_column_text (stmt, 7);
      g_autofree char *computed = _ea_store_audit_hash (prev, at, sqlite3_column_int64 (stmt, 2),
                                                        action, object_type,
                                                        sqlite3_column_int64 (stmt, 5),
                                                        sqlite3_column_int64 (stmt, 6), detail);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      n++;
      if (g_strcmp0 (prev, expected_prev) != 0)
        g_ptr_array_add (found, g_strdup_printf (_("Entry %s: the entry before it is missing or "
                                                   "was changed."), number));
      if (g_strcmp0 (computed, hash) != 0)
        g_ptr_array_add (found, g_strdup_printf (_("Entry %s: its content was changed."),
                                                 number));
      g_free (expected_prev);
      expected_prev = g_strdup (hash);
    }
  if (rc != SQLITE_DONE)
    return _ea_store_set_error (store, error, _("Cannot read the audit log"));

  if (!_ea_store_audit (store, ea_session_get_user_id (session), "verify", "audit-log", 0, 0,
                        found->len == 0 ? "ok" : "broken", error))
    return FALSE;
  if (n_entries != NULL)
    *n_entries = n;
  *problems = g_steal_pointer (&found);
  return TRUE;
}
