/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-pg-private.h"

#include <glib/gi18n-lib.h>

#include "ea-error.h"

/* The schema on the server: built and brought up to date by the
 * migrations for PostgreSQL (ea-store-migrations.c). */

/* All seats that open the database at once agree on who builds or
 * upgrades its schema: the first takes this lock, the others wait and
 * find it done. ("EAkt" as a number.) */
#define SCHEMA_LOCK "1161915252"

static gboolean
query_int (EaPg       *pg,
           const char *sql,
           gint64     *value)
{
  EaPgStmt *stmt = _ea_pg_prepare (pg, sql, FALSE);
  int rc = _ea_pg_stmt_step (stmt);

  if (rc == EA_STMT_ROW)
    *value = _ea_pg_stmt_column_text (stmt, 0) ? _ea_pg_stmt_column_int64 (stmt, 0) : -1;
  else if (rc == EA_STMT_DONE)
    *value = -1;
  _ea_pg_stmt_free (stmt);
  return rc != EA_PG_FAILED;
}

/* The schema version, or 0 when the database has no E-Akte schema,
 * or -1 when it cannot be read. */
int
_ea_pg_schema_version (EaPg *pg)
{
  gint64 exists = -1, version = -1;

  if (!query_int (pg, "SELECT count (*) FROM pg_catalog.pg_tables "
                      "WHERE schemaname = current_schema () AND tablename = 'schema_version'",
                  &exists))
    return -1;
  if (exists <= 0)
    return 0;
  if (!query_int (pg, "SELECT max (version) FROM schema_version", &version))
    return -1;
  return (int) MAX (version, 0);
}

static gboolean
fail_migration (EaPg        *pg,
                GError     **error,
                const char  *name)
{
  g_set_error (error, EA_ERROR, EA_ERROR_MIGRATION,
               _("Migration %s failed: %s. The database was left as it was."), name,
               _ea_pg_message (pg));
  _ea_pg_rollback (pg);
  return FALSE;
}

/* Checks, under the schema lock, what the database holds against what
 * @flags allow. */
static gboolean
check_database (EaPg              *pg,
                const char        *address,
                EaStoreOpenFlags   flags,
                int                current,
                int                latest,
                GError           **error)
{
  gint64 tables = 0, users = 0;

  if (current > latest)
    return ea_error_set (error, EA_ERROR_TOO_NEW,
                         _("The database has schema version %d, but this program knows only "
                           "up to version %d. Please install the newer version of "
                           "E-Akte Flüchtlingsmanagement that created it."),
                         current, latest);
  if (current == 0)
    {
      if (!query_int (pg, "SELECT count (*) FROM pg_catalog.pg_tables "
                          "WHERE schemaname = current_schema ()", &tables))
        return ea_error_set (error, EA_ERROR_FAILED, _("Cannot read the database %s: %s"),
                             address, _ea_pg_message (pg));
      if (tables > 0)
        return ea_error_set (error, EA_ERROR_FAILED,
                             _("The database %s holds tables of another program: it has no "
                               "E-Akte schema. It was not changed; choose an empty database "
                               "for a new office."), address);
      if (!(flags & (EA_STORE_OPEN_CREATE | EA_STORE_OPEN_NEW)))
        return ea_error_set (error, EA_ERROR_NOT_FOUND,
                             _("The database %s has no E-Akte office yet. Create one with "
                               "“eakte-cli init --db …” or “eakte-cli demo --db …”."),
                             address);
      return TRUE;
    }
  if (flags & EA_STORE_OPEN_NEW)
    {
      /* An office whose setup was stopped before its first account may
       * be set up again; one with accounts is never overwritten. */
      if (!query_int (pg, "SELECT count (*) FROM users", &users))
        return ea_error_set (error, EA_ERROR_FAILED, _("Cannot read the database %s: %s"),
                             address, _ea_pg_message (pg));
      if (users > 0)
        return ea_error_set (error, EA_ERROR_EXISTS,
                             _("The database %s holds an office already. Choose another "
                               "database with --db, or drop this one on the server first."),
                             address);
    }
  return TRUE;
}

/**
 * _ea_pg_apply_migrations:
 *
 * Brings the schema on the server up to date: all migrations that are
 * due and the new version in one transaction (PostgreSQL changes its
 * schema transactionally), under a lock that makes seats starting at
 * once wait for each other and then find the work done. A database whose schema is
 * newer, that holds another program's tables, or (without @flags to
 * create) none, is refused untouched.
 */
gboolean
_ea_pg_apply_migrations (EaPg              *pg,
                         const EaMigration *migrations,
                         guint              n_migrations,
                         const char        *address,
                         EaStoreOpenFlags   flags,
                         GError           **error)
{
  int latest = n_migrations > 0 ? migrations[n_migrations - 1].version : 0;
  int current;

  if (!_ea_pg_exec (pg, "BEGIN") ||
      !_ea_pg_exec (pg, "SELECT pg_advisory_xact_lock (" SCHEMA_LOCK ")"))
    return ea_error_set (error, EA_ERROR_FAILED, _("Cannot read the database %s: %s"),
                         address, _ea_pg_message (pg));
  current = _ea_pg_schema_version (pg);
  if (current < 0)
    {
      ea_error_set (error, EA_ERROR_FAILED, _("Cannot read the database %s: %s"), address,
                    _ea_pg_message (pg));
      _ea_pg_rollback (pg);
      return FALSE;
    }
  if (!check_database (pg, address, flags, current, latest, error))
    {
      _ea_pg_rollback (pg);
      return FALSE;
    }
  if (current == 0 &&
      !_ea_pg_exec (pg, "CREATE TABLE schema_version (version integer NOT NULL); "
                        "INSERT INTO schema_version VALUES (0)"))
    return fail_migration (pg, error, "schema_version");
  for (guint i = 0; i < n_migrations; i++)
    {
      const EaMigration *m = &migrations[i];
      g_autofree char *set_version = NULL;

      if (m->version <= current)
        continue;
      set_version = g_strdup_printf ("UPDATE schema_version SET version = %d", m->version);
      if (!_ea_pg_exec (pg, m->sql) || !_ea_pg_exec (pg, set_version))
        return fail_migration (pg, error, m->name);
    }
  if (!_ea_pg_exec (pg, "COMMIT"))
    return fail_migration (pg, error, "schema_version");
  return TRUE;
}
