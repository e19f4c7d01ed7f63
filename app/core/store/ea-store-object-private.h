/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-store-sqlite-private.h"
#include "ea-store-pg-private.h"

G_BEGIN_DECLS

/* The store object, shared by the files of store/ that make it up:
 * ea-store.c (opening, settings, files), ea-store-transaction.c (changes
 * and their errors), ea-store-watch.c (what other seats committed). */

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

/* The server's channel for the count of changes (NOTIFY). */
#define CHANGES_CHANNEL "eakte_changed"

void _ea_store_stop_watching          (EaStore *self);
void _ea_store_emit_changed_elsewhere (EaStore *self);
void _ea_store_notify_connected       (EaStore *self);

G_END_DECLS
