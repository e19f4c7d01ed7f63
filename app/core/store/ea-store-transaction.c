/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-object-private.h"
#include "ea-store-vfs-private.h"

#include <glib/gi18n-lib.h>

#include "ea-error.h"

/* Changes: transactions, their steps, what they write at their end, and
 * every failure of either engine said as one GError. */

/* Adds one to the count of changes and gives the new count; in the
 * transaction of the change, so that it counts only what is committed.
 * The server tells the count to the seats that listen in the same
 * statement (NOTIFY, sent when and if the transaction commits): one
 * round trip less while the chain's lock is held. */
#define COUNT_CHANGE_ROW \
  "INSERT INTO settings (key, value) VALUES ('change_count', '1') " \
  "ON CONFLICT (key) DO UPDATE SET value = CAST (CAST (settings.value AS BIGINT) + 1 AS TEXT) " \
  "RETURNING CAST (value AS BIGINT)"
#define COUNT_CHANGE \
  "/*sqlite*/" COUNT_CHANGE_ROW \
  "/*pg:WITH c (n) AS (" COUNT_CHANGE_ROW ") " \
  "SELECT n, pg_notify ('" CHANGES_CHANNEL "', CAST (n AS TEXT)) FROM c*/"

/* Another writer held the database for longer than the store waits. */
static gboolean
set_busy_error (EaStore  *self,
                GError  **error)
{
  return ea_error_set (error, EA_ERROR_FAILED,
                       _("Nothing was changed: another user or program kept the database "
                         "busy for more than %d seconds (for example with a large import). "
                         "Please try again in a moment."),
                       (int) (self->busy_limit / G_USEC_PER_SEC));
}

/* A failure of the server, as set_engine_error() says SQLite's. */
static gboolean
set_server_error (EaStore     *self,
                  GError     **error,
                  const char  *what,
                  const char  *message)
{
  const char *state = _ea_pg_sqlstate (self->pg);
  EaError ea_code = EA_ERROR_FAILED;

  if (_ea_pg_commit_outcome_unknown (self->pg))
    return ea_error_set (error, EA_ERROR_FAILED,
                         _("The connection to the database server %s was lost while your last "
                           "change was being stored (%s), and the server cannot be asked yet "
                           "whether it was. Once the connection is back, look whether the "
                           "change is there before you enter it again."),
                         self->path, _ea_pg_message (self->pg));
  if (_ea_pg_connection_lost (self->pg))
    return ea_error_set (error, EA_ERROR_FAILED,
                         _("Nothing was changed: the connection to the database server %s was "
                           "lost (%s). The program connects again with the next step; please "
                           "try again."),
                         self->path, _ea_pg_message (self->pg));
  /* A lock held for longer than the limit (lock_not_available). */
  if (g_str_equal (state, "55P03"))
    return set_busy_error (self, error);
  if (g_str_has_prefix (state, "23"))
    ea_code = EA_ERROR_RULE;
  /* The server's words for a value it cannot take quote the value (a
   * name, say): only the kind of fault is said. */
  if (g_str_has_prefix (state, "22"))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("%s: a value does not fit its field in the database (SQLSTATE %s)."),
                         what != NULL ? what : _("Database query failed"), state);
  if (message == NULL)
    message = _ea_pg_message (self->pg);
  if (what != NULL)
    g_set_error (error, EA_ERROR, ea_code, "%s: %s", what, message);
  else
    g_set_error_literal (error, EA_ERROR, ea_code, message);
  return FALSE;
}

/* Every failure of SQLite becomes one GError here. What a clerk can act
 * on is said in words (the database stayed busy, files were moved); a
 * broken constraint is a rule. @what prefixes the engine's own message. */
static gboolean
set_engine_error (EaStore     *self,
                  GError     **error,
                  const char  *what,
                  const char  *message)
{
  int code;
  EaError ea_code = EA_ERROR_FAILED;

  if (self->pg != NULL)
    return set_server_error (self, error, what, message);
  code = sqlite3_extended_errcode (self->db);

  /* Our VFS refuses a write lock when the files were moved under us. */
  if (code == SQLITE_IOERR_LOCK && !_ea_store_vfs_check_files (self->path, error))
    return FALSE;
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    return set_busy_error (self, error);
  if ((code & 0xff) == SQLITE_CONSTRAINT)
    ea_code = EA_ERROR_RULE;
  if (message == NULL)
    message = sqlite3_errmsg (self->db);
  if (what != NULL)
    g_set_error (error, EA_ERROR, ea_code, "%s: %s", what, message);
  else
    g_set_error_literal (error, EA_ERROR, ea_code, message);
  return FALSE;
}

gboolean
_ea_store_set_error (EaStore     *self,
                     GError     **error,
                     const char  *what)
{
  return set_engine_error (self, error, what, NULL);
}

gboolean
_ea_store_exec (EaStore     *self,
                const char  *sql,
                GError     **error)
{
  char *errmsg = NULL;

  if (self->pg != NULL)
    return _ea_pg_exec (self->pg, sql) || set_server_error (self, error, NULL, NULL);
  if (sqlite3_exec (self->db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      set_engine_error (self, error, NULL, errmsg);
      sqlite3_free (errmsg);
      return FALSE;
    }
  return TRUE;
}

/* Runs a statement without parameters that is compiled once: beginning
 * and committing transactions happen with every change. */
static gboolean
run_cached (EaStore       *self,
            sqlite3_stmt **stmt,
            const char    *sql,
            GError       **error)
{
  int rc;

  if (*stmt == NULL &&
      sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK)
    return _ea_store_set_error (self, error, sql);
  rc = sqlite3_step (*stmt);
  if (rc != SQLITE_DONE)
    {
      set_engine_error (self, error, NULL, NULL);
      sqlite3_reset (*stmt);
      return FALSE;
    }
  sqlite3_reset (*stmt);
  return TRUE;
}

/* A write transaction takes its lock up front (BEGIN IMMEDIATE), so that
 * writers queue in the busy handler. One that began while a statement of
 * the same connection still read would hold an old snapshot, and SQLite
 * refuses it at once instead of letting it wait: such a statement must be
 * reset first. */
static void
warn_reading_statements (EaStore *self)
{
  for (sqlite3_stmt *stmt = sqlite3_next_stmt (self->db, NULL); stmt != NULL;
       stmt = sqlite3_next_stmt (self->db, stmt))
    if (sqlite3_stmt_busy (stmt) && sqlite3_stmt_readonly (stmt))
      g_warning ("A write transaction begins while a statement still reads: %s",
                 sqlite3_sql (stmt));
}

/* Forgets what the transaction would have written at its end. */
static void
forget_deferred (EaStore *self)
{
  if (self->deferred != NULL)
    g_ptr_array_set_size (self->deferred, 0);
  g_array_set_size (self->marks, 0);
}

/* Begins a write transaction: SQLite's takes the write lock up front, the
 * server's takes the lock that @lock names (see WRITERS_LOCK). */
static gboolean
begin_writing (EaStore      *self,
               EaStoreLock   lock,
               gint64        facility,
               GError      **error)
{
  self->quiet = FALSE;
  forget_deferred (self);
  if (self->pg != NULL)
    {
      g_autofree char *locks = NULL;

      if (lock == EA_STORE_LOCK_WRITERS && facility > 0 && facility <= G_MAXINT32)
        locks = g_strdup_printf ("pg_advisory_xact_lock_shared (" WRITERS_LOCK "), "
                                 "pg_advisory_xact_lock (" FACILITY_LOCKS ", %d)",
                                 (int) facility);
      else if (lock == EA_STORE_LOCK_WRITERS)
        locks = g_strdup ("pg_advisory_xact_lock (" WRITERS_LOCK ")");
      else if (lock == EA_STORE_LOCK_IMPORT)
        locks = g_strdup ("pg_advisory_xact_lock (" IMPORT_LOCK ")");
      else if (lock == EA_STORE_LOCK_LOGINS)
        locks = g_strdup ("pg_advisory_xact_lock (" LOGINS_LOCK ")");
      if (_ea_pg_begin (self->pg, locks))
        return TRUE;
      return set_server_error (self, error, NULL, NULL);
    }
  warn_reading_statements (self);
  return run_cached (self, &self->begin, "BEGIN IMMEDIATE", error);
}

/* Counts the change that is about to be committed (COUNT_CHANGE). */
static gboolean
count_change (EaStore  *self,
              gint64   *count,
              GError  **error)
{
  g_autoptr(EaStoreStatement) stmt = _ea_store_statement (self, COUNT_CHANGE, error);

  if (stmt == NULL)
    return FALSE;
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return _ea_store_set_error (self, error, _("Database query failed"));
  *count = _ea_stmt_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * _ea_store_defer:
 * @self: the store, inside a transaction
 * @item: (transfer full): what to write
 * @free_item: frees @item
 * @flush: writes the items, in the order they came
 *
 * Keeps @item to be written at the end of the transaction, just before it
 * commits, so that what must be appended in one order by all seats (the
 * audit log, whose @flush takes the chain's lock on the server) waits for
 * the others' appending only, not for their whole changes. Items of a
 * change that is rolled back, or of a step of _ea_store_begin_all() that
 * is, are forgotten with it.
 */
void
_ea_store_defer (EaStore          *self,
                 gpointer          item,
                 GDestroyNotify    free_item,
                 EaStoreFlushFunc  flush)
{
  g_return_if_fail (EA_IS_STORE (self));
  g_return_if_fail (self->flush == NULL || self->flush == flush);

  if (self->deferred == NULL)
    self->deferred = g_ptr_array_new_with_free_func (free_item);
  self->flush = flush;
  g_ptr_array_add (self->deferred, item);
}

/* Writes what the transaction deferred to its end. */
static gboolean
write_deferred (EaStore  *self,
                GError  **error)
{
  gboolean ok;

  if (self->deferred == NULL || self->deferred->len == 0)
    return TRUE;
  ok = self->flush (self, self->deferred, error);
  forget_deferred (self);
  return ok;
}

/**
 * _ea_store_links_at_commit:
 * @self: the store
 * @counted: (out): whether the change is counted (not quiet)
 *
 * Whether the items deferred to the end of the transaction are being
 * written for its COMMIT on the server, which links audit entries into
 * the chain as it commits (migrations/postgresql/0009-audit-at-commit.sql)
 * and then counts the change when @counted.
 */
gboolean
_ea_store_links_at_commit (EaStore  *self,
                           gboolean *counted)
{
  g_return_val_if_fail (EA_IS_STORE (self), FALSE);

  *counted = self->commit_counted;
  return self->pg != NULL && self->committing;
}

/**
 * _ea_store_write_deferred:
 * @self: the store, inside a transaction
 * @error: a #GError
 *
 * Writes what the transaction deferred so far now, for a change that must
 * read it back before it ends (a checkpoint of the audit log names its
 * own entry). On the server, the chain's lock is then held until the
 * transaction ends.
 */
gboolean
_ea_store_write_deferred (EaStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (EA_IS_STORE (self), FALSE);

  return write_deferred (self, error);
}

/* Commits, counting the change unless it is quiet; on the server, the
 * count goes to the seats that listen, which the server tells only when
 * (and if) the transaction commits. */
static gboolean
commit_writing (EaStore  *self,
                GError  **error)
{
  gboolean counted = !self->quiet;
  /* On the server, entries deferred to the end are linked into the chain
   * at COMMIT, which then also counts the change (0009-audit-at-commit). */
  gboolean linked_at_commit = self->pg != NULL && self->deferred != NULL &&
                              self->deferred->len > 0;
  gint64 count = 0;
  gboolean ok;

  self->quiet = FALSE;
  self->committing = TRUE;
  self->commit_counted = counted;
  ok = write_deferred (self, error);
  self->committing = FALSE;
  if (!ok)
    {
      if (self->pg != NULL)
        _ea_pg_rollback (self->pg);
      return FALSE;
    }
  if (linked_at_commit)
    {
      counted = FALSE;
      self->own_pid = _ea_pg_backend_pid (self->pg);
    }
  if (counted && !count_change (self, &count, error))
    {
      /* A commit that fails on the server ends the transaction, as
       * _ea_pg_commit() does. */
      if (self->pg != NULL)
        _ea_pg_rollback (self->pg);
      return FALSE;
    }
  if (self->pg != NULL)
    {
      ok = _ea_pg_commit (self->pg);
      if (!ok)
        {
          set_server_error (self, error, NULL, NULL);
          _ea_pg_rollback (self->pg);
          return FALSE;
        }
    }
  else if (!run_cached (self, &self->commit, "COMMIT", error))
    return FALSE;
  /* The store's own change is no news to it; one that followed another
   * seat's that it has not noticed yet leaves that one to be noticed. */
  if (counted && count - 1 == self->seen)
    self->seen = count;
  return TRUE;
}

/**
 * _ea_store_keep_quiet:
 * @self: the store, inside a change of its own
 *
 * The present change only records a read in the audit log: it is not
 * counted as a change, and the seats that watch are not told. (A seat
 * that shows a person again after another's change records the read
 * again; counting that would make two seats refresh each other for
 * ever.) Inside _ea_store_begin_all() the whole counts, whatever its
 * parts.
 */
void
_ea_store_keep_quiet (EaStore *self)
{
  g_return_if_fail (EA_IS_STORE (self));

  if (!self->all)
    self->quiet = TRUE;
}

/**
 * _ea_store_begin_locking:
 * @self: the store
 * @lock: which seats' changes it waits for (WRITERS_LOCK)
 * @facility: for %EA_STORE_LOCK_WRITERS, the one facility whose stays,
 *   reservations or beds the change touches, or 0 for a change of the
 *   whole office
 * @error: a #GError
 *
 * Begins a change; inside _ea_store_begin_all(), a step of it.
 */
gboolean
_ea_store_begin_locking (EaStore      *self,
                         EaStoreLock   lock,
                         gint64        facility,
                         GError      **error)
{
  if (self->all)
    {
      guint mark = self->deferred != NULL ? self->deferred->len : 0;

      if (!_ea_store_exec (self, "SAVEPOINT ea_step", error))
        return FALSE;
      g_array_append_val (self->marks, mark);
      return TRUE;
    }
  return begin_writing (self, lock, facility, error);
}

gboolean
_ea_store_begin (EaStore  *self,
                 GError  **error)
{
  return _ea_store_begin_locking (self, EA_STORE_LOCK_WRITERS, 0, error);
}

/* A step of _ea_store_begin_all() ends: what it deferred stays deferred
 * (kept), or is forgotten with it. */
static void
end_step (EaStore  *self,
          gboolean  kept)
{
  guint mark;

  if (self->marks->len == 0)
    return;
  mark = g_array_index (self->marks, guint, self->marks->len - 1);
  g_array_set_size (self->marks, self->marks->len - 1);
  if (!kept && self->deferred != NULL && self->deferred->len > mark)
    g_ptr_array_set_size (self->deferred, mark);
}

gboolean
_ea_store_commit (EaStore  *self,
                  GError  **error)
{
  if (self->all)
    {
      if (!_ea_store_exec (self, "RELEASE ea_step", error))
        return FALSE;
      end_step (self, TRUE);
      return TRUE;
    }
  return commit_writing (self, error);
}

void
_ea_store_rollback (EaStore *self)
{
  if (self->all)
    end_step (self, FALSE);
  else
    forget_deferred (self);
  if (self->pg != NULL)
    {
      if (self->all)
        {
          if (_ea_pg_exec (self->pg, "ROLLBACK TO ea_step"))
            _ea_pg_exec (self->pg, "RELEASE ea_step");
        }
      else
        _ea_pg_rollback (self->pg);
      return;
    }
  if (self->all)
    {
      /* Undoes the one change; the whole stays open. Without a savepoint
       * (its beginning failed) there is nothing to undo. */
      if (sqlite3_exec (self->db, "ROLLBACK TO ea_step", NULL, NULL, NULL) == SQLITE_OK)
        sqlite3_exec (self->db, "RELEASE ea_step", NULL, NULL, NULL);
      return;
    }
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * _ea_store_begin_all:
 * @self: the store
 * @error: a #GError
 *
 * Begins one transaction around many changes, such as the reservations
 * of an allocation: each change made through the usual functions then
 * becomes a savepoint of it, and _ea_store_end_all() stores all of them
 * or none.
 *
 * Returns: whether the transaction began
 */
gboolean
_ea_store_begin_all (EaStore  *self,
                     GError  **error)
{
  return _ea_store_begin_all_locking (self, EA_STORE_LOCK_WRITERS, error);
}

/**
 * _ea_store_begin_all_locking:
 * @self: the store
 * @lock: which seats' changes it waits for (WRITERS_LOCK)
 * @error: a #GError
 *
 * As _ea_store_begin_all(), with another lock than the writers'.
 */
gboolean
_ea_store_begin_all_locking (EaStore      *self,
                             EaStoreLock   lock,
                             GError      **error)
{
  g_return_val_if_fail (!self->all, FALSE);

  if (!begin_writing (self, lock, 0, error))
    return FALSE;
  self->all = TRUE;
  return TRUE;
}

/**
 * _ea_store_end_all:
 * @self: the store
 * @ok: whether every change went through
 * @error: a #GError, set already when @ok is %FALSE
 *
 * Returns: whether all the changes are stored
 */
gboolean
_ea_store_end_all (EaStore   *self,
                   gboolean   ok,
                   GError   **error)
{
  g_return_val_if_fail (self->all, FALSE);

  self->all = FALSE;
  return _ea_store_finish (self, ok, error);
}

/**
 * _ea_store_change_all:
 * @run: the changes, each through the usual functions
 * @data: for @run
 * @error: a #GError
 *
 * Runs many changes in one transaction (_ea_store_begin_all()): all of
 * them are stored when @run succeeds, none when it fails.
 *
 * Returns: whether all the changes are stored
 */
gboolean
_ea_store_change_all (EaStore         *self,
                      EaStoreRunFunc   run,
                      gpointer         data,
                      GError         **error)
{
  if (!_ea_store_begin_all (self, error))
    return FALSE;
  return _ea_store_end_all (self, run (data, error), error);
}

/**
 * _ea_store_finish:
 * @self: the store
 * @ok: whether every step since _ea_store_begin() went through
 * @error: a #GError, set already when @ok is %FALSE
 *
 * Ends a transaction: commits it when @ok, and rolls it back when not or
 * when the commit fails, so that a refused change leaves nothing behind.
 *
 * Returns: whether the change is stored
 */
gboolean
_ea_store_finish (EaStore   *self,
                  gboolean   ok,
                  GError   **error)
{
  if (ok && _ea_store_commit (self, error))
    return TRUE;
  _ea_store_rollback (self);
  return FALSE;
}
