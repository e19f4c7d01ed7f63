/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-pg-private.h"

#include <glib/gi18n-lib.h>

#include "ea-error.h"

/* Moving an office: every row of one database into another of the same
 * schema, whichever engine each runs on (SQLite → PostgreSQL, and back for
 * an offline copy). The tables and their references are read from the
 * source's engine, so that a table a later migration adds is copied too. */

/**
 * _ea_store_begin_read:
 *
 * Begins a transaction that only reads, and sees one consistent snapshot
 * of the database however long it runs, while others go on writing.
 * End it with _ea_store_end_read().
 */
gboolean
_ea_store_begin_read (EaStore  *self,
                      GError  **error)
{
  if (_ea_store_get_pg (self) != NULL)
    return _ea_store_exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error);
  return _ea_store_exec (self, "BEGIN", error);
}

void
_ea_store_end_read (EaStore *self)
{
  if (_ea_store_in_transaction (self))
    _ea_store_exec (self, "ROLLBACK", NULL);
}

/**
 * _ea_store_follow_ids:
 *
 * After rows were written with their ids (a copy of a database), the
 * server's counters of ids continue after the highest; SQLite does that
 * by itself.
 */
gboolean
_ea_store_follow_ids (EaStore  *self,
                      GError  **error)
{
  if (_ea_store_get_pg (self) == NULL)
    return TRUE;
  return _ea_store_exec (self,
    "DO $$ DECLARE r record; top bigint; BEGIN "
    "  FOR r IN SELECT c.relname AS t FROM pg_catalog.pg_class c "
    "    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id' "
    "    WHERE c.relkind = 'r' AND a.attidentity <> '' "
    "      AND c.relnamespace = current_schema ()::regnamespace LOOP "
    "    EXECUTE format ('SELECT max (id) FROM %I', r.t) INTO top; "
    "    IF top IS NOT NULL THEN "
    "      PERFORM setval (pg_get_serial_sequence (quote_ident (r.t), 'id'), top); "
    "    END IF; "
    "  END LOOP; END $$", error);
}

/* The tables of the schema (without the engines' own: a server's
 * documents' contents, blob_parts, go by _ea_store_blobs_copy (); its
 * audit_pending is empty outside a committing transaction), and for a
 * table the tables it refers to. */
static const char *
tables_sql (EaStore *store)
{
  if (_ea_store_get_pg (store) != NULL)
    return "SELECT table_name FROM information_schema.tables "
           "WHERE table_schema = current_schema () AND table_type = 'BASE TABLE' "
           "AND table_name NOT IN ('schema_version', 'blob_parts', 'audit_pending') ORDER BY 1";
  /* The full-text table's own tables (document_text_data …) are SQLite's. */
  return "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
         "AND name NOT LIKE 'document|_text|_%' ESCAPE '|' ORDER BY 1";
}

static const char *
references_sql (EaStore *store)
{
  if (_ea_store_get_pg (store) != NULL)
    return "SELECT DISTINCT r.relname FROM pg_catalog.pg_constraint c "
           "JOIN pg_catalog.pg_class t ON t.oid = c.conrelid "
           "JOIN pg_catalog.pg_class r ON r.oid = c.confrelid "
           "WHERE c.contype = 'f' AND t.relname = ?1 "
           "AND t.relnamespace = current_schema ()::regnamespace";
  return "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list (?1)";
}

static GPtrArray *
read_texts (EaStore     *store,
            const char  *sql,
            const char  *bound,
            GError     **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (bound != NULL)
    _ea_stmt_bind_text (stmt, 1, bound);
  while ((rc = _ea_stmt_step (stmt)) == EA_STMT_ROW)
    g_ptr_array_add (texts, g_strdup (_ea_stmt_column_text (stmt, 0)));
  if (rc != EA_STMT_DONE)
    {
      _ea_store_set_error (store, error, _("Cannot read the database's tables"));
      return NULL;
    }
  return g_steal_pointer (&texts);
}

/* The tables of @store, each after every table it refers to. */
static GPtrArray *
tables_in_order (EaStore  *store,
                 GError  **error)
{
  g_autoptr(GPtrArray) tables = read_texts (store, tables_sql (store), NULL, error);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  if (tables == NULL)
    return NULL;
  for (guint i = 0; i < tables->len; i++)
    {
      GPtrArray *r = read_texts (store, references_sql (store), g_ptr_array_index (tables, i),
                                 error);
      if (r == NULL)
        return NULL;
      g_ptr_array_add (refs, r);
    }
  while (order->len < tables->len)
    {
      guint before = order->len;

      for (guint i = 0; i < tables->len; i++)
        {
          const char *table = g_ptr_array_index (tables, i);
          GPtrArray *r = g_ptr_array_index (refs, i);
          gboolean ready = !g_hash_table_contains (placed, table);

          for (guint j = 0; ready && j < r->len; j++)
            ready = g_str_equal (g_ptr_array_index (r, j), table) ||
                    g_hash_table_contains (placed, g_ptr_array_index (r, j));
          if (ready)
            {
              g_ptr_array_add (order, g_strdup (table));
              g_hash_table_add (placed, (gpointer) table);
            }
        }
      if (order->len == before)
        {
          g_set_error_literal (error, EA_ERROR, EA_ERROR_FAILED,
                               _("The tables of the database refer to each other in a circle; "
                                 "they cannot be copied one after the other."));
          return NULL;
        }
    }
  return g_steal_pointer (&order);
}

/* @name as an SQL identifier, its quotes doubled. */
static char *
quote_name (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "\"", -1);
  g_autofree char *joined = g_strjoinv ("\"\"", parts);

  return g_strdup_printf ("\"%s\"", joined);
}

/* Copies the rows of @table; returns how many, or -1. */
static gint64
copy_table (EaStore     *source,
            EaStore     *target,
            const char  *table,
            GError     **error)
{
  /* The full-text table's columns are its rowid and text: its word index
   * is each engine's own. */
  gboolean text = g_str_equal (table, "document_text");
  g_autofree char *quoted = quote_name (table);
  g_autofree char *select = g_strdup_printf (text ? "SELECT rowid, body FROM %s ORDER BY 1"
                                                  : "SELECT * FROM %s ORDER BY 1", quoted);
  g_autoptr(EaStmt) read = _ea_store_prepare (source, select, error);
  g_autoptr(EaStmt) write = NULL;
  gint64 n = 0;
  int rc, columns = 0;

  if (read == NULL)
    return -1;
  while ((rc = _ea_stmt_step (read)) == EA_STMT_ROW)
    {
      if (write == NULL)
        {
          g_autoptr(GString) sql = g_string_new (NULL);

          columns = _ea_stmt_n_columns (read);
          g_string_printf (sql, "INSERT INTO %s (", quoted);
          for (int c = 0; c < columns; c++)
            {
              g_autofree char *column = quote_name (_ea_stmt_column_name (read, c));

              g_string_append_printf (sql, "%s%s", c ? ", " : "", column);
            }
          g_string_append (sql, ") VALUES (");
          for (int c = 0; c < columns; c++)
            g_string_append_printf (sql, "%s?%d", c ? ", " : "", c + 1);
          g_string_append (sql, ")");
          write = _ea_store_prepare (target, sql->str, error);
          if (write == NULL)
            return -1;
        }
      for (int c = 0; c < columns; c++)
        switch (_ea_stmt_column_kind (read, c))
          {
          case EA_STMT_INTEGER:
            _ea_stmt_bind_int64 (write, c + 1, _ea_stmt_column_int64 (read, c));
            break;
          case EA_STMT_FLOAT:
            _ea_stmt_bind_double (write, c + 1, _ea_stmt_column_double (read, c));
            break;
          case EA_STMT_NULL:
            _ea_stmt_bind_null (write, c + 1);
            break;
          case EA_STMT_TEXT:
          case EA_STMT_BLOB:
          default:
            _ea_stmt_bind_text_copy (write, c + 1, _ea_stmt_column_text (read, c), -1);
            break;
          }
      if (_ea_stmt_step (write) != EA_STMT_DONE)
        {
          g_autofree char *what = g_strdup_printf (_("Cannot copy a row of the table %s"), table);
          _ea_store_set_error (target, error, what);
          return -1;
        }
      _ea_stmt_reset (write);
      _ea_stmt_clear_bindings (write);
      n++;
    }
  if (rc != EA_STMT_DONE)
    {
      g_autofree char *what = g_strdup_printf (_("Cannot read the table %s"), table);
      _ea_store_set_error (source, error, what);
      return -1;
    }
  return n;
}

typedef struct {
  EaStore   *source;
  EaStore   *target;
  GPtrArray *tables;
  gint64     rows;
  guint      contents;
} Copy;

static gboolean
copy_all (gpointer   data,
          GError   **error)
{
  Copy *copy = data;

  copy->rows = 0;
  /* What the new database's migrations filled in (the code lists) gives
   * way to the source's rows. */
  for (guint i = copy->tables->len; i > 0; i--)
    {
      g_autofree char *quoted = quote_name (g_ptr_array_index (copy->tables, i - 1));
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", quoted);
      if (!_ea_store_exec (copy->target, sql, error))
        return FALSE;
    }
  for (guint i = 0; i < copy->tables->len; i++)
    {
      gint64 n = copy_table (copy->source, copy->target, g_ptr_array_index (copy->tables, i),
                             error);
      if (n < 0)
        return FALSE;
      copy->rows += n;
    }
  /* The documents' contents in the same transaction: on a server they
   * are rows too, and a copy that fails leaves no office behind. */
  copy->contents = 0;
  return _ea_store_blobs_copy (copy->source, copy->target, &copy->contents, error) &&
         _ea_store_follow_ids (copy->target, error);
}

/**
 * _ea_store_copy_rows:
 * @source: the database to copy, which others may go on using
 * @target: a new database of the same schema (ea_store_open() with
 *   %EA_STORE_OPEN_NEW)
 * @rows: (out): how many rows were copied
 * @contents: (out): how many documents' contents were copied (those the
 *   target's document store did not have)
 *
 * Copies every row of every table from one consistent snapshot of
 * @source into @target, with the documents' contents, in one transaction
 * there: all of them or, on a failure, none.
 */
gboolean
_ea_store_copy_rows (EaStore  *source,
                     EaStore  *target,
                     gint64   *rows,
                     guint    *contents,
                     GError  **error)
{
  Copy copy = { source, target, NULL, 0, 0 };
  gboolean ok;

  if (ea_store_get_schema_version (source) != ea_store_get_schema_version (target))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("The two databases have different schema versions (%d and %d): open "
                           "the older one with this program first, which brings it up to "
                           "date."), ea_store_get_schema_version (source),
                         ea_store_get_schema_version (target));
  if (!_ea_store_begin_read (source, error))
    return FALSE;
  copy.tables = tables_in_order (source, error);
  ok = copy.tables != NULL && _ea_store_change (target, copy_all, &copy, error);
  _ea_store_end_read (source);
  g_clear_pointer (&copy.tables, g_ptr_array_unref);
  *rows = copy.rows;
  *contents = copy.contents;
  return ok;
}
