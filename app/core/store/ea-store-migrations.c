/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-sqlite-private.h"

#include <glib/gi18n-lib.h>

#include "ea-core-resources.h"
#include "ea-error.h"

/* The schema's migrations, compiled into the program as resources: for
 * the embedded engine and, where their SQL must differ, for PostgreSQL
 * (ea-store-pg.c applies those); and how SQLite applies its own. */

#define MIGRATIONS_PATH RESOURCE_BASE "/migrations/"
/* PostgreSQL's own migrations, where its SQL must differ; the first
 * builds the whole schema up to its number. */
#define PG_MIGRATIONS_PATH MIGRATIONS_PATH "postgresql/"
/* The shared migration that holds only data (the code lists): both
 * engines run it, PostgreSQL right after its first schema file. */
#define SHARED_DATA_VERSION 2

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  const EaMigration *ma = a;
  const EaMigration *mb = b;

  return (ma->version > mb->version) - (ma->version < mb->version);
}

/* The migrations under @path, sorted by number. The names are
 * NNNN-name.sql; the number is the schema version the file leads to. */
static GArray *
read_migrations (const char *path)
{
  g_auto(GStrv) names = NULL;
  GArray *array = g_array_new (FALSE, TRUE, sizeof (EaMigration));

  /* The generated constructor has registered the resource; asking for
   * it keeps its object file linked from the static library. */
  g_assert (ea_core_get_resource () != NULL);
  names = g_resources_enumerate_children (path, 0, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *rpath = g_strconcat (path, names[i], NULL);
      GBytes *bytes;
      EaMigration m;

      if (!g_str_has_suffix (names[i], ".sql") || !g_ascii_isdigit (names[i][0]))
        continue;
      bytes = g_resources_lookup_data (rpath, 0, NULL);
      g_assert (bytes != NULL);
      m.version = (int) g_ascii_strtoll (names[i], NULL, 10);
      m.name = g_strdup (names[i]);
      /* Resource data is NUL-terminated and lives as long as the program. */
      m.sql = g_bytes_get_data (bytes, NULL);
      g_array_append_val (array, m);
    }
  g_array_sort (array, compare_migrations);
  return array;
}

/* The migrations compiled into the program, for the embedded engine. */
GArray *
_ea_store_load_migrations (void)
{
  static GArray *migrations;

  if (g_once_init_enter (&migrations))
    g_once_init_leave (&migrations, read_migrations (MIGRATIONS_PATH));
  return migrations;
}

/* The migrations for PostgreSQL: its first file builds the schema up to
 * its number, with the shared code lists after it; beyond it, each number
 * is PostgreSQL's own file where there is one and the shared one where
 * the SQL is the same. */
GArray *
_ea_store_load_pg_migrations (void)
{
  static GArray *migrations;

  if (g_once_init_enter (&migrations))
    {
      GArray *own = read_migrations (PG_MIGRATIONS_PATH);
      GArray *shared = _ea_store_load_migrations ();
      GArray *array = g_array_new (FALSE, TRUE, sizeof (EaMigration));
      int base;

      g_assert (own->len > 0);
      base = g_array_index (own, EaMigration, 0).version;
      for (guint i = 0; i < own->len; i++)
        g_array_append_val (array, g_array_index (own, EaMigration, i));
      for (guint i = 0; i < shared->len; i++)
        {
          EaMigration *m = &g_array_index (shared, EaMigration, i);
          gboolean replaced = FALSE;

          if (m->version == SHARED_DATA_VERSION)
            {
              EaMigration *first = &g_array_index (array, EaMigration, 0);
              first->sql = g_strconcat (first->sql, ";\n", m->sql, NULL);
              continue;
            }
          for (guint j = 0; j < own->len; j++)
            replaced |= g_array_index (own, EaMigration, j).version == m->version;
          if (m->version > base && !replaced)
            g_array_append_val (array, *m);
        }
      g_array_sort (array, compare_migrations);
      g_array_unref (own);
      g_once_init_leave (&migrations, array);
    }
  return migrations;
}

int
ea_store_get_latest_schema_version (void)
{
  GArray *migrations = _ea_store_load_migrations ();

  if (migrations->len == 0)
    return 0;
  return g_array_index (migrations, EaMigration, migrations->len - 1).version;
}

int
_ea_store_sqlite_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Each migration runs in its own transaction together with the new
 * user_version, so a failed one leaves the database exactly as it was. */
gboolean
_ea_store_apply_migrations (sqlite3           *db,
                            const EaMigration *migrations,
                            guint              n_migrations,
                            GError           **error)
{
  int current = _ea_store_sqlite_version (db);
  int latest = n_migrations > 0 ? migrations[n_migrations - 1].version : 0;

  if (current < 0)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
                   _("The file is not an E-Akte database: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  if (current > latest)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_TOO_NEW,
                   _("The database has schema version %d, but this program knows only "
                     "up to version %d. Please install the newer version of "
                     "E-Akte Flüchtlingsmanagement that created it."),
                   current, latest);
      return FALSE;
    }

  for (guint i = 0; i < n_migrations; i++)
    {
      const EaMigration *m = &migrations[i];
      g_autofree char *set_version = NULL;
      char *errmsg = NULL;

      if (m->version <= current)
        continue;

      set_version = g_strdup_printf ("PRAGMA user_version = %d;", m->version);
      if (sqlite3_exec (db, "BEGIN IMMEDIATE;", NULL, NULL, &errmsg) != SQLITE_OK ||
          sqlite3_exec (db, m->sql, NULL, NULL, &errmsg) != SQLITE_OK ||
          sqlite3_exec (db, set_version, NULL, NULL, &errmsg) != SQLITE_OK ||
          sqlite3_exec (db, "COMMIT;", NULL, NULL, &errmsg) != SQLITE_OK)
        {
          g_set_error (error, EA_ERROR, EA_ERROR_MIGRATION,
                       _("Migration %s failed: %s. The database was left as it was."),
                       m->name, errmsg ? errmsg : sqlite3_errmsg (db));
          sqlite3_free (errmsg);
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }
      current = m->version;
    }

  return TRUE;
}

