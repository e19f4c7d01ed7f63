/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-pg-private.h"

#include <glib-unix.h>
#include <libpq-fe.h>

/* Listening: a connection of its own that waits for NOTIFY on one
 * channel. The store's connection runs its statements synchronously and
 * may be inside a change; this one only listens, on the main context,
 * without ever blocking it: it connects, sends LISTEN and reads through
 * libpq's asynchronous calls, driven by its socket. When the server ends
 * it (a restart, the network), it connects again every few seconds; each
 * time it listens, it reports that a notification may have been missed. */

/* Seconds between two attempts to connect again. */
#define LISTEN_RETRY_SECONDS 2

typedef enum {
  LISTENER_CONNECTING,
  LISTENER_SUBSCRIBING,
  LISTENER_LISTENING,
} ListenerState;

struct _EaPgListener
{
  char               *address;
  char               *channel;
  GMainContext       *context;
  EaPgNotifyFunc      func;
  gpointer            data;
  PGconn             *conn;
  ListenerState       state;
  GSource            *watch;
  GSource            *retry;
  /* @func may stop the listening (ea_store_unwatch() in a signal
   * handler): then it is freed when the socket's callback returns. */
  gboolean            dispatching;
  gboolean            freed;
  /* Told once when the connection is lost (or cannot be made), until it
   * listens again. */
  EaPgLostFunc        lost_func;
  gboolean            lost;
};

static void listener_destroy (EaPgListener *self);

static void listener_start (EaPgListener *self);

static void
listener_unwatch (EaPgListener *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
}

static gboolean
listener_retry_cb (gpointer data)
{
  EaPgListener *self = data;

  g_clear_pointer (&self->retry, g_source_unref);
  listener_start (self);
  return G_SOURCE_REMOVE;
}

/* The connection failed or was lost: try again a little later, and say
 * so once. */
static void
listener_fail (EaPgListener *self)
{
  listener_unwatch (self);
  g_clear_pointer (&self->conn, PQfinish);
  if (self->retry == NULL)
    {
      g_debug ("Listening for other seats' changes: connecting again in %d s",
               LISTEN_RETRY_SECONDS);
      self->retry = g_timeout_source_new_seconds (LISTEN_RETRY_SECONDS);
      g_source_set_callback (self->retry, listener_retry_cb, self, NULL);
      g_source_attach (self->retry, self->context);
    }
  if (!self->lost && self->lost_func != NULL)
    {
      self->lost = TRUE;
      self->lost_func (self->data);
    }
}

static gboolean listener_ready_cb (int fd, GIOCondition condition, gpointer data);

/* Waits until the socket can be read (or written, while connecting). */
static void
listener_watch (EaPgListener *self,
                GIOCondition  condition)
{
  int fd = PQsocket (self->conn);

  listener_unwatch (self);
  if (fd < 0)
    {
      listener_fail (self);
      return;
    }
  self->watch = g_unix_fd_source_new (fd, condition | G_IO_ERR | G_IO_HUP);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (listener_ready_cb), self, NULL);
  g_source_attach (self->watch, self->context);
}

/* Reads what came, hands on the notifications; FALSE when the
 * connection is gone. */
static gboolean
listener_read (EaPgListener *self)
{
  PGnotify *notify;

  if (!PQconsumeInput (self->conn))
    return FALSE;
  while (!PQisBusy (self->conn))
    {
      PGresult *result = PQgetResult (self->conn);

      if (result == NULL)
        break;
      if (self->state == LISTENER_SUBSCRIBING)
        {
          if (PQresultStatus (result) != PGRES_COMMAND_OK)
            {
              PQclear (result);
              return FALSE;
            }
          /* What was committed before LISTEN took effect (while
           * connecting, or while the connection was lost) was told to
           * nobody: the caller looks itself. */
          self->state = LISTENER_LISTENING;
          self->lost = FALSE;
          self->func (NULL, self->data);
        }
      PQclear (result);
    }
  while (!self->freed && (notify = PQnotifies (self->conn)) != NULL)
    {
      if (self->state == LISTENER_LISTENING && g_strcmp0 (notify->relname, self->channel) == 0)
        self->func (notify->extra, self->data);
      PQfreemem (notify);
    }
  if (self->freed)
    return TRUE;
  return PQstatus (self->conn) == CONNECTION_OK;
}

static gboolean
listener_dispatch (EaPgListener *self,
                   GIOCondition  condition)
{
  if (self->state == LISTENER_CONNECTING)
    {
      switch (PQconnectPoll (self->conn))
        {
        case PGRES_POLLING_READING:
          listener_watch (self, G_IO_IN);
          return G_SOURCE_REMOVE;
        case PGRES_POLLING_WRITING:
          listener_watch (self, G_IO_OUT);
          return G_SOURCE_REMOVE;
        case PGRES_POLLING_OK:
          {
            g_autofree char *sql = g_strdup_printf ("LISTEN %s", self->channel);

            PQsetNoticeProcessor (self->conn, _ea_pg_ignore_notice, NULL);
            if (PQsetnonblocking (self->conn, 1) != 0 || !PQsendQuery (self->conn, sql))
              break;
            self->state = LISTENER_SUBSCRIBING;
            /* The query is a few bytes: what libpq could not send at once
             * goes when the socket can take it. */
            listener_watch (self, PQflush (self->conn) == 0 ? G_IO_IN : G_IO_IN | G_IO_OUT);
            return G_SOURCE_REMOVE;
          }
        case PGRES_POLLING_FAILED:
        case PGRES_POLLING_ACTIVE:
        default:
          break;
        }
      listener_fail (self);
      return G_SOURCE_REMOVE;
    }

  if ((condition & G_IO_OUT) && PQflush (self->conn) == 0)
    {
      listener_watch (self, G_IO_IN);
      return G_SOURCE_REMOVE;
    }
  if (!listener_read (self))
    {
      if (!self->freed)
        listener_fail (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
listener_ready_cb (int           fd,
                   GIOCondition  condition,
                   gpointer      data)
{
  EaPgListener *self = data;
  gboolean again;

  self->dispatching = TRUE;
  again = listener_dispatch (self, condition);
  self->dispatching = FALSE;
  if (self->freed)
    {
      listener_destroy (self);
      return G_SOURCE_REMOVE;
    }
  return again;
}

static void
listener_start (EaPgListener *self)
{
  const char *values[] = { self->address, "eakte", "UTF8", NULL };

  self->conn = PQconnectStartParams (_ea_pg_connect_keywords, values, TRUE);
  if (self->conn == NULL || PQstatus (self->conn) == CONNECTION_BAD)
    {
      listener_fail (self);
      return;
    }
  self->state = LISTENER_CONNECTING;
  /* libpq's protocol: the first PQconnectPoll comes when the socket can
   * be written. */
  listener_watch (self, G_IO_OUT);
}

/**
 * _ea_pg_listen:
 * @address: the database's address, as for _ea_pg_connect()
 * @channel: a channel name (an SQL identifier of ours, never user input)
 * @context: the main context that @func runs on
 * @func: called with each notification's payload, and with %NULL each
 *   time LISTEN has taken effect, at first and after the connection was
 *   lost and made again (notifications may have been missed before)
 *
 * Listens on @channel on a connection of its own until
 * _ea_pg_listener_free().
 */
EaPgListener *
_ea_pg_listen (const char     *address,
               const char     *channel,
               GMainContext   *context,
               EaPgNotifyFunc  func,
               gpointer        data)
{
  EaPgListener *self = g_new0 (EaPgListener, 1);

  self->address = g_strdup (address);
  self->channel = g_strdup (channel);
  self->context = context != NULL ? g_main_context_ref (context)
                                  : g_main_context_ref_thread_default ();
  self->func = func;
  self->data = data;
  listener_start (self);
  return self;
}

/**
 * _ea_pg_listener_on_lost:
 * @func: called (with the listener's data) once when the connection is
 *   lost or cannot be made; the listener goes on trying, and calls its
 *   notify function with %NULL when it listens again
 */
void
_ea_pg_listener_on_lost (EaPgListener *listener,
                         EaPgLostFunc  func)
{
  listener->lost_func = func;
}

static void
listener_destroy (EaPgListener *self)
{
  listener_unwatch (self);
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  g_clear_pointer (&self->conn, PQfinish);
  g_main_context_unref (self->context);
  g_free (self->address);
  g_free (self->channel);
  g_free (self);
}

void
_ea_pg_listener_free (EaPgListener *self)
{
  if (self == NULL)
    return;
  if (self->dispatching)
    {
      self->freed = TRUE;
      return;
    }
  listener_destroy (self);
}

/* Whether the listener has a connection that listens (for tests). */
gboolean
_ea_pg_listener_is_listening (EaPgListener *self)
{
  return self->state == LISTENER_LISTENING && self->conn != NULL;
}

/* The backend of the listening connection, to end it in a test. */
int
_ea_pg_listener_backend_pid (EaPgListener *self)
{
  return self->conn != NULL ? PQbackendPID (self->conn) : 0;
}
