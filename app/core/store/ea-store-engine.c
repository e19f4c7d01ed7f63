/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ea-error.h"
#include "ea-store-pg-private.h"

/* What only the database engine can do for the layers above: a
 * consistent copy of the whole database, its own integrity checks, and a
 * larger page cache for one bulk write. The layers above say what they
 * want; how the engine does it stays here. */

/**
 * _ea_store_copy_into:
 * @path: an empty file the copy is written into
 *
 * Writes one consistent snapshot of the whole database into @path while
 * others go on working (SQLite: VACUUM INTO). A database on a server is
 * backed up there, with the server's tools: the message says how.
 *
 * Returns: %FALSE with @error set when the copy failed
 */
gboolean
_ea_store_copy_into (EaStore     *self,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;

  if (_ea_store_get_pg (self) != NULL)
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("The database is on a PostgreSQL server: back it up there, with "
                           "“pg_dump --format=custom --file=FILE DATABASE” (and restore it with "
                           "“pg_restore”), or with the server's regular backup. Nothing was "
                           "written."));
  stmt = _ea_store_prepare (self, "VACUUM INTO ?", error);

  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text (stmt, 1, path);
  if (_ea_stmt_step (stmt) != EA_STMT_DONE)
    return _ea_store_set_error (self, error, _("The backup failed"));
  return TRUE;
}

/**
 * _ea_store_collect_rows:
 * @skip_ok: leave out a row that says only "ok"
 * @rows: (element-type utf8): each row of @sql, its columns joined by
 *   spaces, is added here
 *
 * Returns: %FALSE with @error set when @sql could not be read
 */
gboolean
_ea_store_collect_rows (EaStore     *store,
                        const char  *sql,
                        gboolean     skip_ok,
                        GPtrArray   *rows,
                        GError     **error)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    {
      int n = _ea_stmt_n_columns (stmt);
      GString *row = g_string_new (NULL);

      for (int i = 0; i < n; i++)
        {
          const char *v = _ea_stmt_column_text (stmt, i);
          if (i > 0)
            g_string_append (row, " ");
          g_string_append (row, v ? v : "NULL");
        }
      if (skip_ok && g_str_equal (row->str, "ok"))
        g_string_free (row, TRUE);
      else
        g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  if (rc != EA_STMT_DONE)
    return _ea_store_set_error (store, error, _("The check could not read the database"));
  return TRUE;
}

/**
 * _ea_store_check_engine:
 * @problems: (element-type utf8): what the engine found is added here
 *
 * The engine's own checks: its files and pages (SQLite: integrity_check)
 * and every reference between tables (foreign_key_check). A PostgreSQL
 * server checks every reference with each change and keeps its own pages
 * (their checksums, where the cluster has them): there is nothing the
 * program could look at beyond that.
 *
 * Returns: %FALSE when the check itself could not run
 */
gboolean
_ea_store_check_engine (EaStore    *self,
                        GPtrArray  *problems,
                        GError    **error)
{
  g_autoptr(GPtrArray) fk = g_ptr_array_new_with_free_func (g_free);

  if (_ea_store_get_pg (self) != NULL)
    return _ea_store_collect_rows (self, "SELECT 1 WHERE false", FALSE, problems, error);

  if (!_ea_store_collect_rows (self, "PRAGMA integrity_check", TRUE, problems, error) ||
      !_ea_store_collect_rows (self, "PRAGMA foreign_key_check", FALSE, fk, error))
    return FALSE;
  for (guint i = 0; i < fk->len; i++)
    g_ptr_array_add (problems, g_strdup_printf (_("broken reference (table, row, target): %s"),
                                                (char *) g_ptr_array_index (fk, i)));
  return TRUE;
}

/**
 * _ea_store_set_bulk:
 * @bulk: %TRUE before one large write, %FALSE after it
 *
 * A large write (the demo district) touches tens of megabytes of randomly
 * ordered index pages; a larger page cache for it saves a fifth of the
 * time. Afterwards the connection has its usual cache again.
 */
void
_ea_store_set_bulk (EaStore  *self,
                    gboolean  bulk)
{
  /* The server's cache is the server's (shared_buffers). */
  if (_ea_store_get_pg (self) != NULL)
    return;
  _ea_store_exec (self, bulk ? "PRAGMA cache_size = -65536"
                             : "PRAGMA cache_size = " EA_STORE_CACHE_SIZE, NULL);
}
