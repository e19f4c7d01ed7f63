/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-maintenance"

#include "config.h"

#include "ea-maintenance.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ea-error.h"
#include "ea-store-private.h"

/**
 * ea_maintenance_backup:
 * @session: an administrator's session
 * @destination: the new file; it must not exist
 * @error: a #GError
 *
 * Writes a consistent copy of the database while it is in use (SQLite's
 * `VACUUM INTO` reads one snapshot). The copy is readable by the owner only.
 */
gboolean
ea_maintenance_backup (EaSession   *session,
                       const char  *destination,
                       GError     **error)
{
  EaStore *store;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *absolute = NULL;
  int fd;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_MAINTAIN_DATABASE, 0, error))
    return FALSE;

  store = ea_session_get_store (session);
  absolute = g_canonicalize_filename (destination, NULL);
  if (g_strcmp0 (absolute, ea_store_get_path (store)) == 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID,
                           _("The backup cannot replace the database itself."));
      return FALSE;
    }

  /* Create the file first, empty and private, so the copy is never
   * readable by others, not even for a moment. */
  fd = g_open (absolute, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, EA_ERROR, saved == EEXIST ? EA_ERROR_EXISTS : EA_ERROR_INVALID,
                   _("Cannot write the backup to %s: %s"), destination, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  stmt = _ea_store_prepare (store, "VACUUM INTO ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, absolute, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _ea_store_set_error (store, error, _("The backup failed"));
      goto fail;
    }

  if (!_ea_store_audit (store, ea_session_get_user_id (session), "backup", "database",
                        0, 0, absolute, error))
    goto fail;
  return TRUE;

fail:
  g_unlink (absolute);
  return FALSE;
}

static gboolean
collect (EaStore     *store,
         const char  *sql,
         gboolean     skip_ok,
         GPtrArray   *problems,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _ea_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);
      GString *row = g_string_new (NULL);

      for (int i = 0; i < n; i++)
        {
          const char *v = (const char *) sqlite3_column_text (stmt, i);
          if (i > 0)
            g_string_append (row, " ");
          g_string_append (row, v ? v : "NULL");
        }
      if (skip_ok && g_str_equal (row->str, "ok"))
        g_string_free (row, TRUE);
      else
        g_ptr_array_add (problems, g_string_free (row, FALSE));
    }
  if (rc != SQLITE_DONE)
    return _ea_store_set_error (store, error, _("The check could not read the database"));
  return TRUE;
}

/**
 * ea_maintenance_check:
 * @session: an administrator's session
 * @problems: (out) (transfer full) (element-type utf8): what was found;
 *   empty when the database is sound
 * @error: a #GError
 *
 * Runs SQLite's integrity check and the foreign-key check.
 *
 * Returns: %FALSE when the check itself could not run
 */
gboolean
ea_maintenance_check (EaSession   *session,
                      GPtrArray  **problems,
                      GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fk = g_ptr_array_new_with_free_func (g_free);
  EaStore *store;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_MAINTAIN_DATABASE, 0, error))
    return FALSE;

  store = ea_session_get_store (session);
  if (!collect (store, "PRAGMA integrity_check", TRUE, found, error) ||
      !collect (store, "PRAGMA foreign_key_check", FALSE, fk, error))
    return FALSE;

  for (guint i = 0; i < fk->len; i++)
    g_ptr_array_add (found, g_strdup_printf (_("broken reference (table, row, target): %s"),
                                             (char *) g_ptr_array_index (fk, i)));

  *problems = g_steal_pointer (&found);
  return TRUE;
}
