/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-sqlite-private.h"

#include <glib/gi18n-lib.h>

#include "ea-error.h"

/* Statements: what the rest of core sees of the database engine. An
 * EaStmt is compiled SQL with numbered parameters (?1, ?2 … or :name),
 * stepped row by row; nothing above the store names the engine, so that a
 * second one can stand behind the same calls. Here it is SQLite's
 * sqlite3_stmt. */

G_STATIC_ASSERT (EA_STMT_ROW == SQLITE_ROW);
G_STATIC_ASSERT (EA_STMT_DONE == SQLITE_DONE);
G_STATIC_ASSERT ((int) EA_STMT_INTEGER == SQLITE_INTEGER);
G_STATIC_ASSERT ((int) EA_STMT_FLOAT == SQLITE_FLOAT);
G_STATIC_ASSERT ((int) EA_STMT_TEXT == SQLITE_TEXT);
G_STATIC_ASSERT ((int) EA_STMT_BLOB == SQLITE_BLOB);
G_STATIC_ASSERT ((int) EA_STMT_NULL == SQLITE_NULL);

#define S(stmt) ((sqlite3_stmt *) (stmt))
#define E(stmt) ((EaStmt *) (stmt))

/* At most this many statements are kept compiled; SQL built on the fly
 * beyond them is compiled for each call. */
#define MAX_CACHED_STATEMENTS 512

int
_ea_stmt_step (EaStmt *stmt)
{
  return sqlite3_step (S (stmt));
}

void
_ea_stmt_reset (EaStmt *stmt)
{
  sqlite3_reset (S (stmt));
}

void
_ea_stmt_clear_bindings (EaStmt *stmt)
{
  sqlite3_clear_bindings (S (stmt));
}

void
_ea_stmt_free (EaStmt *stmt)
{
  sqlite3_finalize (S (stmt));
}

void
_ea_stmt_bind_int (EaStmt *stmt,
                   int     index,
                   int     value)
{
  sqlite3_bind_int (S (stmt), index, value);
}

void
_ea_stmt_bind_int64 (EaStmt *stmt,
                     int     index,
                     gint64  value)
{
  sqlite3_bind_int64 (S (stmt), index, value);
}

void
_ea_stmt_bind_double (EaStmt *stmt,
                      int     index,
                      double  value)
{
  sqlite3_bind_double (S (stmt), index, value);
}

void
_ea_stmt_bind_null (EaStmt *stmt,
                    int     index)
{
  sqlite3_bind_null (S (stmt), index);
}

/* @text stays the caller's: it must live until the statement is stepped
 * for the last time, reset or bound anew. */
void
_ea_stmt_bind_text (EaStmt     *stmt,
                    int         index,
                    const char *text)
{
  sqlite3_bind_text (S (stmt), index, text, -1, SQLITE_STATIC);
}

/* @length bytes of @text (-1: up to its end), copied. */
void
_ea_stmt_bind_text_copy (EaStmt     *stmt,
                         int         index,
                         const char *text,
                         int         length)
{
  sqlite3_bind_text (S (stmt), index, text, length, SQLITE_TRANSIENT);
}

int
_ea_stmt_bind_index (EaStmt     *stmt,
                     const char *name)
{
  return sqlite3_bind_parameter_index (S (stmt), name);
}

int
_ea_stmt_n_params (EaStmt *stmt)
{
  return sqlite3_bind_parameter_count (S (stmt));
}

int
_ea_stmt_column_int (EaStmt *stmt,
                     int     column)
{
  return sqlite3_column_int (S (stmt), column);
}

gint64
_ea_stmt_column_int64 (EaStmt *stmt,
                       int     column)
{
  return sqlite3_column_int64 (S (stmt), column);
}

double
_ea_stmt_column_double (EaStmt *stmt,
                        int     column)
{
  return sqlite3_column_double (S (stmt), column);
}

/* The column as UTF-8 text, or %NULL; valid until the next step. */
const char *
_ea_stmt_column_text (EaStmt *stmt,
                      int     column)
{
  return (const char *) sqlite3_column_text (S (stmt), column);
}

/* The column's bytes as stored (text without conversion), and how many;
 * %NULL for NULL. Valid until the next step. */
const void *
_ea_stmt_column_bytes (EaStmt *stmt,
                       int     column,
                       gsize  *length)
{
  const void *bytes = sqlite3_column_blob (S (stmt), column);

  *length = (gsize) sqlite3_column_bytes (S (stmt), column);
  return bytes;
}

gboolean
_ea_stmt_column_is_null (EaStmt *stmt,
                         int     column)
{
  return sqlite3_column_type (S (stmt), column) == SQLITE_NULL;
}

EaStmtType
_ea_stmt_column_kind (EaStmt *stmt,
                      int     column)
{
  return (EaStmtType) sqlite3_column_type (S (stmt), column);
}

int
_ea_stmt_n_columns (EaStmt *stmt)
{
  return sqlite3_column_count (S (stmt));
}

const char *
_ea_stmt_column_name (EaStmt *stmt,
                      int     column)
{
  return sqlite3_column_name (S (stmt), column);
}

/* Whether a transaction is open on the store's connection. */
gboolean
_ea_store_in_transaction (EaStore *self)
{
  return !sqlite3_get_autocommit (_ea_store_get_db (self));
}

/* The row the last INSERT made. */
gint64
_ea_store_last_insert_id (EaStore *self)
{
  return sqlite3_last_insert_rowid (_ea_store_get_db (self));
}

/* How many rows the last INSERT, UPDATE or DELETE changed. */
int
_ea_store_changes (EaStore *self)
{
  return sqlite3_changes (_ea_store_get_db (self));
}

/* Whether the last failure was a UNIQUE constraint: the name or login
 * is taken. */
gboolean
_ea_store_failed_on_unique (EaStore *self)
{
  return sqlite3_extended_errcode (_ea_store_get_db (self)) == SQLITE_CONSTRAINT_UNIQUE;
}

/* Whether the last failure was a constraint of the schema (a UNIQUE
 * name, say), which the caller can name in words. */
gboolean
_ea_store_failed_on_constraint (EaStore *self)
{
  return (sqlite3_extended_errcode (_ea_store_get_db (self)) & 0xff) == SQLITE_CONSTRAINT;
}

EaStmt *
_ea_store_prepare (EaStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (_ea_store_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _ea_store_set_error (self, error, _("Database query failed"));
      return NULL;
    }
  return E (stmt);
}

void
_ea_store_bind_text_or_null (EaStmt     *stmt,
                             int         index,
                             const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (S (stmt), index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (S (stmt), index);
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
        sqlite3_bind_int64 (S (stmt), i + 1, va_arg (args, gint64));
      else if (types[i] == 'd')
        sqlite3_bind_double (S (stmt), i + 1, va_arg (args, double));
      else
        _ea_store_bind_text_or_null (stmt, i + 1, va_arg (args, const char *));
    }
}

/* A compiled statement for @sql from the cache, or compiled now. Hand it
 * back with release_statement(). */
static sqlite3_stmt *
acquire_statement (EaStore     *self,
                   const char  *sql,
                   GError     **error)
{
  GHashTable *statements = _ea_store_get_statements (self);
  sqlite3_stmt *stmt = g_hash_table_lookup (statements, sql);

  if (stmt != NULL)
    return stmt;
  if (sqlite3_prepare_v3 (_ea_store_get_db (self), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                          NULL) != SQLITE_OK)
    {
      _ea_store_set_error (self, error, _("Database query failed"));
      return NULL;
    }
  if (g_hash_table_size (statements) < MAX_CACHED_STATEMENTS)
    g_hash_table_insert (statements, g_strdup (sql), stmt);
  return stmt;
}

static void
release_statement (EaStore      *self,
                   const char   *sql,
                   sqlite3_stmt *stmt)
{
  if (g_hash_table_lookup (_ea_store_get_statements (self), sql) == stmt)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  else
    sqlite3_finalize (stmt);
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
  sqlite3_stmt *stmt = g_hash_table_lookup (statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (_ea_store_get_db (self), sql, -1, SQLITE_PREPARE_PERSISTENT,
                              &stmt, NULL) != SQLITE_OK)
        {
          _ea_store_set_error (self, error, _("Database query failed"));
          return NULL;
        }
      /* Literals are few: these are kept whatever the bound of the
       * statements built on the fly. */
      g_hash_table_insert (statements, g_strdup (sql), stmt);
    }
  else if (sqlite3_stmt_busy (stmt))
    {
      g_warning ("A statement is asked for while it still runs: %s", sql);
      g_set_error_literal (error, EA_ERROR, EA_ERROR_FAILED, _("Database query failed"));
      return NULL;
    }
  return E (stmt);
}

void
_ea_store_statement_release (EaStoreStatement *stmt)
{
  sqlite3_reset (S (stmt));
  sqlite3_clear_bindings (S (stmt));
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
  sqlite3_stmt *stmt = acquire_statement (self, sql, error);
  va_list args;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  va_start (args, types);
  _ea_store_bind_values (E (stmt), types, args);
  va_end (args);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
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
  sqlite3_stmt *stmt = acquire_statement (self, sql, NULL);
  va_list args;
  gint64 value;

  if (stmt == NULL)
    return 0;
  va_start (args, types);
  _ea_store_bind_values (E (stmt), types, args);
  va_end (args);
  value = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
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

/**
 * _ea_store_change:
 * @run: the change, inside a transaction
 * @data: for @run
 * @error: a #GError
 *
 * Begins a transaction, runs @run, and commits when it succeeds or rolls
 * back when it fails. (With a server engine this is where a transaction
 * that met another is run again.)
 */
gboolean
_ea_store_change (EaStore       *self,
                  EaStoreRunFunc run,
                  gpointer       data,
                  GError       **error)
{
  if (!_ea_store_begin (self, error))
    return FALSE;
  if (run (data, error) && _ea_store_commit (self, error))
    return TRUE;
  _ea_store_rollback (self);
  return FALSE;
}
