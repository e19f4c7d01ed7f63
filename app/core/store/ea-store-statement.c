/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-sqlite-private.h"
#include "ea-store-pg-private.h"

#include <glib/gi18n-lib.h>

#include "ea-error.h"

/* Statements: what the rest of core sees of the database engines. An
 * EaStmt is compiled SQL with numbered parameters (?1, ?2 … or :name),
 * stepped row by row; nothing above the store names the engine. Behind it
 * stands SQLite's sqlite3_stmt, or a statement of the PostgreSQL server
 * (ea-store-pg.c). */

G_STATIC_ASSERT (EA_STMT_ROW == SQLITE_ROW);
G_STATIC_ASSERT (EA_STMT_DONE == SQLITE_DONE);
G_STATIC_ASSERT ((int) EA_STMT_INTEGER == SQLITE_INTEGER);
G_STATIC_ASSERT ((int) EA_STMT_FLOAT == SQLITE_FLOAT);
G_STATIC_ASSERT ((int) EA_STMT_TEXT == SQLITE_TEXT);
G_STATIC_ASSERT ((int) EA_STMT_BLOB == SQLITE_BLOB);
G_STATIC_ASSERT ((int) EA_STMT_NULL == SQLITE_NULL);

/* An EaStmt is one engine's compiled statement: SQLite's, or the
 * server's (ea-store-pg.c). */
struct _EaStmt
{
  sqlite3_stmt *lite;
  EaPgStmt     *pg;
};

#define S(stmt) ((stmt)->lite)

static EaStmt *
wrap_lite (sqlite3_stmt *lite)
{
  EaStmt *stmt = g_new (EaStmt, 1);

  stmt->lite = lite;
  stmt->pg = NULL;
  return stmt;
}

static EaStmt *
wrap_pg (EaPgStmt *pg)
{
  EaStmt *stmt = g_new (EaStmt, 1);

  stmt->lite = NULL;
  stmt->pg = pg;
  return stmt;
}

/* At most this many statements are kept compiled; SQL built on the fly
 * beyond them is compiled for each call. */
#define MAX_CACHED_STATEMENTS 512

int
_ea_stmt_step (EaStmt *stmt)
{
  if (stmt->pg)
    return _ea_pg_stmt_step (stmt->pg);
  return sqlite3_step (S (stmt));
}

void
_ea_stmt_reset (EaStmt *stmt)
{
  if (stmt->pg)
    _ea_pg_stmt_reset (stmt->pg);
  else
    sqlite3_reset (S (stmt));
}

void
_ea_stmt_clear_bindings (EaStmt *stmt)
{
  if (stmt->pg)
    _ea_pg_stmt_clear_bindings (stmt->pg);
  else
    sqlite3_clear_bindings (S (stmt));
}

void
_ea_stmt_free (EaStmt *stmt)
{
  if (stmt == NULL)
    return;
  if (stmt->pg)
    _ea_pg_stmt_free (stmt->pg);
  else
    sqlite3_finalize (S (stmt));
  g_free (stmt);
}

void
_ea_stmt_bind_int (EaStmt *stmt,
                   int     index,
                   int     value)
{
  if (stmt->pg)
    _ea_pg_stmt_bind_int64 (stmt->pg, index, value);
  else
    sqlite3_bind_int (S (stmt), index, value);
}

void
_ea_stmt_bind_int64 (EaStmt *stmt,
                     int     index,
                     gint64  value)
{
  if (stmt->pg)
    _ea_pg_stmt_bind_int64 (stmt->pg, index, value);
  else
    sqlite3_bind_int64 (S (stmt), index, value);
}

void
_ea_stmt_bind_double (EaStmt *stmt,
                      int     index,
                      double  value)
{
  if (stmt->pg)
    _ea_pg_stmt_bind_double (stmt->pg, index, value);
  else
    sqlite3_bind_double (S (stmt), index, value);
}

void
_ea_stmt_bind_null (EaStmt *stmt,
                    int     index)
{
  if (stmt->pg)
    _ea_pg_stmt_bind_text (stmt->pg, index, NULL, -1);
  else
    sqlite3_bind_null (S (stmt), index);
}

/* @text stays the caller's: it must live until the statement is stepped
 * for the last time, reset or bound anew. */
void
_ea_stmt_bind_text (EaStmt     *stmt,
                    int         index,
                    const char *text)
{
  if (stmt->pg)
    _ea_pg_stmt_bind_text (stmt->pg, index, text, -1);
  else
    sqlite3_bind_text (S (stmt), index, text, -1, SQLITE_STATIC);
}

/* @length bytes of @text (-1: up to its end), copied. */
void
_ea_stmt_bind_text_copy (EaStmt     *stmt,
                         int         index,
                         const char *text,
                         int         length)
{
  if (stmt->pg)
    _ea_pg_stmt_bind_text (stmt->pg, index, text, length);
  else
    sqlite3_bind_text (S (stmt), index, text, length, SQLITE_TRANSIENT);
}

/* Bytes (a piece of a document), copied. */
void
_ea_stmt_bind_blob (EaStmt     *stmt,
                    int         index,
                    const void *bytes,
                    gsize       length)
{
  if (stmt->pg)
    _ea_pg_stmt_bind_bytes (stmt->pg, index, bytes, length);
  else
    sqlite3_bind_blob64 (S (stmt), index, bytes, length, SQLITE_TRANSIENT);
}

int
_ea_stmt_bind_index (EaStmt     *stmt,
                     const char *name)
{
  if (stmt->pg)
    return _ea_pg_stmt_bind_index (stmt->pg, name);
  return sqlite3_bind_parameter_index (S (stmt), name);
}

int
_ea_stmt_n_params (EaStmt *stmt)
{
  if (stmt->pg)
    return _ea_pg_stmt_n_params (stmt->pg);
  return sqlite3_bind_parameter_count (S (stmt));
}

int
_ea_stmt_column_int (EaStmt *stmt,
                     int     column)
{
  if (stmt->pg)
    return (int) _ea_pg_stmt_column_int64 (stmt->pg, column);
  return sqlite3_column_int (S (stmt), column);
}

gint64
_ea_stmt_column_int64 (EaStmt *stmt,
                       int     column)
{
  if (stmt->pg)
    return _ea_pg_stmt_column_int64 (stmt->pg, column);
  return sqlite3_column_int64 (S (stmt), column);
}

double
_ea_stmt_column_double (EaStmt *stmt,
                        int     column)
{
  if (stmt->pg)
    return _ea_pg_stmt_column_double (stmt->pg, column);
  return sqlite3_column_double (S (stmt), column);
}

/* The column as UTF-8 text, or %NULL; valid until the next step. */
const char *
_ea_stmt_column_text (EaStmt *stmt,
                      int     column)
{
  if (stmt->pg)
    return _ea_pg_stmt_column_text (stmt->pg, column);
  return (const char *) sqlite3_column_text (S (stmt), column);
}

/* The column's bytes as stored (text without conversion), and how many;
 * %NULL for NULL. Valid until the next step. */
const void *
_ea_stmt_column_bytes (EaStmt *stmt,
                       int     column,
                       gsize  *length)
{
  const void *bytes;

  if (stmt->pg)
    return _ea_pg_stmt_column_bytes (stmt->pg, column, length);
  bytes = sqlite3_column_blob (S (stmt), column);
  *length = (gsize) sqlite3_column_bytes (S (stmt), column);
  return bytes;
}

gboolean
_ea_stmt_column_is_null (EaStmt *stmt,
                         int     column)
{
  return _ea_stmt_column_kind (stmt, column) == EA_STMT_NULL;
}

EaStmtType
_ea_stmt_column_kind (EaStmt *stmt,
                      int     column)
{
  if (stmt->pg)
    return _ea_pg_stmt_column_kind (stmt->pg, column);
  return (EaStmtType) sqlite3_column_type (S (stmt), column);
}

int
_ea_stmt_n_columns (EaStmt *stmt)
{
  if (stmt->pg)
    return _ea_pg_stmt_n_columns (stmt->pg);
  return sqlite3_column_count (S (stmt));
}

const char *
_ea_stmt_column_name (EaStmt *stmt,
                      int     column)
{
  if (stmt->pg)
    return _ea_pg_stmt_column_name (stmt->pg, column);
  return sqlite3_column_name (S (stmt), column);
}

/* Whether a transaction is open on the store's connection. */
gboolean
_ea_store_in_transaction (EaStore *self)
{
  EaPg *pg = _ea_store_get_pg (self);

  if (pg != NULL)
    return _ea_pg_in_transaction (pg);
  return !sqlite3_get_autocommit (_ea_store_get_db (self));
}

/* The row the last INSERT made. */
gint64
_ea_store_last_insert_id (EaStore *self)
{
  EaPg *pg = _ea_store_get_pg (self);

  if (pg != NULL)
    return _ea_pg_last_insert_id (pg);
  return sqlite3_last_insert_rowid (_ea_store_get_db (self));
}

/* How many rows the last INSERT, UPDATE or DELETE changed. */
int
_ea_store_changes (EaStore *self)
{
  EaPg *pg = _ea_store_get_pg (self);

  if (pg != NULL)
    return _ea_pg_changes (pg);
  return sqlite3_changes (_ea_store_get_db (self));
}

/* Whether the last failure was a UNIQUE constraint: the name or login
 * is taken. */
gboolean
_ea_store_failed_on_unique (EaStore *self)
{
  EaPg *pg = _ea_store_get_pg (self);

  if (pg != NULL)
    return g_str_equal (_ea_pg_sqlstate (pg), "23505");
  return sqlite3_extended_errcode (_ea_store_get_db (self)) == SQLITE_CONSTRAINT_UNIQUE;
}

/* Whether the last failure was a constraint of the schema (a UNIQUE
 * name, say), which the caller can name in words. */
gboolean
_ea_store_failed_on_constraint (EaStore *self)
{
  EaPg *pg = _ea_store_get_pg (self);

  if (pg != NULL)
    return g_str_has_prefix (_ea_pg_sqlstate (pg), "23");
  return (sqlite3_extended_errcode (_ea_store_get_db (self)) & 0xff) == SQLITE_CONSTRAINT;
}

/* Compiles @sql, to be kept (@keep) or freed after its use. */
static EaStmt *
compile (EaStore     *self,
         const char  *sql,
         gboolean     keep,
         GError     **error)
{
  EaPg *pg = _ea_store_get_pg (self);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* The server compiles a statement when it first runs; its faults
   * show there. */
  if (pg != NULL)
    return wrap_pg (_ea_pg_prepare (pg, sql, keep));
  if (keep)
    rc = sqlite3_prepare_v3 (_ea_store_get_db (self), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                             NULL);
  else
    rc = sqlite3_prepare_v2 (_ea_store_get_db (self), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _ea_store_set_error (self, error, _("Database query failed"));
      return NULL;
    }
  return wrap_lite (stmt);
}

EaStmt *
_ea_store_prepare (EaStore     *self,
                   const char  *sql,
                   GError     **error)
{
  return compile (self, sql, FALSE, error);
}

void
_ea_store_bind_text_or_null (EaStmt     *stmt,
                             int         index,
                             const char *text)
{
  if (text != NULL)
    _ea_stmt_bind_text_copy (stmt, index, text, -1);
  else
    _ea_stmt_bind_null (stmt, index);
}

/* Binds the values after @types to @stmt's parameters in order: 'i' a
 * gint64, 'd' a double, 's' a string or %NULL. */
void
_ea_store_bind_values (EaStmt     *stmt,
                       const char *types,
                       va_list     args)
{
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        _ea_stmt_bind_int64 (stmt, i + 1, va_arg (args, gint64));
      else if (types[i] == 'd')
        _ea_stmt_bind_double (stmt, i + 1, va_arg (args, double));
      else
        _ea_store_bind_text_or_null (stmt, i + 1, va_arg (args, const char *));
    }
}

/* A compiled statement for @sql from the cache, or compiled now. Hand it
 * back with release_statement(). */
static EaStmt *
acquire_statement (EaStore     *self,
                   const char  *sql,
                   GError     **error)
{
  GHashTable *statements = _ea_store_get_statements (self);
  EaStmt *stmt = g_hash_table_lookup (statements, sql);
  gboolean keep = g_hash_table_size (statements) < MAX_CACHED_STATEMENTS;

  if (stmt != NULL)
    return stmt;
  stmt = compile (self, sql, keep, error);
  if (stmt != NULL && keep)
    g_hash_table_insert (statements, g_strdup (sql), stmt);
  return stmt;
}

static void
release_statement (EaStore    *self,
                   const char *sql,
                   EaStmt     *stmt)
{
  if (g_hash_table_lookup (_ea_store_get_statements (self), sql) == stmt)
    {
      _ea_stmt_reset (stmt);
      _ea_stmt_clear_bindings (stmt);
    }
  else
    _ea_stmt_free (stmt);
}

static gboolean
statement_busy (EaStmt *stmt)
{
  if (stmt->pg)
    return _ea_pg_stmt_busy (stmt->pg);
  return sqlite3_stmt_busy (S (stmt));
}

/**
 * _ea_store_statement:
 * @sql: a string literal
 *
 * The store's compiled statement for @sql, compiled on first use. It is
 * one per SQL text: a caller that asks for it again while it still runs
 * is refused (and warned about), as reading the same statement twice at
 * once cannot work.
 *
 * Returns: (transfer none): the statement, to give back with
 *   _ea_store_statement_release(); %NULL with @error set
 */
EaStoreStatement *
_ea_store_statement (EaStore     *self,
                     const char  *sql,
                     GError     **error)
{
  GHashTable *statements = _ea_store_get_statements (self);
  EaStmt *stmt = g_hash_table_lookup (statements, sql);

  if (stmt == NULL)
    {
      stmt = compile (self, sql, TRUE, error);
      if (stmt == NULL)
        return NULL;
      /* Literals are few: these are kept whatever the bound of the
       * statements built on the fly. */
      g_hash_table_insert (statements, g_strdup (sql), stmt);
    }
  else if (statement_busy (stmt))
    {
      g_warning ("A statement is asked for while it still runs: %s", sql);
      g_set_error_literal (error, EA_ERROR, EA_ERROR_FAILED, _("Database query failed"));
      return NULL;
    }
  return stmt;
}

void
_ea_store_statement_release (EaStoreStatement *stmt)
{
  _ea_stmt_reset (stmt);
  _ea_stmt_clear_bindings (stmt);
}

/* Runs one statement that returns no rows, with its parameters bound as
 * _ea_store_bind_values() does. */
gboolean
_ea_store_exec_bound (EaStore     *self,
                      const char  *sql,
                      GError     **error,
                      const char  *types,
                      ...)
{
  EaStmt *stmt = acquire_statement (self, sql, error);
  va_list args;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  va_start (args, types);
  _ea_store_bind_values (stmt, types, args);
  va_end (args);
  ok = _ea_stmt_step (stmt) == EA_STMT_DONE;
  if (!ok)
    _ea_store_set_error (self, error, _("Cannot save the change"));
  release_statement (self, sql, stmt);
  return ok;
}

/* The first column of the first row of @sql with its parameters bound as
 * _ea_store_bind_values() does, or 0 when there is no row. */
gint64
_ea_store_query_int (EaStore    *self,
                     const char *sql,
                     const char *types,
                     ...)
{
  EaStmt *stmt = acquire_statement (self, sql, NULL);
  va_list args;
  gint64 value;

  if (stmt == NULL)
    return 0;
  va_start (args, types);
  _ea_store_bind_values (stmt, types, args);
  va_end (args);
  value = _ea_stmt_step (stmt) == EA_STMT_ROW ? _ea_stmt_column_int64 (stmt, 0) : 0;
  release_statement (self, sql, stmt);
  return value;
}

/* The first column of the first row of @sql with @id bound, or 0. */
gint64
_ea_store_lookup_id (EaStore    *self,
                     const char *sql,
                     gint64      id)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return 0;
  _ea_stmt_bind_int64 (stmt, 1, id);
  return _ea_stmt_step (stmt) == EA_STMT_ROW ? _ea_stmt_column_int64 (stmt, 0) : 0;
}

/* How often a change that met another seat's is run again. */
#define MAX_RETRIES 3

/* Whether the change just rolled back met another seat's on the server
 * (serialization failure, deadlock) and may simply run again: the whole
 * transaction is gone, so nothing of it stays. */
static gboolean
may_run_again (EaStore *self)
{
  EaPg *pg = _ea_store_get_pg (self);

  return pg != NULL && !_ea_store_in_transaction (self) &&
         (g_str_equal (_ea_pg_sqlstate (pg), "40001") ||
          g_str_equal (_ea_pg_sqlstate (pg), "40P01"));
}

/**
 * _ea_store_change:
 * @run: the change, inside a transaction
 * @data: for @run
 * @error: a #GError
 *
 * Begins a transaction, runs @run, and commits when it succeeds or rolls
 * back when it fails. On a server, a change that met another seat's
 * (serialization failure, deadlock) runs again, a few times at most: the
 * user never sees that.
 */
gboolean
_ea_store_change (EaStore       *self,
                  EaStoreRunFunc run,
                  gpointer       data,
                  GError       **error)
{
  return _ea_store_change_locking (self, EA_STORE_LOCK_WRITERS, 0, run, data, error);
}

/**
 * _ea_store_change_locking:
 * @lock: what the change waits for on the server
 * @facility: for %EA_STORE_LOCK_WRITERS, the one facility whose stays,
 *   reservations or beds the change touches, or 0
 *
 * As _ea_store_change(), with another lock than the writers' alone.
 */
gboolean
_ea_store_change_locking (EaStore       *self,
                          EaStoreLock    lock,
                          gint64         facility,
                          EaStoreRunFunc run,
                          gpointer       data,
                          GError       **error)
{
  for (int attempt = 0;; attempt++)
    {
      g_autoptr(GError) local = NULL;

      if (_ea_store_begin_locking (self, lock, facility, &local) && run (data, &local) &&
          _ea_store_commit (self, &local))
        return TRUE;
      _ea_store_rollback (self);
      if (attempt < MAX_RETRIES && may_run_again (self))
        continue;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
}
