/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-object-private.h"
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

  _ea_store_stop_watching (self);
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


/* For ea-store-watch.c: another connection committed a change. */
void
_ea_store_emit_changed_elsewhere (EaStore *self)
{
  g_signal_emit (self, signals[CHANGED_ELSEWHERE], 0);
}

/* For ea-store-watch.c: the store lost or found its server. */
void
_ea_store_notify_connected (EaStore *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
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
