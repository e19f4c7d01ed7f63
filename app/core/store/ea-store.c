/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-sqlite-private.h"
#include "ea-store-pg-private.h"
#include "ea-store-vfs-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ea-clock.h"
#include "ea-error.h"

/* Locks of a transaction on the server (advisory locks, as numbers):
 *
 * - Changes take the writers' lock ("EAkW") for their transaction, as
 *   SQLite's BEGIN IMMEDIATE does: one change at a time across all seats,
 *   so that every rule is checked against what the others committed.
 * - A change of one facility's stays, reservations or beds (a check-in,
 *   a move into it) takes the writers' lock shared, and the lock of that
 *   facility ("EAkF", the facility's id) alone: changes of different
 *   facilities run side by side, since every rule that a bed's change
 *   must keep reads the facility of that bed only (its rooms, their
 *   sleepers, persons kept apart from them); changes of the same facility
 *   and office-wide changes (an allocation, a household) one at a time.
 * - An import takes the importers' lock ("EAkI") instead: imports one at a
 *   time, while the seats go on changing stays (EA_STORE_LOCK_IMPORT).
 * - A login takes the logins' lock ("EAkL"): logins one at a time, so
 *   that tries in parallel check no more passwords than lock an account,
 *   while the seats' changes go on (checking a password takes a good
 *   part of a second, on purpose).
 * - A transaction that only records a read in the audit log takes none.
 * - All of them append their audit entries at the end, just before they
 *   commit, under the chain's lock ("EAkC", taken by ea_audit_head () of
 *   the server's schema as it reads the newest hash), held for those few
 *   statements: the log stays one chain, and nobody waits for another's
 *   whole change to record a read (_ea_store_defer()).
 *
 * Readers never wait for any of them. */
#define WRITERS_LOCK "1161915223"
#define IMPORT_LOCK  "1161915209"
#define LOGINS_LOCK  "1161915212"
#define FACILITY_LOCKS "1161915206"

struct _EaStore
{
  GObject  parent_instance;

  char    *path;
  /* One of the two engines: the embedded file, or the office's server. */
  sqlite3 *db;
  EaPg    *pg;
  /* Every change begins and commits: compiled once. */
  sqlite3_stmt *begin;
  sqlite3_stmt *commit;
  /* Inside _ea_store_begin_all(), each change is a savepoint of it. */
  gboolean      all;
  /* What the transaction writes at its end (_ea_store_defer()), and how
   * many items there were when each open savepoint began. */
  GPtrArray        *deferred;
  EaStoreFlushFunc  flush;
  GArray           *marks;
  /* How long a change waits for another writer before it gives up, and
   * since when the present one waits (monotonic µs). */
  GTimeSpan     busy_limit;
  gint64        busy_since;
  /* Statements of _ea_store_exec_bound() and _ea_store_query_int(),
   * compiled once: an import runs the same few for every person. */
  GHashTable   *statements;

  /* Live refresh: a write transaction that changes nothing another seat
   * shows (only a read recorded in the audit log) is quiet. The others
   * count: each adds one to the database's count of changes (the setting
   * change_count), which tells the seats that watch (ea_store_watch())
   * that another seat changed something. @seen is the count this store
   * last knew about, its own changes included. */
  gboolean      quiet;
  gint64        seen;
  /* While the server links the entries at COMMIT (commit_writing()):
   * whether the change counts; and the server process of the store's
   * last such commit, whose notice tells it its own count. */
  gboolean      committing;
  gboolean      commit_counted;
  int           own_pid;
  guint         watchers;
  GMainContext *watch_context;
  /* SQLite: PRAGMA data_version, polled; the server: NOTIFY. */
  sqlite3_stmt *data_version_stmt;
  gint64        data_version;
  GSource      *poll;
  EaPgListener *listener;
  /* The server's listening connection was lost and is not back yet. */
  gboolean      disconnected;
};

/* A change waits this long for another writer (an import of 100,000
 * persons takes about 20 s); eakte-cli waits longer, see
 * ea_store_set_busy_limit(). */
#define DEFAULT_BUSY_LIMIT (60 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (EaStore, ea_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED_ELSEWHERE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The server's channel for the count of changes (NOTIFY). */
#define CHANGES_CHANNEL "eakte_changed"

/* How often the embedded engine looks whether another connection
 * committed: PRAGMA data_version reads the WAL index in shared memory,
 * no file access, so four times a second costs nothing. */
#define POLL_INTERVAL_MS 250

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
#define READ_CHANGE_COUNT \
  "SELECT CAST (value AS BIGINT) FROM settings WHERE key = 'change_count'"

static void stop_watching (EaStore *self);

static gboolean
ensure_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  /* SQLite would create the file with the umask's permissions; the files
   * hold special-category data, so only the owner may read them. The WAL
   * and shared-memory files inherit these permissions. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, EA_ERROR, saved == EEXIST ? EA_ERROR_EXISTS : EA_ERROR_FAILED,
                   _("Cannot create the database %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static void
ea_store_finalize (GObject *object)
{
  EaStore *self = (EaStore *)object;

  stop_watching (self);
  g_clear_pointer (&self->data_version_stmt, sqlite3_finalize);
  g_clear_pointer (&self->begin, sqlite3_finalize);
  g_clear_pointer (&self->commit, sqlite3_finalize);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->deferred, g_ptr_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->pg, _ea_pg_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ea_store_parent_class)->finalize (object);
}

static void
ea_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  EaStore *self = EA_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_CONNECTED:
      g_value_set_boolean (value, ea_store_is_connected (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ea_store_class_init (EaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ea_store_finalize;
  object_class->get_property = ea_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * EaStore:connected:
   *
   * Whether the database can be reached, as far as a watched store
   * knows: %FALSE from when the server's listening connection is lost (a
   * restart, the network) until the store has connected again by itself.
   * Always %TRUE for a file, and while nothing watches.
   */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EaStore::changed-elsewhere:
   *
   * Another connection to the database (another seat, another program,
   * a worker of this one) committed a change, while the store is watched
   * (ea_store_watch()). Emitted on the main context that was the thread's
   * default when watching began, about once per change or burst of
   * changes; never for the store's own changes, nor for one that was
   * rolled back.
   */
  signals[CHANGED_ELSEWHERE] =
    g_signal_new ("changed-elsewhere", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* Writers queue: a change that finds the database busy waits, first
 * briefly and then in steps of 50 ms, until the other writer is done or
 * the limit is reached. */
static int
busy_cb (void *data,
         int   n_before)
{
  EaStore *self = data;
  gint64 now = g_get_monotonic_time ();

  if (n_before == 0)
    self->busy_since = now;
  if (now - self->busy_since >= self->busy_limit)
    return 0;
  g_usleep (MIN (50000, 500 << MIN (n_before, 7)));
  return 1;
}

static void
ea_store_init (EaStore *self)
{
  self->busy_limit = DEFAULT_BUSY_LIMIT;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) _ea_stmt_free);
  self->marks = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* "EAkt", set by migration 0006. */
#define APPLICATION_ID 0x45416B74

/* Whether the existing file at @path is an E-Akte database, looked at
 * through a read-only connection so that nothing in it changes: a file
 * of another program, an empty or cut-short copy is refused untouched,
 * never given our schema. Databases from before migration 0006 have no
 * application id yet and are known by their tables. */
static gboolean
probe_database (const char  *path,
                GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 application_id = -1, version = -1, tables = 0;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, _ea_store_vfs_name ());
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 10000);
      rc = sqlite3_prepare_v2 (db,
                               "SELECT (SELECT application_id FROM pragma_application_id), "
                               "  (SELECT user_version FROM pragma_user_version), "
                               "  (SELECT count (*) FROM sqlite_schema WHERE type = 'table' "
                               "   AND name IN ('settings', 'users', 'audit_log'))",
                               -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      application_id = sqlite3_column_int64 (stmt, 0);
      version = sqlite3_column_int64 (stmt, 1);
      tables = sqlite3_column_int64 (stmt, 2);
    }
  else if (db != NULL)
    rc = sqlite3_extended_errcode (db);
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);

  if (version < 0)
    return ea_error_set (error, EA_ERROR_FAILED,
                         _("%s is not an E-Akte database (%s); it was not changed."), name,
                         sqlite3_errstr (rc));
  if ((application_id != 0 && application_id != APPLICATION_ID) || version == 0 || tables < 3)
    return ea_error_set (error, EA_ERROR_FAILED,
                         _("%s is an SQLite database of another program, or an incomplete copy: "
                           "it has no E-Akte schema. It was not changed; choose the E-Akte "
                           "database, or create one with “eakte-cli init”."), name);
  return TRUE;
}

/**
 * ea_store_dup_default_path:
 *
 * Returns: (transfer full): `$EAKTE_DB`, else `$XDG_DATA_HOME/eakte/eakte.db`
 */
char *
ea_store_dup_default_path (void)
{
  const char *env = g_getenv ("EAKTE_DB");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "eakte", "eakte.db", NULL);
}

/**
 * ea_store_address_is_server:
 * @address: what --db or EAKTE_DB names
 *
 * Returns: whether @address names a database on a PostgreSQL server (a
 *   `postgresql://` URI or libpq's `service=NAME`, `host=… dbname=…`)
 *   rather than a file
 */
gboolean
ea_store_address_is_server (const char *address)
{
  return _ea_pg_is_address (address);
}

/**
 * ea_store_dup_absolute_address:
 * @address: what --db or EAKTE_DB names
 *
 * Returns: (transfer full): @address so that it names the same database
 *   from any folder: a file's full path; a server's address as it is
 */
char *
ea_store_dup_absolute_address (const char *address)
{
  g_return_val_if_fail (address != NULL, NULL);

  if (_ea_pg_is_address (address))
    return g_strdup (address);
  return g_canonicalize_filename (address, NULL);
}

/* A database on the office's server: connected through libpq, its
 * schema built or brought up to date under the schema lock. */
static EaStore *
open_server (const char        *address,
             EaStoreOpenFlags   flags,
             GError           **error)
{
  g_autoptr(EaStore) self = g_object_new (EA_TYPE_STORE, NULL);
  GArray *migrations = _ea_store_load_pg_migrations ();

  self->path = g_strdup (address);
  self->pg = _ea_pg_connect (address, error);
  if (self->pg == NULL)
    return NULL;
  if (!_ea_pg_apply_migrations (self->pg, &g_array_index (migrations, EaMigration, 0),
                                migrations->len, address, flags, error))
    return NULL;
  _ea_pg_set_lock_limit (self->pg, self->busy_limit);
  return g_steal_pointer (&self);
}

/**
 * ea_store_open:
 * @path: the database file, or the address of a PostgreSQL database
 *   (ea_store_address_is_server())
 * @flags: whether to create it
 * @error: a #GError
 *
 * Opens the database, brings its schema up to date and refuses a database
 * that a newer program made.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
EaStore *
ea_store_open (const char        *path,
               EaStoreOpenFlags   flags,
               GError           **error)
{
  g_autoptr(EaStore) self = NULL;
  GArray *migrations;
  gboolean exists;
  gboolean created = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, EA_ERROR, EA_ERROR_FAILED,
                           _("The cryptography library could not be initialised."));
      return NULL;
    }

  if (_ea_pg_is_address (path))
    return open_server (path, flags, error);

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (exists && (flags & EA_STORE_OPEN_NEW))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_EXISTS,
                   _("The database %s exists already. Choose another file with --db "
                     "or remove the old one first."), path);
      return NULL;
    }
  if (!exists && !(flags & (EA_STORE_OPEN_CREATE | EA_STORE_OPEN_NEW)))
    {
      g_set_error (error, EA_ERROR, EA_ERROR_NOT_FOUND,
                   _("There is no database at %s. Create one with "
                     "“eakte-cli init” or “eakte-cli demo”."), path);
      return NULL;
    }
  /* An empty file is what a first start left when it was stopped before
   * it had written anything: with EA_STORE_OPEN_CREATE it is begun again. */
  if (exists && (flags & EA_STORE_OPEN_CREATE))
    {
      GStatBuf st;

      if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0)
        created = TRUE;
    }
  if (exists && !created && !probe_database (path, error))
    return NULL;
  if (!exists)
    {
      if (!ensure_private_file (path, error))
        return NULL;
      created = TRUE;
    }

  self = g_object_new (EA_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  /* Our VFS keeps SQLite's locks whatever else in the process opens and
   * closes the database's files (ea-store-vfs.c). */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, _ea_store_vfs_name ());
  if (rc != SQLITE_OK)
    {
      g_set_error (error, EA_ERROR, EA_ERROR_FAILED,
                   _("Cannot open the database %s: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      goto fail;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  /* Before anything else asks for a lock. Never a busy_timeout after
   * it: that would replace busy_cb, and writers would give up after the
   * timeout instead of the store's limit. */
  sqlite3_busy_handler (self->db, busy_cb, self);

  if (!_ea_store_exec (self,
                       "PRAGMA journal_mode = WAL;"
                       "PRAGMA synchronous = NORMAL;"
                       "PRAGMA foreign_keys = ON;"
                       "PRAGMA cache_size = " EA_STORE_CACHE_SIZE ";",
                       error))
    {
      g_prefix_error (error, _("The file %s is not an E-Akte database: "), path);
      goto fail;
    }

  migrations = _ea_store_load_migrations ();
  if (!_ea_store_apply_migrations (self->db,
                                   &g_array_index (migrations, EaMigration, 0),
                                   migrations->len, error))
    goto fail;

  return g_steal_pointer (&self);

fail:
  if (created)
    {
      g_clear_pointer (&self->db, sqlite3_close_v2);
      ea_store_remove_files (path);
    }
  return NULL;
}

/**
 * ea_store_remove_files:
 * @path: a database file
 *
 * Removes a database with its WAL and shared-memory files; used when a new
 * database could not be set up, so a refusal leaves nothing behind. Close
 * the store first. A database on a server is left alone: what a stopped
 * setup left there is begun again by the next (ea_store_open()).
 */
void
ea_store_remove_files (const char *path)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  if (_ea_pg_is_address (path))
    return;
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/**
 * _ea_store_check_regular_file:
 * @path: a file someone chose: a feed, a list, a document
 * @error: a #GError
 *
 * Outside files are read only when they are regular files: a FIFO, a
 * device such as /dev/zero or a folder would block or never end.
 *
 * Returns: %FALSE with @error set when @path is no regular file
 */
gboolean
_ea_store_check_regular_file (const char  *path,
                              GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      return ea_error_set (error, EA_ERROR_NOT_FOUND, _("Cannot read “%s”: %s."), name,
                           g_strerror (saved));
    }
  if (!S_ISREG (st.st_mode))
    return ea_error_set (error, EA_ERROR_INVALID,
                         _("“%s” is not a file but a folder, a device or a pipe; choose a "
                           "file."), name);
  return TRUE;
}

/**
 * ea_store_set_busy_limit:
 * @self: the store
 * @seconds: how long a change waits for another writer, at least 1
 *
 * A change that finds another seat or program writing waits until it is
 * done, up to this limit (a minute by default): long enough for a large
 * import, short enough that a window does not seem to hang for ever.
 * Scripts and cron jobs may wait longer.
 */
void
ea_store_set_busy_limit (EaStore *self,
                         guint    seconds)
{
  g_return_if_fail (EA_IS_STORE (self));
  g_return_if_fail (seconds >= 1);

  self->busy_limit = (GTimeSpan) seconds * G_USEC_PER_SEC;
  if (self->pg != NULL)
    _ea_pg_set_lock_limit (self->pg, self->busy_limit);
}

const char *
ea_store_get_path (EaStore *self)
{
  g_return_val_if_fail (EA_IS_STORE (self), NULL);

  return self->path;
}

/**
 * ea_store_dup_identity:
 *
 * Returns: (transfer full): a name of the database that is the same from
 *   every folder and however its address was written: the file's full
 *   path, or the server, port and database that libpq connected to
 */
char *
ea_store_dup_identity (EaStore *self)
{
  g_return_val_if_fail (EA_IS_STORE (self), NULL);

  if (self->pg != NULL)
    return _ea_pg_identity (self->pg);
  return g_canonicalize_filename (self->path, NULL);
}

/**
 * ea_store_dup_documents_dir:
 *
 * Returns: (transfer full): the content-addressed document store beside
 *   the database. A server keeps the documents in the database itself
 *   (ea-store-blobs.c); for it this names a folder of this seat's user
 *   after the address, which nothing writes to.
 */
char *
ea_store_dup_documents_dir (EaStore *self)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (EA_IS_STORE (self), NULL);

  if (self->pg != NULL)
    {
      g_autofree char *identity = _ea_pg_identity (self->pg);
      g_autofree char *escaped = g_uri_escape_string (identity, NULL, FALSE);

      return g_build_filename (g_get_user_data_dir (), "eakte", escaped, "documents", NULL);
    }

  dir = g_path_get_dirname (self->path);
  return g_build_filename (dir, "documents", NULL);
}

int
ea_store_get_schema_version (EaStore *self)
{
  g_return_val_if_fail (EA_IS_STORE (self), -1);

  if (self->pg != NULL)
    return _ea_pg_schema_version (self->pg);
  return _ea_store_sqlite_version (self->db);
}

/**
 * ea_store_has_users:
 *
 * Returns: %TRUE once the database has been initialised with an account
 */
gboolean
ea_store_has_users (EaStore *self)
{
  g_autoptr(EaStmt) stmt = NULL;

  g_return_val_if_fail (EA_IS_STORE (self), FALSE);

  stmt = _ea_store_prepare (self, "SELECT EXISTS (SELECT 1 FROM users)", NULL);
  return stmt != NULL && _ea_stmt_step (stmt) == EA_STMT_ROW && _ea_stmt_column_int (stmt, 0);
}

/* Whether the database holds demo data is not personal data: the login
 * window shows it before anyone has logged in. */
gboolean
ea_store_is_demo (EaStore *self)
{
  g_autofree char *demo = NULL;

  g_return_val_if_fail (EA_IS_STORE (self), FALSE);

  demo = _ea_store_dup_setting (self, "demo");
  return g_strcmp0 (demo, "1") == 0;
}

char *
ea_store_dup_office_name (EaStore *self)
{
  g_return_val_if_fail (EA_IS_STORE (self), NULL);

  return _ea_store_dup_setting (self, "office_name");
}


/* Live refresh: learning what other connections committed. */

static gboolean
read_change_count (EaStore *self,
                   gint64  *count)
{
  g_autoptr(EaStoreStatement) stmt = _ea_store_statement (self, READ_CHANGE_COUNT, NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = _ea_stmt_step (stmt);
  if (rc != EA_STMT_ROW && rc != EA_STMT_DONE)
    return FALSE;
  /* No count yet: nothing has been changed since the program counts. */
  *count = rc == EA_STMT_ROW ? _ea_stmt_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* The count has become @count: news, unless it is what the store knows. */
static void
take_count (EaStore *self,
            gint64   count)
{
  if (count == self->seen)
    return;
  self->seen = count;
  g_signal_emit (self, signals[CHANGED_ELSEWHERE], 0);
}

static gboolean
read_data_version (EaStore *self,
                   gint64  *version)
{
  int rc;

  if (self->data_version_stmt == NULL &&
      sqlite3_prepare_v3 (self->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                          &self->data_version_stmt, NULL) != SQLITE_OK)
    return FALSE;
  rc = sqlite3_step (self->data_version_stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int64 (self->data_version_stmt, 0);
  sqlite3_reset (self->data_version_stmt);
  return rc == SQLITE_ROW;
}

/* SQLite: data_version changes when another connection has committed
 * (quiet changes too); only then is the count read. */
static gboolean
poll_cb (gpointer data)
{
  EaStore *self = data;
  gint64 version, count;

  /* Inside a transaction the store sees its own snapshot: later. */
  if (!sqlite3_get_autocommit (self->db) || !read_data_version (self, &version) ||
      version == self->data_version)
    return G_SOURCE_CONTINUE;
  self->data_version = version;
  if (read_change_count (self, &count))
    take_count (self, count);
  return G_SOURCE_CONTINUE;
}

static void
set_disconnected (EaStore  *self,
                  gboolean  disconnected)
{
  if (self->disconnected == disconnected)
    return;
  self->disconnected = disconnected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
lost_cb (gpointer data)
{
  set_disconnected (EA_STORE (data), TRUE);
}

/* The server: the payload is the count after the other seat's change;
 * none when the listening connection has begun to listen (at first, or
 * after it was lost): then the count is read. */
static void
notified_cb (const char *payload,
             gpointer    data)
{
  EaStore *self = data;
  gint64 count;
  char *rest;

  if (payload == NULL)
    {
      /* Listening (again): after a loss, the store's own connection may
       * be a dead one that only its next statement finds out; the
       * second reading then connects again. */
      if (read_change_count (self, &count) || read_change_count (self, &count))
        take_count (self, count);
      else
        g_signal_emit (self, signals[CHANGED_ELSEWHERE], 0);
      set_disconnected (self, FALSE);
      return;
    }
  count = g_ascii_strtoll (payload, &rest, 10);
  if (count <= 0)
    return;
  /* The server counted the store's own change (its audit entries linked
   * at COMMIT): no news unless another change came before it unseen. */
  if (self->own_pid != 0 && *rest == ' ' && g_ascii_strtoll (rest + 1, NULL, 10) == self->own_pid &&
      count - 1 == self->seen)
    {
      self->seen = count;
      return;
    }
  take_count (self, count);
}

static void
stop_watching (EaStore *self)
{
  if (self->poll != NULL)
    {
      g_source_destroy (self->poll);
      g_clear_pointer (&self->poll, g_source_unref);
    }
  g_clear_pointer (&self->listener, _ea_pg_listener_free);
  g_clear_pointer (&self->watch_context, g_main_context_unref);
  self->watchers = 0;
}

/**
 * ea_store_is_connected:
 *
 * Returns: the value of #EaStore:connected
 */
gboolean
ea_store_is_connected (EaStore *self)
{
  g_return_val_if_fail (EA_IS_STORE (self), TRUE);

  return !self->disconnected;
}

/**
 * ea_store_watch:
 * @self: the store
 *
 * Begins to watch the database for changes that other connections
 * commit (other seats, eakte-cli, a worker's own connection), and to
 * emit #EaStore::changed-elsewhere on the thread's default main context,
 * within about a quarter of a second. On a server this holds a second
 * connection that listens (LISTEN); on a file it looks four times a
 * second. Each call wants one ea_store_unwatch().
 */
void
ea_store_watch (EaStore *self)
{
  g_return_if_fail (EA_IS_STORE (self));

  if (self->watchers++ > 0)
    return;
  self->watch_context = g_main_context_ref_thread_default ();
  if (!read_change_count (self, &self->seen))
    self->seen = 0;
  if (self->pg != NULL)
    {
      self->listener = _ea_pg_listen (self->path, CHANGES_CHANNEL, self->watch_context,
                                      notified_cb, self);
      _ea_pg_listener_on_lost (self->listener, lost_cb);
      return;
    }
  if (!read_data_version (self, &self->data_version))
    self->data_version = 0;
  self->poll = g_timeout_source_new (POLL_INTERVAL_MS);
  g_source_set_callback (self->poll, poll_cb, self, NULL);
  g_source_attach (self->poll, self->watch_context);
}

/**
 * ea_store_unwatch:
 * @self: the store
 *
 * Ends what one ea_store_watch() began; the last one stops watching.
 */
void
ea_store_unwatch (EaStore *self)
{
  g_return_if_fail (EA_IS_STORE (self));
  g_return_if_fail (self->watchers > 0);

  if (self->watchers == 1)
    {
      stop_watching (self);
      set_disconnected (self, FALSE);
    }
  else
    self->watchers--;
}

/* Whether the server's listening connection is there and listens; TRUE
 * for a file (for tests). */
gboolean
_ea_store_is_listening (EaStore *self)
{
  if (self->pg == NULL)
    return self->poll != NULL;
  return self->listener != NULL && _ea_pg_listener_is_listening (self->listener);
}

/* The server's process behind the listening connection, or 0 (for
 * tests that end it). */
int
_ea_store_listener_backend (EaStore *self)
{
  return self->listener != NULL ? _ea_pg_listener_backend_pid (self->listener) : 0;
}


/* Private API for the rest of the storage layer. */

sqlite3 *
_ea_store_get_db (EaStore *self)
{
  return self->db;
}

/* The server's connection, or %NULL for the embedded engine. */
EaPg *
_ea_store_get_pg (EaStore *self)
{
  return self->pg;
}

/* The store's compiled statements by their SQL (ea-store-statement.c). */
GHashTable *
_ea_store_get_statements (EaStore *self)
{
  return self->statements;
}

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


char *
_ea_store_dup_setting (EaStore    *self,
                       const char *key)
{
  g_autoptr(EaStmt) stmt = NULL;

  stmt = _ea_store_prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  _ea_stmt_bind_text (stmt, 1, key);
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return NULL;
  return g_strdup (_ea_stmt_column_text (stmt, 0));
}

gboolean
_ea_store_set_setting (EaStore     *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(EaStmt) stmt = NULL;

  stmt = _ea_store_prepare (self,
                            "INSERT INTO settings (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            error);
  if (stmt == NULL)
    return FALSE;
  _ea_stmt_bind_text (stmt, 1, key);
  _ea_stmt_bind_text (stmt, 2, value);
  if (_ea_stmt_step (stmt) != EA_STMT_DONE)
    return _ea_store_set_error (self, error, _("Cannot save the setting"));
  return TRUE;
}


/* Creates a new file that only its owner may read, for writing: exports
 * hold personal data. An existing file is never overwritten.
 * Returns: the file descriptor, or -1 with @error set */
int
_ea_store_create_private_file (const char  *path,
                               GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, EA_ERROR, saved == EEXIST ? EA_ERROR_EXISTS : EA_ERROR_INVALID,
                   _("Cannot write %s: %s"), path, g_strerror (saved));
    }
  return fd;
}

/* Writes all of @text to @fd, the file at @path. */
gboolean
_ea_store_write_all (int          fd,
                     const char  *path,
                     const char  *text,
                     gsize        length,
                     GError     **error)
{
  gsize written = 0;

  while (written < length)
    {
      gssize n = write (fd, text + written, length - written);
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, EA_ERROR, EA_ERROR_FAILED, _("Cannot write %s: %s"), path,
                       g_strerror (saved));
          return FALSE;
        }
      written += n;
    }
  return TRUE;
}

/* Writes @text to a new owner-only file; on failure none is left. */
gboolean
_ea_store_write_private_file (const char  *path,
                              const char  *text,
                              gssize       length,
                              GError     **error)
{
  int fd = _ea_store_create_private_file (path, error);

  if (fd < 0)
    return FALSE;
  if (!_ea_store_write_all (fd, path, text, length < 0 ? strlen (text) : (gsize) length, error))
    {
      close (fd);
      g_unlink (path);
      return FALSE;
    }
  close (fd);
  return TRUE;
}
