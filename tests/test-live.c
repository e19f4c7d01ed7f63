/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <string.h>

#include "eakte-core.h"
#include "ea-audit-private.h"
#include "ea-store-private.h"
#include "ea-test-util.h"

/* Live refresh (issue #18): a store that is watched learns within a
 * second that another connection to its database committed a change,
 * and only then: not for its own changes, not for one rolled back, not
 * for a read that only the audit log records. On a file and (through
 * with-postgresql.sh) on a server. */

/* Long enough for the embedded engine to look three times. */
#define QUIET_MS 800
/* What the issue promises. */
#define LIVE_MS 1000

typedef struct
{
  EaStore *store;
  EaStore *other;
  char    *path;
  guint    heard;
  gulong   handler;
} Seats;

static void
changed_elsewhere_cb (EaStore *store,
                      Seats   *seats)
{
  seats->heard++;
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @heard reaches @count or @ms have passed. */
static void
run_until_heard (Seats *seats,
                 guint  count,
                 guint  ms)
{
  gboolean late = FALSE;
  guint id = g_timeout_add (ms, deadline_cb, &late);

  while (seats->heard < count && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (id);
}

/* Runs the main context for @ms whatever happens. */
static void
run_for (guint ms)
{
  gboolean late = FALSE;

  g_timeout_add (ms, deadline_cb, &late);
  while (!late)
    g_main_context_iteration (NULL, TRUE);
}

/* Waits until the server's listening connection listens (it connects
 * without blocking the main context). */
static void
wait_until_listening (EaStore *store,
                      guint    ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (!_ea_store_is_listening (store) && g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * 1000);
    }
  g_assert_true (_ea_store_is_listening (store));
}

static void
seats_open_at_once (Seats *seats)
{
  g_autoptr(GError) error = NULL;

  seats->store = ea_test_new_store ("08315000");
  seats->path = g_strdup (ea_store_get_path (seats->store));
  seats->other = ea_store_open (seats->path, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  seats->heard = 0;
  seats->handler = g_signal_connect (seats->store, "changed-elsewhere",
                                     G_CALLBACK (changed_elsewhere_cb), seats);
  ea_store_watch (seats->store);
}

static void
seats_open (Seats *seats)
{
  seats_open_at_once (seats);
  wait_until_listening (seats->store, 5000);
}

static void
seats_close (Seats *seats)
{
  ea_store_unwatch (seats->store);
  g_clear_signal_handler (&seats->handler, seats->store);
  g_clear_object (&seats->other);
  g_clear_object (&seats->store);
  g_clear_pointer (&seats->path, g_free);
}

static gboolean
set_value (gpointer   data,
           GError   **error)
{
  EaStore *store = data;

  return _ea_store_set_setting (store, "live-test", "1", error);
}

static gboolean
set_value_and_fail (gpointer   data,
                    GError   **error)
{
  EaStore *store = data;

  if (!_ea_store_set_setting (store, "live-test-undone", "1", error))
    return FALSE;
  g_set_error_literal (error, EA_ERROR, EA_ERROR_RULE, "refused on purpose");
  return FALSE;
}

static void
change (EaStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_ea_store_change (store, set_value, store, &error));
  g_assert_no_error (error);
}

static void
test_other_seat_heard (void)
{
  Seats seats = { 0 };
  gint64 start;

  seats_open (&seats);
  start = g_get_monotonic_time ();
  change (seats.other);
  run_until_heard (&seats, 1, LIVE_MS);
  g_assert_cmpuint (seats.heard, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LIVE_MS * 1000);

  /* And again: each change is news once. */
  change (seats.other);
  run_until_heard (&seats, 2, LIVE_MS);
  g_assert_cmpuint (seats.heard, ==, 2);
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, ==, 2);

  /* Many changes in a row come as one or a few, never as more. */
  for (int i = 0; i < 20; i++)
    change (seats.other);
  run_until_heard (&seats, 3, LIVE_MS);
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, >=, 3);
  g_assert_cmpuint (seats.heard, <=, 2 + 20);
  seats_close (&seats);
}

/* A change committed after watching began but before the server's
 * listening connection listens is heard too. */
static void
test_change_while_connecting (void)
{
  Seats seats = { 0 };

  seats_open_at_once (&seats);
  change (seats.other);
  run_until_heard (&seats, 1, 5000);
  g_assert_cmpuint (seats.heard, ==, 1);
  wait_until_listening (seats.store, 5000);
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, ==, 1);
  seats_close (&seats);
}

static void
test_own_change_not_heard (void)
{
  Seats seats = { 0 };

  seats_open (&seats);
  change (seats.store);
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, ==, 0);

  /* The other seat's change after it is heard. */
  change (seats.other);
  run_until_heard (&seats, 1, LIVE_MS);
  g_assert_cmpuint (seats.heard, ==, 1);
  seats_close (&seats);
}

static void
test_rollback_not_heard (void)
{
  g_autoptr(GError) error = NULL;
  Seats seats = { 0 };

  seats_open (&seats);
  g_assert_false (_ea_store_change (seats.other, set_value_and_fail, seats.other, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, ==, 0);
  g_assert_cmpint (ea_test_query_int (seats.store, "SELECT count (*) FROM settings "
                                                   "WHERE key = 'live-test-undone'"), ==, 0);

  /* Many changes stored together, or none: none is no news either. */
  g_assert_true (_ea_store_begin_all (seats.other, &error));
  g_assert_true (_ea_store_change (seats.other, set_value, seats.other, &error));
  g_assert_false (_ea_store_end_all (seats.other, FALSE, &error));
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, ==, 0);
  /* All stored together: news, once. */
  g_assert_true (_ea_store_begin_all (seats.other, &error));
  g_assert_true (_ea_store_change (seats.other, set_value, seats.other, &error));
  g_assert_true (_ea_store_change (seats.other, set_value, seats.other, &error));
  g_assert_true (_ea_store_end_all (seats.other, TRUE, &error));
  g_assert_no_error (error);
  run_until_heard (&seats, 1, LIVE_MS);
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, ==, 1);
  seats_close (&seats);
}

/* A read that the audit log records is a write, but no news: two seats
 * that each show a person again after the other's change would
 * otherwise refresh each other for ever. */
static void
test_recorded_read_not_heard (void)
{
  g_autoptr(GError) error = NULL;
  Seats seats = { 0 };
  gint64 entries;

  seats_open (&seats);
  entries = ea_test_query_int (seats.store, "SELECT count (*) FROM audit_log");
  g_assert_true (_ea_audit_append (seats.other, 1,
                                   &(EaAuditRecord) { .action = "read", .object_type = "person",
                                                      .object_id = 1 }, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ea_test_query_int (seats.store, "SELECT count (*) FROM audit_log"), ==,
                   entries + 1);
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, ==, 0);
  seats_close (&seats);
}

static void
test_unwatched_not_heard (void)
{
  Seats seats = { 0 };

  seats_open (&seats);
  /* Two watchers: the first to stop leaves the other watching. */
  ea_store_watch (seats.store);
  ea_store_unwatch (seats.store);
  change (seats.other);
  run_until_heard (&seats, 1, LIVE_MS);
  g_assert_cmpuint (seats.heard, ==, 1);

  ea_store_unwatch (seats.store);
  change (seats.other);
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, ==, 1);
  ea_store_watch (seats.store);
  seats_close (&seats);
}

static void
unwatch_cb (EaStore *store,
            Seats   *seats)
{
  seats->heard++;
  ea_store_unwatch (store);
}

/* A window that closes on the news stops watching in the handler. */
static void
test_unwatch_in_handler (void)
{
  Seats seats = { 0 };

  seats_open (&seats);
  g_clear_signal_handler (&seats.handler, seats.store);
  seats.handler = g_signal_connect (seats.store, "changed-elsewhere", G_CALLBACK (unwatch_cb),
                                    &seats);
  change (seats.other);
  change (seats.other);
  run_until_heard (&seats, 1, LIVE_MS);
  g_assert_cmpuint (seats.heard, ==, 1);
  change (seats.other);
  run_for (QUIET_MS);
  g_assert_cmpuint (seats.heard, ==, 1);
  /* Watching again works. */
  g_clear_signal_handler (&seats.handler, seats.store);
  seats.handler = g_signal_connect (seats.store, "changed-elsewhere",
                                    G_CALLBACK (changed_elsewhere_cb), &seats);
  ea_store_watch (seats.store);
  wait_until_listening (seats.store, 5000);
  change (seats.other);
  run_until_heard (&seats, 2, LIVE_MS);
  g_assert_cmpuint (seats.heard, ==, 2);
  seats_close (&seats);
}

/* The server ends the listening connection (a restart, say): it comes
 * back by itself, tells that a change may have been missed, and hears
 * the next one. */
static void
test_listener_reconnects (void)
{
  g_autofree char *kill = NULL;
  Seats seats = { 0 };
  int pid;

  if (!ea_test_on_server ())
    {
      g_test_skip ("only a server's listening connection can be lost");
      return;
    }
  seats_open (&seats);
  pid = _ea_store_listener_backend (seats.store);
  g_assert_cmpint (pid, >, 0);
  kill = g_strdup_printf ("SELECT CAST (pg_terminate_backend (%d) AS INTEGER)", pid);
  g_assert_cmpint (ea_test_query_int (seats.other, kill), ==, 1);
  /* While it is gone, another seat changes something. */
  change (seats.other);
  run_until_heard (&seats, 1, 10 * 1000);
  g_assert_cmpuint (seats.heard, ==, 1);
  wait_until_listening (seats.store, 10 * 1000);
  g_assert_cmpint (_ea_store_listener_backend (seats.store), !=, pid);

  change (seats.other);
  run_until_heard (&seats, 2, LIVE_MS);
  g_assert_cmpuint (seats.heard, ==, 2);
  seats_close (&seats);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ea_test_pin_clock (EA_TEST_NOW);

  g_test_add_func ("/live/other-seat-heard", test_other_seat_heard);
  g_test_add_func ("/live/change-while-connecting", test_change_while_connecting);
  g_test_add_func ("/live/own-change-not-heard", test_own_change_not_heard);
  g_test_add_func ("/live/rollback-not-heard", test_rollback_not_heard);
  g_test_add_func ("/live/recorded-read-not-heard", test_recorded_read_not_heard);
  g_test_add_func ("/live/unwatched-not-heard", test_unwatched_not_heard);
  g_test_add_func ("/live/unwatch-in-handler", test_unwatch_in_handler);
  g_test_add_func ("/live/listener-reconnects", test_listener_reconnects);

  return g_test_run ();
}
