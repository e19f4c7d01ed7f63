/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-object-private.h"

/* How often the embedded engine looks whether another connection
 * committed: PRAGMA data_version reads the WAL index in shared memory,
 * no file access, so four times a second costs nothing. */
#define POLL_INTERVAL_MS 250

#define READ_CHANGE_COUNT \
  "SELECT CAST (value AS BIGINT) FROM settings WHERE key = 'change_count'"

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
  _ea_store_emit_changed_elsewhere (self);
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
  _ea_store_notify_connected (self);
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
        _ea_store_emit_changed_elsewhere (self);
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

void
_ea_store_stop_watching (EaStore *self)
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
      _ea_store_stop_watching (self);
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
