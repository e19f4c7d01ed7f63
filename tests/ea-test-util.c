/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "ea-test-util.h"
#include "ea-store-private.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Helpers shared by the tests: real SQLite files in temporary folders, or
 * real databases on a throwaway PostgreSQL cluster (tests/with-postgresql.sh
 * sets $EAKTE_TEST_PG), and the program's clock. */

/**
 * ea_test_pin_clock:
 * @when: a day or time as ea_clock_pin() reads it
 *
 * Pins the program's clock in this process and, through `$EAKTE_NOW`, in
 * every eakte-cli and application the test starts.
 */
void
ea_test_pin_clock (const char *when)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ea_clock_pin (when, &error));
  g_assert_no_error (error);
  g_setenv ("EAKTE_NOW", when, TRUE);
}

static char *root;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_root (void)
{
  if (root != NULL && g_getenv ("EAKTE_TEST_KEEP") == NULL)
    remove_tree (root);
}

/**
 * ea_test_dir_make_tmp:
 *
 * A new folder for a test's files, inside one folder per test program that
 * is removed when the program ends (set `$EAKTE_TEST_KEEP` to keep it).
 *
 * Returns: (transfer full): its path
 */
char *
ea_test_dir_make_tmp (void)
{
  char *dir;

  if (root == NULL)
    {
      g_autoptr(GError) error = NULL;

      root = g_dir_make_tmp ("eakte-tests-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (remove_root);
    }
  dir = g_build_filename (root, "XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp_full (dir, 0700));
  return dir;
}

/* The databases this test program made on the server, dropped at its end. */
static GPtrArray *server_databases;

/**
 * ea_test_run_on_cluster:
 * @sql: statements without parameters
 *
 * Runs @sql on the test cluster's maintenance database (postgres), as
 * its administrator: for what a database cannot do to itself.
 */
void
ea_test_run_on_cluster (const char *sql)
{
  g_autofree char *address = g_strdup_printf ("%s dbname=postgres", g_getenv ("EAKTE_TEST_PG"));
  PGconn *conn = PQconnectdb (address);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("The test cluster cannot be reached: %s", PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s failed on the test cluster: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

static void
drop_server_databases (void)
{
  if (g_getenv ("EAKTE_TEST_KEEP") != NULL)
    return;
  for (guint i = 0; i < server_databases->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)",
                                              (char *) g_ptr_array_index (server_databases, i));
      ea_test_run_on_cluster (sql);
    }
}

/**
 * ea_test_on_server:
 *
 * Returns: whether the tests run against PostgreSQL ($EAKTE_TEST_PG)
 */
gboolean
ea_test_on_server (void)
{
  const char *cluster = g_getenv ("EAKTE_TEST_PG");

  return cluster != NULL && cluster[0] != '\0';
}

/**
 * ea_test_new_server_database:
 *
 * Returns: (transfer full): the address of a new, empty database on the
 *   test cluster, dropped when the test program ends
 */
char *
ea_test_new_server_database (void)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;

  g_assert_true (ea_test_on_server ());
  if (server_databases == NULL)
    server_databases = g_ptr_array_new_with_free_func (g_free);
  name = g_strdup_printf ("eakte_test_%d_%u", (int) getpid (), server_databases->len + 1);
  sql = g_strdup_printf ("CREATE DATABASE %s", name);
  ea_test_run_on_cluster (sql);
  /* After libpq's first connection, whose libraries register their own
   * clean-up at exit: the databases are dropped before that runs. */
  if (server_databases->len == 0)
    atexit (drop_server_databases);
  g_ptr_array_add (server_databases, g_strdup (name));
  return g_strdup_printf ("%s dbname=%s", g_getenv ("EAKTE_TEST_PG"), name);
}

/* A new database of the engine the tests run on: a file in a temporary
 * folder, or a database on the test cluster. */
char *
ea_test_temp_db_path (void)
{
  g_autofree char *dir = NULL;

  if (ea_test_on_server ())
    return ea_test_new_server_database ();
  dir = ea_test_dir_make_tmp ();
  return g_build_filename (dir, "eakte.db", NULL);
}

/**
 * ea_test_new_store:
 * @ags: the office's AGS
 *
 * Returns: (transfer full): a new, empty database in a temporary folder,
 *   with the administrator "admin" (password "geheim123")
 */
EaStore *
ea_test_new_store (const char *ags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ea_test_temp_db_path ();
  g_autoptr(EaStore) store = ea_store_open (path, EA_STORE_OPEN_NEW, &error);

  g_assert_no_error (error);
  g_assert_true (ea_accounts_initialize_office (store, ags, "Testamt", "admin", "geheim123",
                                                &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

/**
 * ea_test_new_demo:
 * @seed: the demo's seed
 * @persons: how many persons, 0 for the default 2,500
 * @facilities: how many facilities, 0 for the default 24
 * @today: (nullable): the reference day, %NULL for today
 *
 * Returns: (transfer full): a new demo district in a temporary folder
 */
EaStore *
ea_test_new_demo (guint32     seed,
                  guint       persons,
                  guint       facilities,
                  const char *today)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ea_test_temp_db_path ();
  g_autoptr(EaStore) store = ea_store_open (path, EA_STORE_OPEN_NEW, &error);
  EaDemoOptions options = { persons, facilities, seed, today };

  g_assert_no_error (error);
  ea_demo_generate (store, &options, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

/**
 * ea_test_day_after:
 * @day: `YYYY-MM-DD`
 * @days: how many days later (or earlier, when negative)
 *
 * Returns: (transfer full): that day, `YYYY-MM-DD`
 */
char *
ea_test_day_after (const char *day,
                   int         days)
{
  g_autoptr(GDate) date = g_date_new ();
  unsigned y, m, d;

  g_assert_cmpint (sscanf (day, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  if (days >= 0)
    g_date_add_days (date, (guint) days);
  else
    g_date_subtract_days (date, (guint) -days);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/**
 * ea_test_exec:
 * @sql: statements that set up a test's rows, often with their ids
 *
 * Runs @sql. On the server, each table's counter of ids then continues
 * after the highest id that @sql gave (SQLite does that by itself).
 */
gboolean
ea_test_exec (EaStore     *store,
              const char  *sql,
              GError     **error)
{
  if (!_ea_store_exec (store, sql, error))
    return FALSE;
  return _ea_store_follow_ids (store, error);
}

int
ea_test_query_int (EaStore    *store,
                   const char *sql)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
  return _ea_stmt_column_int (stmt, 0);
}

/**
 * ea_test_dump_tables:
 * @store: a database
 *
 * Every table, row by row and column by column, but for what is not
 * meant to repeat: instants (the columns `at` and `…_at`, and the audit
 * chain's hashes that cover them), the salted password hashes and the
 * count of changes (the setting change_count).
 *
 * Returns: (transfer full): a checksum of it all, to compare districts
 */
char *
ea_test_dump_tables (EaStore *store)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(EaStmt) tables = _ea_store_prepare (store,
    ea_store_address_is_server (ea_store_get_path (store))
    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema () "
      "AND table_type = 'BASE TABLE' ORDER BY 1"
    /* Not the full-text index's own tables: how it lays out its index
     * depends on the order its rows came in, not on what they say. */
    : "SELECT name FROM sqlite_schema t WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "AND NOT EXISTS (SELECT 1 FROM sqlite_schema v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' "
      "  AND t.name IN (v.name || '_data', v.name || '_idx', v.name || '_docsize', "
      "                 v.name || '_config')) "
      "ORDER BY name", NULL);
  guint n_tables = 0;

  g_assert_nonnull (tables);
  while (_ea_stmt_step (tables) == EA_STMT_ROW)
    {
      const char *table = _ea_stmt_column_text (tables, 0);
      g_autofree char *sql = NULL;
      g_autoptr(EaStmt) stmt = NULL;
      g_autoptr(GString) order = g_string_new ("1");

      /* In the order of all columns: rows equal in the first (the words
       * of a document's text) come back from a copy in another order. */
      {
        g_autofree char *first = g_strdup_printf ("SELECT * FROM \"%s\" LIMIT 1", table);
        g_autoptr(EaStmt) probe = _ea_store_prepare (store, first, NULL);

        g_assert_nonnull (probe);
        if (_ea_stmt_step (probe) == EA_STMT_ROW)
          for (int c = 2; c <= _ea_stmt_n_columns (probe); c++)
            g_string_append_printf (order, ", %d", c);
      }
      sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY %s", table, order->str);
      stmt = _ea_store_prepare (store, sql, NULL);

      g_assert_nonnull (stmt);
      n_tables++;
      g_checksum_update (sum, (const guchar *) table, -1);
      while (_ea_stmt_step (stmt) == EA_STMT_ROW)
        for (int c = 0; c < _ea_stmt_n_columns (stmt); c++)
          {
            const char *name = _ea_stmt_column_name (stmt, c);
            gsize length = 0;
            const char *v = _ea_stmt_column_bytes (stmt, c, &length);

            /* How many changes a database has seen counts its own
             * commits, which a copy adds to. */
            if (g_str_equal (table, "settings") &&
                g_strcmp0 (_ea_stmt_column_text (stmt, 0), "change_count") == 0)
              break;

            if (g_str_equal (name, "at") || g_str_has_suffix (name, "_at") ||
                g_str_equal (name, "password_hash") ||
                (g_str_equal (table, "audit_log") && g_str_has_suffix (name, "hash")))
              continue;
            g_checksum_update (sum, (const guchar *) name, -1);
            if (v != NULL)
              g_checksum_update (sum, (const guchar *) v, length);
            else
              g_checksum_update (sum, (const guchar *) "\x01NULL", -1);
            g_checksum_update (sum, (const guchar *) "\x1f", 1);
          }
    }
  g_assert_cmpuint (n_tables, >, 30);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
on_server (EaStore *store)
{
  return ea_store_address_is_server (ea_store_get_path (store));
}

static char *
content_file (EaStore    *store,
              const char *sha)
{
  g_autofree char *dir = ea_store_dup_documents_dir (store);
  g_autofree char *prefix = g_strndup (sha, 2);

  return g_build_filename (dir, prefix, sha + 2, NULL);
}

/**
 * ea_test_put_content:
 * @sha: the name, which need not be the content's SHA-256 (a fixture)
 * @bytes: the content
 *
 * Puts a content into the document store as it is, unchecked: a file,
 * or on a server one part of its blob (whose row may follow in the same
 * transaction, or be there).
 */
void
ea_test_put_content (EaStore    *store,
                     const char *sha,
                     const char *bytes)
{
  if (on_server (store))
    {
      g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "INSERT INTO blob_parts (sha256, part, "
                                                         "bytes) VALUES (?1, 0, ?2)", NULL);

      g_assert_nonnull (stmt);
      _ea_stmt_bind_text (stmt, 1, sha);
      _ea_stmt_bind_blob (stmt, 2, bytes, strlen (bytes));
      g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_DONE);
    }
  else
    {
      g_autofree char *file = content_file (store, sha);
      g_autofree char *dir = g_path_get_dirname (file);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (file, bytes, -1, NULL));
    }
}

/* Whether anything of the content is kept: its file, or a part. */
gboolean
ea_test_has_content (EaStore    *store,
                     const char *sha)
{
  g_autofree char *file = NULL;

  if (on_server (store))
    {
      g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT count (*) FROM blob_parts "
                                                         "WHERE sha256 = ?1", NULL);

      _ea_stmt_bind_text (stmt, 1, sha);
      g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
      return _ea_stmt_column_int64 (stmt, 0) > 0;
    }
  file = content_file (store, sha);
  return g_file_test (file, G_FILE_TEST_EXISTS);
}

static gboolean
append_piece (const void  *bytes,
              gsize        length,
              gpointer     data,
              GError     **error)
{
  g_byte_array_append (data, bytes, length);
  return TRUE;
}

/* The content as the store reads it, or %NULL when it is missing. */
GBytes *
ea_test_read_content (EaStore    *store,
                      const char *sha)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  if (!_ea_store_blob_read (store, sha, append_piece, bytes, NULL))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_str_equal (name, ".pending"))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_files (child);
      else
        n++;
    }
  return n;
}

/* How many contents the store keeps, whole or begun: files (written or
 * half), or blobs with parts. */
guint
ea_test_count_contents (EaStore *store)
{
  g_autofree char *dir = NULL;

  if (on_server (store))
    return ea_test_query_int (store, "SELECT count (DISTINCT sha256) FROM blob_parts");
  dir = ea_store_dup_documents_dir (store);
  return count_files (dir);
}
