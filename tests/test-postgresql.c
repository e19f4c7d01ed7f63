/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ea-test-util.h"
#include "ea-accounts-private.h"
#include "ea-store-pg-private.h"
#include "ea-audit-private.h"
#include "ea-documents-private.h"

#include <cairo.h>

/* The office's engine: PostgreSQL on a throwaway cluster
 * (tests/with-postgresql.sh), with several seats, each its own connection,
 * working on one database at once. */

static const char house[] =
  "INSERT INTO facilities (id, name, kind, created_at, created_by) VALUES "
  "  (1, 'GU Teststadt', 'communal', 'x', 1);"
  "INSERT INTO units (id, facility_id, name, reserved_for) VALUES (1, 1, 'EG', 'none');"
  "INSERT INTO rooms (id, unit_id, name, area_m2, capacity, rule, barrier_free) VALUES "
  "  (1, 1, '1.01', 21, 2, 'any', 0);"
  "INSERT INTO beds (id, room_id, label) VALUES (1, 1, 'A'), (2, 1, 'B');"
  "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, search_text, "
  "  sort_name, created_at, created_by, platform_id) VALUES "
  "  (1, 'Ahmadi', 'Reza', '1990-01-01', 'm', 'expected', '', '', 'x', 1, 'P-1'),"
  "  (2, 'Noori', 'Omar', '1980-00-00', 'm', 'expected', '', '', 'x', 1, 'P-2'),"
  "  (3, 'Sultani', 'Farid', '2001-00-00', 'm', 'expected', '', '', 'x', 1, 'P-3');"
  "INSERT INTO households (id, created_at, created_by) VALUES (1, 'x', 1), (2, 'x', 1), "
  "  (3, 'x', 1);"
  "INSERT INTO household_members (household_id, person_id, role) VALUES "
  "  (1, 1, 'bezugsperson'), (2, 2, 'bezugsperson'), (3, 3, 'bezugsperson');";

static void
test_translate (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GByteArray) used = g_byte_array_new ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
  int n = 0;

  /* "?" is the next after the highest so far, as in SQLite. */
  a = _ea_pg_translate ("SELECT ?, ?5, ?, ?2", &n, NULL, NULL);
  g_assert_cmpstr (a, ==, "SELECT $1, $5, $6, $2");
  g_assert_cmpint (n, ==, 6);
  /* A name is one number wherever it stands; strings, quoted names and
   * comments are left alone, and so are PostgreSQL's casts. */
  b = _ea_pg_translate ("SELECT ':x ?', \"a?\", :day, x::text /* ? */ -- ?\n"
                        "FROM t WHERE d = :day AND e = :other", &n, names, used);
  g_assert_cmpstr (b, ==, "SELECT ':x ?', \"a?\", $1, x::text /* ? */ -- ?\n"
                          "FROM t WHERE d = $1 AND e = $2");
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "day");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "other");
  /* SQLite's word gives way to PostgreSQL's named after it. */
  c = _ea_pg_translate ("SELECT min/*pg:least*/ (a, b), " EA_SQL_JOINED ("x", "','")
                        " FROM " EA_SQL_TEMP "t", NULL, NULL, NULL);
  g_assert_cmpstr (c, ==, "SELECT least (a, b), string_agg (CAST (x AS TEXT), ',') "
                          "FROM pg_temp.t");
  /* Numbers the SQL never names are marked, for their type. */
  g_byte_array_set_size (used, 0);
  d = _ea_pg_translate ("SELECT ?3, 'it''s ?'", &n, NULL, used);
  g_assert_cmpstr (d, ==, "SELECT $3, 'it''s ?'");
  g_assert_cmpint (n, ==, 3);
  g_assert_cmpint (used->len, ==, 3);
  g_assert_cmpint (used->data[0], ==, 0);
  g_assert_cmpint (used->data[2], ==, 1);
  /* A part for SQLite gives way to PostgreSQL's, whose parameters count. */
  {
    g_autofree char *e = _ea_pg_translate ("SELECT 1 WHERE " EA_SQL_CONTAINS ("p.t", "?2")
                                           " AND x = ?", &n, NULL, NULL);

    g_assert_cmpstr (e, ==, "SELECT 1 WHERE (p.t LIKE ea_like_pattern ($2)) AND x = $3");
    g_assert_cmpint (n, ==, 3);
  }
}

static void
test_addresses (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) store = NULL;

  g_assert_true (ea_store_address_is_server ("postgresql://eakte@db.amt.local/eakte"));
  g_assert_true (ea_store_address_is_server ("postgres:///eakte"));
  g_assert_true (ea_store_address_is_server ("service=eakte"));
  g_assert_true (ea_store_address_is_server ("host=/run/postgresql dbname=eakte"));
  g_assert_false (ea_store_address_is_server ("/home/anna/eakte.db"));
  g_assert_false (ea_store_address_is_server ("eakte.db"));
  /* The application makes a path absolute, never a server's address. */
  {
    g_autofree char *server = ea_store_dup_absolute_address ("host=db dbname=eakte");
    g_autofree char *file = ea_store_dup_absolute_address ("eakte.db");

    g_assert_cmpstr (server, ==, "host=db dbname=eakte");
    g_assert_true (g_path_is_absolute (file));
  }

  /* A password never stands in the address. */
  store = ea_store_open ("postgresql://eakte:geheim@127.0.0.1:1/eakte", EA_STORE_OPEN_NONE,
                         &error);
  g_assert_null (store);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "~/.pgpass"));
  g_assert_null (strstr (error->message, "geheim"));
  g_clear_error (&error);

  /* A server that is not there is named as such. */
  store = ea_store_open ("host=127.0.0.1 port=1 dbname=eakte connect_timeout=2",
                         EA_STORE_OPEN_NONE, &error);
  g_assert_null (store);
  g_assert_error (error, EA_ERROR, EA_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Cannot connect to the database server"));
}

static void
test_open_and_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = ea_test_new_server_database ();
  g_autofree char *foreign = ea_test_new_server_database ();
  g_autoptr(EaStore) store = NULL;
  g_autoptr(EaStore) again = NULL;

  /* An empty database is no office: refused, and left empty. */
  store = ea_store_open (address, EA_STORE_OPEN_NONE, &error);
  g_assert_null (store);
  g_assert_error (error, EA_ERROR, EA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no E-Akte office yet"));
  g_clear_error (&error);

  store = ea_store_open (address, EA_STORE_OPEN_NEW, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ea_store_get_schema_version (store), ==,
                   ea_store_get_latest_schema_version ());
  g_assert_false (ea_store_has_users (store));
  /* The code lists came with the schema. */
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM codes "
                                             "WHERE list = 'nationality'"), >, 100);
  g_assert_true (ea_accounts_initialize_office (store, "08315000", "Testamt", "admin",
                                                "geheim123", &error));
  g_assert_no_error (error);
  g_assert_true (ea_store_has_users (store));

  /* A second seat finds the office; a new office is refused there. */
  again = ea_store_open (address, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (ea_store_has_users (again));
  g_clear_object (&again);
  again = ea_store_open (address, EA_STORE_OPEN_NEW, &error);
  g_assert_null (again);
  g_assert_error (error, EA_ERROR, EA_ERROR_EXISTS);
  g_clear_error (&error);

  /* A database of another program is refused untouched. */
  {
    g_autofree char *setup = g_strdup_printf ("%s", foreign);
    g_autoptr(EaStore) probe = NULL;
    EaPg *pg = _ea_pg_connect (setup, &error);

    g_assert_no_error (error);
    g_assert_true (_ea_pg_exec (pg, "CREATE TABLE kunden (id integer)"));
    _ea_pg_free (pg);
    probe = ea_store_open (foreign, EA_STORE_OPEN_CREATE, &error);
    g_assert_null (probe);
    g_assert_nonnull (strstr (error->message, "tables of another program"));
    g_clear_error (&error);
  }

  /* Backup is the server's: the message says how. */
  {
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

    g_assert_false (_ea_store_copy_into (store, "/tmp/never-written.db", &error));
    g_assert_nonnull (strstr (error->message, "pg_dump"));
    g_clear_error (&error);
    g_assert_false (g_file_test ("/tmp/never-written.db", G_FILE_TEST_EXISTS));
    g_assert_true (_ea_store_check_engine (store, problems, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
  }
}

/* An office with a house, a housing manager and two seats of it. */
typedef struct {
  EaStore   *first;
  EaStore   *second;
  EaSession *one;
  EaSession *two;
} Office;

static void
office_open (Office *office)
{
  g_autoptr(GError) error = NULL;
  gint64 admin;

  office->first = ea_test_new_store ("08315000");
  admin = ea_test_query_int (office->first, "SELECT id FROM users WHERE login = 'admin'");
  g_assert_cmpint (_ea_accounts_create_user (office->first, admin, "verwaltung", "Verwaltung",
                                             "geheim123", "housing", &error), >, 0);
  g_assert_true (ea_test_exec (office->first, house, &error));
  g_assert_no_error (error);
  office->second = ea_store_open (ea_store_get_path (office->first), EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  office->one = ea_session_login (office->first, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
  office->two = ea_session_login (office->second, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
}

static void
office_close (Office *office)
{
  g_clear_object (&office->one);
  g_clear_object (&office->two);
  g_clear_object (&office->first);
  g_clear_object (&office->second);
}

/* The audit log is one unbroken chain. */
static void
assert_chain_unbroken (EaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  guint64 entries = 0;

  g_assert_true (_ea_audit_verify_chain (store, &entries, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (entries, >, 0);
}

static void
test_same_bed_two_seats (void)
{
  g_autoptr(GError) error = NULL;
  Office office = { 0 };
  gint64 stay;

  office_open (&office);
  stay = ea_housing_check_in (office.one, 1, 1, "2026-11-23", &error);
  g_assert_no_error (error);
  g_assert_cmpint (stay, >, 0);
  /* The other seat does not know yet and puts someone else there: told
   * that the bed is taken, and nothing of it is written. */
  g_assert_cmpint (ea_housing_check_in (office.two, 2, 1, "2026-11-23", &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  g_assert_cmpint (ea_test_query_int (office.second, "SELECT count (*) FROM stays"), ==, 1);
  g_assert_cmpint (ea_test_query_int (office.second, "SELECT count (*) FROM persons "
                                                     "WHERE status = 'present'"), ==, 1);
  /* The database keeps the invariant itself, whatever the program
   * checks: a second stay in the bed is refused by the server. */
  g_assert_false (ea_test_exec (office.second,
                                "INSERT INTO stays (person_id, bed_id, from_date, created_at, "
                                "created_by) VALUES (2, 1, '2026-11-24', 'x', 1)", &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  /* The other bed of the room is free for the second seat. */
  g_assert_cmpint (ea_housing_check_in (office.two, 2, 2, "2026-11-23", &error), >, 0);
  g_assert_no_error (error);
  assert_chain_unbroken (office.first);
  office_close (&office);
}

typedef struct {
  EaSession *session;
  gint64     person;
  gint64     bed;
  gint64     stay;
  char      *message;
} CheckIn;

static gpointer
check_in_thread (gpointer data)
{
  CheckIn *job = data;
  g_autoptr(GError) error = NULL;

  job->stay = ea_housing_check_in (job->session, job->person, job->bed, "2026-11-23", &error);
  if (error != NULL)
    job->message = g_strdup (error->message);
  return NULL;
}

static void
test_same_bed_at_once (void)
{
  Office office = { 0 };

  office_open (&office);
  for (int round = 0; round < 5; round++)
    {
      g_autofree char *clear = g_strdup_printf ("DELETE FROM stays; UPDATE persons SET "
                                                "status = 'expected'");
      g_autoptr(GError) error = NULL;
      CheckIn a = { office.one, 1, 1, 0, NULL };
      CheckIn b = { office.two, 2, 1, 0, NULL };
      GThread *ta = g_thread_new ("seat-1", check_in_thread, &a);
      GThread *tb = g_thread_new ("seat-2", check_in_thread, &b);

      g_thread_join (ta);
      g_thread_join (tb);
      /* One of the two has the bed; the other was told. */
      g_assert_true ((a.stay > 0) != (b.stay > 0));
      g_assert_nonnull (a.stay > 0 ? b.message : a.message);
      g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM stays"), ==, 1);
      g_free (a.message);
      g_free (b.message);
      g_assert_true (_ea_store_exec (office.first, clear, &error));
      g_assert_no_error (error);
    }
  office_close (&office);
}

static gboolean
set_waited (gpointer   data,
            GError   **error)
{
  return _ea_store_set_setting (data, "waited", "1", error);
}

static gpointer
commit_later (gpointer data)
{
  g_usleep (1500 * 1000);
  g_assert_true (_ea_store_commit (data, NULL));
  return NULL;
}

static void
test_writers_wait (void)
{
  g_autoptr(GError) error = NULL;
  Office office = { 0 };
  GThread *thread;

  office_open (&office);
  /* The first seat holds a change open for 1.5 s; the second's waits. */
  ea_store_set_busy_limit (office.second, 30);
  g_assert_true (_ea_store_begin (office.first, &error));
  g_assert_true (_ea_store_set_setting (office.first, "held", "1", &error));
  thread = g_thread_new ("commit", commit_later, office.first);
  g_assert_true (_ea_store_change (office.second, set_waited, office.second, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_cmpint (ea_test_query_int (office.second, "SELECT count (*) FROM settings "
                                                     "WHERE key IN ('held', 'waited')"), ==, 2);

  /* With a limit of one second it gives up, says so, writes nothing. */
  ea_store_set_busy_limit (office.second, 1);
  g_assert_true (_ea_store_begin (office.first, &error));
  g_assert_true (_ea_store_exec (office.second, "DELETE FROM settings WHERE key = 'waited'",
                                 &error));
  g_assert_false (_ea_store_change (office.second, set_waited, office.second, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "busy for more than 1 seconds"));
  g_clear_error (&error);
  g_assert_true (_ea_store_commit (office.first, &error));
  g_assert_cmpint (ea_test_query_int (office.second, "SELECT count (*) FROM settings "
                                                     "WHERE key = 'waited'"), ==, 0);
  office_close (&office);
}

/* The server ends @store's connection (a restart, say). */
static void
cut_connection (EaStore *store,
                EaStore *other)
{
  g_autofree char *kill = NULL;
  gint64 pid = ea_test_query_int (store, "SELECT pg_backend_pid ()");

  g_assert_cmpint (pid, >, 0);
  kill = g_strdup_printf ("SELECT pg_terminate_backend (%" G_GINT64_FORMAT ")", pid);
  g_assert_cmpint (ea_test_query_int (other, kill), ==, 1);
  g_usleep (200 * 1000);
}

static void
test_lost_connection (void)
{
  g_autoptr(GError) error = NULL;
  Office office = { 0 };
  gint64 stay;

  office_open (&office);
  /* Lost in the middle of a change: nothing of it is stored, the user is
   * told, and no later statement of it runs on a new connection outside
   * the transaction. */
  g_assert_true (_ea_store_begin (office.first, &error));
  g_assert_true (_ea_store_set_setting (office.first, "before-cut", "1", &error));
  cut_connection (office.first, office.second);
  g_assert_false (_ea_store_set_setting (office.first, "after-cut", "1", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "connection to the database server"));
  g_clear_error (&error);
  g_assert_false (_ea_store_commit (office.first, &error));
  g_assert_nonnull (strstr (error->message, "connection to the database server"));
  g_clear_error (&error);
  g_assert_cmpint (ea_test_query_int (office.second, "SELECT count (*) FROM settings WHERE key "
                                                     "IN ('before-cut', 'after-cut')"), ==, 0);

  /* Between changes: the next step connects again, and a check-in goes
   * through exactly once. */
  cut_connection (office.first, office.second);
  stay = ea_housing_check_in (office.one, 1, 1, "2026-11-23", &error);
  if (stay == 0)
    {
      g_assert_nonnull (strstr (error->message, "connection to the database server"));
      g_clear_error (&error);
      stay = ea_housing_check_in (office.one, 1, 1, "2026-11-23", &error);
    }
  g_assert_no_error (error);
  g_assert_cmpint (stay, >, 0);
  g_assert_cmpint (ea_test_query_int (office.second, "SELECT count (*) FROM stays"), ==, 1);
  assert_chain_unbroken (office.second);

  /* The new connection keeps the store's limit of waiting for others. */
  ea_store_set_busy_limit (office.first, 1);
  cut_connection (office.first, office.second);
  _ea_store_query_int (office.first, "SELECT 1", "");
  g_assert_cmpint (_ea_store_query_int (office.first, "SELECT 1", ""), ==, 1);
  g_assert_true (_ea_store_begin (office.second, &error));
  g_assert_false (_ea_store_change (office.first, set_waited, office.first, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "busy for more than 1 seconds"));
  g_clear_error (&error);
  g_assert_true (_ea_store_commit (office.second, &error));
  office_close (&office);
}

typedef struct {
  EaStore *store;
  int      seat;
} Writer;

static gboolean
write_setting (gpointer   data,
               GError   **error)
{
  Writer *writer = data;
  g_autofree char *key = g_strdup_printf ("seat-%d-%d", writer->seat, g_random_int ());

  return _ea_store_set_setting (writer->store, key, "1", error);
}

static gpointer
many_changes (gpointer data)
{
  Writer *writer = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) session = ea_session_login (writer->store, "verwaltung", "geheim123",
                                                   &error);

  g_assert_no_error (error);
  /* Each login is an audited change: many writers extend one chain. */
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(EaSession) again = ea_session_login (writer->store, "verwaltung", "geheim123",
                                                     &error);
      g_assert_no_error (error);
      g_assert_true (_ea_store_change (writer->store, write_setting, writer, &error));
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_one_chain_many_writers (void)
{
  Office office = { 0 };
  Writer a, b;
  GThread *ta, *tb;

  office_open (&office);
  a = (Writer) { office.first, 1 };
  b = (Writer) { office.second, 2 };
  ta = g_thread_new ("seat-1", many_changes, &a);
  tb = g_thread_new ("seat-2", many_changes, &b);
  g_thread_join (ta);
  g_thread_join (tb);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM settings "
                                                    "WHERE key LIKE 'seat-%'"), ==, 20);
  assert_chain_unbroken (office.first);
  office_close (&office);
}

/* The server's hash of an entry (ea_audit_hash (), migration 0009) for
 * the fields of @row, or NULL. */
static char *
server_hash (EaStore    *store,
             const char *prev,
             const char *at,
             gint64      user_id,
             const char *action,
             gint64      object_id,
             const char *detail)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT ea_audit_hash (?, ?, ?, ?, ?, ?, ?, ?)",
                                              NULL);

  g_assert_nonnull (stmt);
  _ea_stmt_bind_text (stmt, 1, prev);
  _ea_stmt_bind_text (stmt, 2, at);
  _ea_stmt_bind_int64 (stmt, 3, user_id);
  _ea_stmt_bind_text (stmt, 4, action);
  _ea_stmt_bind_text (stmt, 5, "person");
  _ea_stmt_bind_int64 (stmt, 6, object_id);
  _ea_stmt_bind_int64 (stmt, 7, 12345678901);
  _ea_store_bind_text_or_null (stmt, 8, detail);
  g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
  return g_strdup (_ea_stmt_column_text (stmt, 0));
}

typedef struct {
  EaStore *store;
  gint64   admin;
} Failing;

static gboolean
record_then_fail (gpointer   data,
                  GError   **error)
{
  Failing *f = data;

  g_assert_true (_ea_audit_append (f->store, f->admin,
                                   &(EaAuditRecord) { .action = "test", .object_type = "person" },
                                   error));
  g_set_error_literal (error, EA_ERROR, EA_ERROR_INVALID, "refused on purpose");
  return FALSE;
}

/* The server links a transaction's audit entries into the chain as it
 * commits (0009-audit-at-commit.sql): with the same hash as the program,
 * which verifies the chain; a seat that has handed its entries over
 * holds no lock until it commits; an entry carries its actor; a change
 * rolled back leaves nothing behind. */
static void
test_chain_linked_at_commit (void)
{
  static const struct { const char *prev, *at, *action, *detail; gint64 user, object; } rows[] = {
    { "0000000000000000000000000000000000000000000000000000000000000000",
      "2026-11-23T08:00:00.000000Z", "login", NULL, 0, 0 },
    { "ab", "2026-11-23T08:00:00Z", "check-in", "Bett 1.01 A · Yılmaz, Özlem — ü ß 💡", 7, 42 },
    { "", "", "x", "", G_MAXINT64, 1 },
  };
  Office office = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) seat = NULL;
  gint64 entries, admin, user;
  Failing failing;

  office_open (&office);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *ours = _ea_audit_hash (rows[i].prev, rows[i].at, rows[i].user,
                                              rows[i].action, "person", rows[i].object,
                                              12345678901, rows[i].detail);
      g_autofree char *theirs = server_hash (office.first, rows[i].prev, rows[i].at,
                                             rows[i].user, rows[i].action, rows[i].object,
                                             rows[i].detail);

      g_assert_cmpstr (theirs, ==, ours);
    }

  /* The second seat has handed its entry over and not committed yet: the
   * first seat's audited change does not wait for it. */
  admin = ea_test_query_int (office.first, "SELECT id FROM users WHERE login = 'admin'");
  g_assert_true (_ea_store_begin (office.second, &error));
  g_assert_true (ea_test_exec (office.second,
                               "INSERT INTO audit_pending (at, user_id, action, object_type, "
                               "object_id, person_id, detail, counted) VALUES "
                               "('2026-11-23T09:00:00Z', NULL, 'test', 'person', NULL, NULL, "
                               "NULL, 1)",
                               &error));
  g_assert_no_error (error);
  entries = ea_test_query_int (office.first, "SELECT count (*) FROM audit_log");
  seat = ea_session_login (office.first, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM audit_log"), ==,
                   entries + 1);
  user = ea_test_query_int (office.first, "SELECT id FROM users WHERE login = 'verwaltung'");
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT user_id FROM audit_log "
                                                    "ORDER BY id DESC LIMIT 1"), ==, user);
  g_assert_true (_ea_store_commit (office.second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM audit_log"), ==,
                   entries + 2);

  /* A change that fails: its entry is neither in the log nor pending. */
  failing = (Failing) { office.first, admin };
  g_assert_false (_ea_store_change (office.first, record_then_fail, &failing, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM audit_log"), ==,
                   entries + 2);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM audit_pending"), ==, 0);
  assert_chain_unbroken (office.first);
  office_close (&office);
}

/* A TCP proxy between one seat and the server that can cut the
 * connection at a change's COMMIT (the query "COMMIT" itself, not the
 * BEGIN's "READ COMMITTED"): after passing it on and seeing the
 * server's answer (the server committed; the seat never hears so), or
 * before it reaches the server (the server rolls back). */
enum { PROXY_PASS, PROXY_CUT_AFTER_COMMIT, PROXY_CUT_BEFORE_COMMIT };

typedef struct {
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  guint16          port;
  gint             mode;     /* atomic */
  gint             refuse;   /* atomic: close new connections at once */
  gint             cuts;     /* atomic */
} Proxy;

typedef struct {
  Proxy             *proxy;
  GSocketConnection *client;
} Pipe;

static gboolean
write_all_fd (int          fd,
              const char  *data,
              gssize       n)
{
  while (n > 0)
    {
      gssize w = write (fd, data, n);

      if (w <= 0)
        return FALSE;
      data += w;
      n -= w;
    }
  return TRUE;
}

static gpointer
proxy_pipe (gpointer data)
{
  g_autofree Pipe *pipe = data;
  Proxy *proxy = pipe->proxy;
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  g_autoptr(GSocketConnection) client = pipe->client;
  g_autoptr(GSocketConnection) server = NULL;
  char buffer[65536];
  int fds[2];

  server = g_socket_client_connect_to_host (connector, "localhost",
                                            (guint16) atoi (g_getenv ("PGPORT")), NULL, NULL);
  if (server == NULL)
    return NULL;
  fds[0] = g_socket_get_fd (g_socket_connection_get_socket (client));
  fds[1] = g_socket_get_fd (g_socket_connection_get_socket (server));
  for (;;)
    {
      struct pollfd polled[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
      gboolean done = FALSE;

      if (poll (polled, 2, -1) < 0)
        break;
      for (int side = 0; side < 2 && !done; side++)
        if (polled[side].revents & (POLLIN | POLLHUP | POLLERR))
          {
            gssize n = read (fds[side], buffer, sizeof buffer);
            int mode = g_atomic_int_get (&proxy->mode);

            if (n <= 0)
              done = TRUE;
            else if (side == 0 && mode != PROXY_PASS && memmem (buffer, n, "COMMIT\0", 7) != NULL)
              {
                if (mode == PROXY_CUT_AFTER_COMMIT)
                  {
                    struct pollfd answer = { fds[1], POLLIN, 0 };

                    /* The server answers once the commit is durable. */
                    write_all_fd (fds[1], buffer, n);
                    g_assert_cmpint (poll (&answer, 1, 10000), ==, 1);
                    g_assert_cmpint (read (fds[1], buffer, sizeof buffer), >, 0);
                  }
                g_atomic_int_set (&proxy->mode, PROXY_PASS);
                g_atomic_int_inc (&proxy->cuts);
                done = TRUE;
              }
            else if (!write_all_fd (fds[1 - side], buffer, n))
              done = TRUE;
          }
      if (done)
        break;
    }
  g_io_stream_close (G_IO_STREAM (server), NULL, NULL);
  g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
  return NULL;
}

static gpointer
proxy_accept (gpointer data)
{
  Proxy *proxy = data;
  GSocketConnection *client;

  while ((client = g_socket_listener_accept (proxy->listener, NULL, proxy->cancellable,
                                             NULL)) != NULL)
    {
      Pipe *pipe = g_new0 (Pipe, 1);

      if (g_atomic_int_get (&proxy->refuse))
        {
          g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
          g_object_unref (client);
          g_free (pipe);
          continue;
        }
      *pipe = (Pipe) { proxy, client };
      g_thread_unref (g_thread_new ("proxy-pipe", proxy_pipe, pipe));
    }
  return NULL;
}

static void
proxy_start (Proxy *proxy)
{
  g_autoptr(GError) error = NULL;

  proxy->listener = g_socket_listener_new ();
  proxy->cancellable = g_cancellable_new ();
  proxy->port = g_socket_listener_add_any_inet_port (proxy->listener, NULL, &error);
  g_assert_no_error (error);
  proxy->thread = g_thread_new ("proxy", proxy_accept, proxy);
}

static void
proxy_stop (Proxy *proxy)
{
  g_cancellable_cancel (proxy->cancellable);
  g_thread_join (proxy->thread);
  g_socket_listener_close (proxy->listener);
  g_clear_object (&proxy->listener);
  g_clear_object (&proxy->cancellable);
}

/* Issue 18: a change whose COMMIT was on its way when the connection
 * went is never applied twice, nor reported stored when it was not: the
 * store asks the server on a new connection whether it committed. */
static void
test_commit_lost (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) through = NULL;
  g_autoptr(EaSession) seat = NULL;
  g_autofree char *address = NULL;
  Office office = { 0 };
  Proxy proxy = { 0 };
  gint64 stay;

  office_open (&office);
  proxy_start (&proxy);
  address = g_strdup_printf ("%s host=127.0.0.1 port=%u", ea_store_get_path (office.first),
                             proxy.port);
  through = ea_store_open (address, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  seat = ea_session_login (through, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);

  /* Cut after the server committed: the check-in is reported done, with
   * its stay, and is there once; the user has no reason to repeat it. */
  g_atomic_int_set (&proxy.mode, PROXY_CUT_AFTER_COMMIT);
  stay = ea_housing_check_in (seat, 1, 1, "2026-11-23", &error);
  g_assert_no_error (error);
  g_assert_cmpint (stay, >, 0);
  g_assert_cmpint (g_atomic_int_get (&proxy.cuts), ==, 1);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM stays"), ==, 1);

  /* Cut before the COMMIT reached the server: reported not stored, and
   * it is not; the next try goes through on a new connection. */
  g_atomic_int_set (&proxy.mode, PROXY_CUT_BEFORE_COMMIT);
  g_assert_cmpint (ea_housing_check_in (seat, 2, 2, "2026-11-23", &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Nothing was changed: the connection"));
  g_clear_error (&error);
  g_assert_cmpint (g_atomic_int_get (&proxy.cuts), ==, 2);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM stays"), ==, 1);
  stay = ea_housing_check_in (seat, 2, 2, "2026-11-23", &error);
  g_assert_no_error (error);
  g_assert_cmpint (stay, >, 0);

  /* Cut after the commit while the server cannot be reached again: the
   * seat is told that it is not known, and to look before repeating
   * (here it was stored: the check-in is taken back). */
  g_atomic_int_set (&proxy.refuse, 1);
  g_atomic_int_set (&proxy.mode, PROXY_CUT_AFTER_COMMIT);
  g_assert_false (ea_housing_undo_check_in (seat, stay, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "look whether the change is there"));
  g_clear_error (&error);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM stays"), ==, 1);
  assert_chain_unbroken (office.first);

  g_clear_object (&seat);
  g_clear_object (&through);
  proxy_stop (&proxy);
  office_close (&office);
}

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs eakte-cli with $EAKTE_DB set to @address, as a seat's script does. */
static void
run_cli (Run         *run,
         const char  *address,
         const char  *user,
         const char  *password,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (char *) g_getenv ("EAKTE_CLI"));
  va_start (args, password);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  env = g_environ_setenv (env, "EAKTE_DB", address, TRUE);
  env = user ? g_environ_setenv (env, "EAKTE_USER", user, TRUE)
             : g_environ_unsetenv (env, "EAKTE_USER");
  env = password ? g_environ_setenv (env, "EAKTE_PASSWORD", password, TRUE)
                 : g_environ_unsetenv (env, "EAKTE_PASSWORD");
  run_clear (run);
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
test_cli (void)
{
  g_autofree char *office = ea_test_new_server_database ();
  g_autofree char *demo = ea_test_new_server_database ();
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *copy = g_build_filename (dir, "kopie.db", NULL);
  Run run = { 0 };

  /* An office on the server, set up once. */
  run_cli (&run, office, NULL, "geheim123", "init", "--ags", "08315000", "--name", "Testamt",
           "--admin", "chef", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, office, NULL, "geheim123", "init", "--ags", "08315000", "--name", "Zweitamt",
           "--admin", "chef2", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "holds an office already"));
  run_cli (&run, office, "chef", "geheim123", "audit", "verify", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* A demo district there, and the daily commands on it. */
  run_cli (&run, demo, NULL, NULL, "demo", "--persons", "300", "--facilities", "4",
           "--today", "2026-11-23", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, demo, "verwaltung", EA_DEMO_PASSWORD, "occupancy", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"facilities\""));
  run_cli (&run, demo, "admin", EA_DEMO_PASSWORD, "check", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, demo, "admin", EA_DEMO_PASSWORD, "audit", "verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, demo, "verwaltung", EA_DEMO_PASSWORD, "allocate", "--commit", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Backup is the server's; the command says how, and writes nothing. */
  run_cli (&run, demo, "admin", EA_DEMO_PASSWORD, "backup", copy, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "pg_dump"));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));

  /* The whole office into a file, for an offline copy. */
  {
    g_autofree char *offline = g_build_filename (dir, "offline.db", NULL);

    run_cli (&run, demo, "admin", EA_DEMO_PASSWORD, "copy", demo, offline, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "verifies"));
    g_assert_true (g_file_test (offline, G_FILE_TEST_IS_REGULAR));
    run_cli (&run, demo, "admin", EA_DEMO_PASSWORD, "copy", demo, offline, NULL);
    g_assert_cmpint (run.status, !=, 0);
    g_assert_nonnull (strstr (run.err, "exists already"));
    run_cli (&run, offline, "admin", EA_DEMO_PASSWORD, "audit", "verify", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }

  /* A demo is never written over an office. */
  run_cli (&run, office, NULL, NULL, "demo", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "holds an office already"));
  run_clear (&run);
}

/* Whether another seat is inside an import (holds the importers' lock,
 * "EAkI" in ea-store.c). */
static gboolean
other_seat_importing (EaStore *store)
{
  return ea_test_query_int (store, "SELECT count (*) FROM pg_locks WHERE locktype = 'advisory' "
                                   "AND objid = 1161915209 AND granted "
                                   "AND pid <> pg_backend_pid ()") > 0;
}

/* Issue 18: an import of 5,000 persons commits in one transaction, in a
 * process of its own, while this seat goes on: it reads and sees none of
 * the import until it is committed, whole; its check-ins, a search and
 * opening a file (both recorded in the audit log) do not wait for the
 * import; the audit log is one chain of both. */
static void
test_import_while_checking_in (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *feed = g_build_filename (dir, "zuweisung.xml", NULL);
  const char *make[] = { g_getenv ("EAKTE_MAKE_FEED"), feed, "5000", "08315000", NULL };
  const char *import[] = { g_getenv ("EAKTE_CLI"), "import", feed, NULL };
  g_auto(GStrv) env = g_get_environ ();
  Office office = { 0 };
  gint64 deadline;
  gboolean seen_writing = FALSE;
  GPid pid;
  int status = -1;

  g_assert_nonnull (make[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) make, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  office_open (&office);
  env = g_environ_setenv (env, "EAKTE_DB", ea_store_get_path (office.first), TRUE);
  env = g_environ_setenv (env, "EAKTE_USER", "admin", TRUE);
  env = g_environ_setenv (env, "EAKTE_PASSWORD", "geheim123", TRUE);
  g_assert_true (g_spawn_async (NULL, (char **) import, env,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, &pid, &error));
  g_assert_no_error (error);

  /* While the import writes, this seat reads, and sees nothing of it. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  status = -1;
  while (g_get_monotonic_time () < deadline && waitpid (pid, &status, WNOHANG) == 0)
    if (other_seat_importing (office.first))
      {
        seen_writing = TRUE;
        g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM persons"), ==,
                         3);
        break;
      }
    else
      g_usleep (500);
  g_assert_true (seen_writing);

  /* Check-ins meanwhile do not wait for the import's commit: a second
   * is more than they need, and the import still writes after them. */
  ea_store_set_busy_limit (office.first, 1);
  for (guint i = 0; i < 3; i++)
    {
      gint64 stay = ea_housing_check_in (office.one, 1, 1, "2026-11-23", &error);

      g_assert_no_error (error);
      g_assert_cmpint (stay, >, 0);
      g_assert_true (ea_housing_undo_check_in (office.one, stay, &error));
      g_assert_no_error (error);
    }
  {
    g_autoptr(EaPersonFile) file = ea_person_file_load (office.one, 1, &error);

    g_assert_no_error (error);
    g_assert_nonnull (file);
  }
  g_assert_true (other_seat_importing (office.first));
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM persons"), ==, 3);
  if (status == -1)
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  /* Done (1: done, with records held for review). */
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), <=, 1);

  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM import_runs"), ==, 1);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT created FROM import_runs"), >, 4000);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM persons"), ==,
                   3 + ea_test_query_int (office.first, "SELECT created FROM import_runs"));
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM stays"), ==, 0);
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM audit_log WHERE "
                                                    "object_type = 'stay' AND action = 'check-in'"),
                   ==, 3);
  assert_chain_unbroken (office.first);
  office_close (&office);
}

/* A change that waited for another seat's longer than its limit: it
 * says so and changes nothing. */
static void
assert_waited_in_vain (GError **error)
{
  g_assert_error (*error, EA_ERROR, EA_ERROR_FAILED);
  g_assert_nonnull (strstr ((*error)->message, "busy"));
  g_clear_error (error);
}

/* Issue 18: changes of different facilities do not wait for each other;
 * a change of the same facility, and one of the whole office, wait. */
static void
test_facilities_side_by_side (void)
{
  g_autoptr(GError) error = NULL;
  Office office = { 0 };

  office_open (&office);
  g_assert_true (ea_test_exec (office.first,
    "INSERT INTO facilities (id, name, kind, created_at, created_by) VALUES "
    "  (2, 'GU Nachbarort', 'communal', 'x', 1);"
    "INSERT INTO units (id, facility_id, name, reserved_for) VALUES (2, 2, 'EG', 'none');"
    "INSERT INTO rooms (id, unit_id, name, area_m2, capacity, rule, barrier_free) VALUES "
    "  (2, 2, '0.01', 21, 2, 'any', 0);"
    "INSERT INTO beds (id, room_id, label) VALUES (3, 2, 'A'), (4, 2, 'B');", &error));
  g_assert_no_error (error);
  ea_store_set_busy_limit (office.first, 1);

  /* The second seat is in the middle of a change of the first facility. */
  g_assert_true (_ea_store_begin_locking (office.second, EA_STORE_LOCK_WRITERS, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_check_in (office.one, 1, 3, "2026-11-23", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_check_in (office.one, 2, 1, "2026-11-23", &error), <=, 0);
  assert_waited_in_vain (&error);
  g_assert_false (_ea_store_begin (office.first, &error));
  assert_waited_in_vain (&error);
  g_assert_true (_ea_audit_append (office.second, 0, &(EaAuditRecord) { .action = "test",
                                                                        .object_type = "seat" },
                                   &error));
  g_assert_true (_ea_store_commit (office.second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_check_in (office.one, 2, 1, "2026-11-23", &error), >, 0);
  g_assert_no_error (error);

  /* A change of the whole office keeps the facilities' changes waiting. */
  g_assert_true (_ea_store_begin (office.second, &error));
  g_assert_cmpint (ea_housing_check_in (office.one, 3, 4, "2026-11-23", &error), <=, 0);
  assert_waited_in_vain (&error);
  _ea_store_rollback (office.second);
  g_assert_cmpint (ea_housing_check_in (office.one, 3, 4, "2026-11-23", &error), >, 0);
  g_assert_no_error (error);
  assert_chain_unbroken (office.first);
  office_close (&office);
}

/* Issue 18: a read that the audit log records (opening a file) does not
 * wait for another seat's change; another change does, and is stored
 * when the first has committed. Both entries are in one chain. */
static void
test_reads_wait_for_no_change (void)
{
  g_autoptr(GError) error = NULL;
  Office office = { 0 };
  gint64 reads = 0;

  office_open (&office);
  reads = ea_test_query_int (office.first, "SELECT count (*) FROM audit_log "
                                           "WHERE action = 'read'");
  ea_store_set_busy_limit (office.first, 1);
  /* The second seat is in the middle of a change. */
  g_assert_true (_ea_store_begin (office.second, &error));
  g_assert_no_error (error);
  {
    g_autoptr(EaPersonFile) file = ea_person_file_load (office.one, 1, &error);

    g_assert_no_error (error);
    g_assert_nonnull (file);
  }
  g_assert_cmpint (ea_test_query_int (office.first, "SELECT count (*) FROM audit_log "
                                                    "WHERE action = 'read'"), ==, reads + 1);
  /* A change waits for it, here longer than its limit of a second. */
  g_assert_cmpint (ea_housing_check_in (office.one, 1, 1, "2026-11-23", &error), <=, 0);
  assert_waited_in_vain (&error);
  g_assert_true (_ea_audit_append (office.second, 0, &(EaAuditRecord) { .action = "test",
                                                                        .object_type = "seat" },
                                   &error));
  g_assert_true (_ea_store_commit (office.second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_check_in (office.one, 1, 1, "2026-11-23", &error), >, 0);
  g_assert_no_error (error);
  assert_chain_unbroken (office.first);
  office_close (&office);
}

/* A small picture for a person's file, as a scan would be. */
static char *
make_png (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "ausweis.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 40, 30);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.2, 0.4, 0.6);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_steal_pointer (&path);
}

static void
test_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *file = g_build_filename (dir, "amt.db", NULL);
  g_autofree char *back = g_build_filename (dir, "offline.db", NULL);
  g_autofree char *server = ea_test_new_server_database ();
  g_autofree char *png = make_png (dir);
  g_autofree char *before = NULL;
  g_autoptr(EaStore) source = ea_store_open (file, EA_STORE_OPEN_NEW, &error);
  g_autoptr(EaStore) target = NULL;
  g_autoptr(EaStore) offline = NULL;
  g_autoptr(EaSession) admin = NULL;
  g_autoptr(EaSession) social = NULL;
  g_autoptr(EaSession) on_server = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  EaDemoOptions options = { 200, 3, 5, "2026-11-23" };
  EaMaintenanceCopy copied;
  gint64 person, document;

  /* An office on one seat, with a scan in a person's file. */
  g_assert_no_error (error);
  g_assert_true (ea_demo_generate (source, &options, NULL, &error));
  g_assert_no_error (error);
  social = ea_session_login (source, "sozial", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  person = ea_test_query_int (source, "SELECT min (id) FROM persons WHERE status = 'present'");
  document = ea_document_add (social, person, png, "ausweis", "Ausweis", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (document, >, 0);
  admin = ea_session_login (source, "admin", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);

  /* Not into itself, and only an administrator. */
  g_assert_false (ea_maintenance_copy (admin, file, &copied, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ea_maintenance_copy (social, server, &copied, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Onto the server: every row, the document, one verified chain. */
  g_assert_true (ea_maintenance_copy (admin, server, &copied, &error));
  g_assert_no_error (error);
  g_assert_cmpint (copied.rows, >, 1000);
  /* Every content: the demo's documents and the scan. */
  g_assert_cmpuint (copied.documents, ==,
                    (guint) ea_test_query_int (source, "SELECT count (*) FROM blobs"));
  g_assert_cmpuint (copied.documents, >, 1);
  g_assert_cmpuint (copied.audit_entries, >, 0);
  target = ea_store_open (server, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  before = ea_test_dump_tables (source);
  {
    /* The copy has what the source had when it was made. */
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE id <= %"
                                            G_GUINT64_FORMAT, copied.audit_entries);
    g_assert_cmpint (ea_test_query_int (target, "SELECT count (*) FROM persons"), ==,
                     ea_test_query_int (source, "SELECT count (*) FROM persons"));
    g_assert_cmpint (ea_test_query_int (target, "SELECT count (*) FROM stays"), ==,
                     ea_test_query_int (source, "SELECT count (*) FROM stays"));
    g_assert_cmpint (ea_test_query_int (target, "SELECT count (*) FROM audit_log"), ==,
                     (int) copied.audit_entries);
    g_assert_cmpint (ea_test_query_int (source, sql), ==, (int) copied.audit_entries);
  }
  _ea_store_blobs_find_missing (target, missing);
  g_assert_cmpuint (missing->len, ==, 0);
  assert_chain_unbroken (target);
  /* The office works there: a login, a new document with a new number. */
  on_server = ea_session_login (target, "sozial", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  {
    g_autofree char *letter = g_build_filename (dir, "brief.png", NULL);
    gint64 max_document = ea_test_query_int (target, "SELECT max (id) FROM documents");
    gint64 added;

    g_assert_true (g_rename (png, letter) == 0);
    added = ea_document_add (on_server, person, letter, "ausweis", "Zweitschrift", NULL, NULL,
                             &error);
    g_assert_no_error (error);
    g_assert_cmpint (added, >, max_document);
  }

  /* A second copy into the same office is refused, and changes nothing. */
  g_assert_false (ea_maintenance_copy (admin, server, &copied, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_EXISTS);
  g_clear_error (&error);

  /* And back, for an offline copy: the same tables, row for row. */
  {
    g_autoptr(EaSession) server_admin = ea_session_login (target, "admin", EA_DEMO_PASSWORD,
                                                          &error);
    g_autofree char *after = NULL;

    g_assert_no_error (error);
    g_assert_true (ea_maintenance_copy (server_admin, back, &copied, &error));
    g_assert_no_error (error);
    offline = ea_store_open (back, EA_STORE_OPEN_NONE, &error);
    g_assert_no_error (error);
    assert_chain_unbroken (offline);
    after = ea_test_dump_tables (offline);
    g_assert_cmpstr (after, !=, before);  /* the stay and the logins since */
    g_assert_cmpint (ea_test_query_int (offline, "SELECT count (*) FROM stays"), ==,
                     ea_test_query_int (target, "SELECT count (*) FROM stays"));
    g_assert_cmpint (ea_test_query_int (offline, "SELECT count (*) FROM document_text"), ==,
                     ea_test_query_int (target, "SELECT count (*) FROM document_text"));
    g_ptr_array_set_size (missing, 0);
    _ea_store_blobs_find_missing (offline, missing);
    g_assert_cmpuint (missing->len, ==, 0);
  }
}

/* A scan of noise: incompressible, @side² × 3 bytes as a PNG. */
static char *
make_noise_png (const char *dir,
                int         side)
{
  g_autofree char *path = g_build_filename (dir, "scan.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      ((guint32 *) (data + y * stride))[x] = g_rand_int (rand) & 0xffffff;
  cairo_surface_mark_dirty (surface);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_steal_pointer (&path);
}

static char *
sha_of_document (EaStore *store,
                 gint64   document)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT sha256 FROM documents WHERE id = ?1",
                                              NULL);

  _ea_stmt_bind_int64 (stmt, 1, document);
  g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
  return g_strdup (_ea_stmt_column_text (stmt, 0));
}

/* Issue 18: on the server the documents live in the database, so every
 * seat opens the same; in parts of at most 1 MiB, written and read one
 * at a time; checked against their SHA-256, so a damaged content is
 * found and never copied on. */
static void
test_documents_in_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *server = ea_test_new_server_database ();
  g_autofree char *scan = make_noise_png (dir, 1100);
  g_autofree char *sha = NULL;
  g_autofree char *original = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *opened_text = NULL;
  g_autofree char *exported = g_build_filename (dir, "export.png", NULL);
  g_autofree char *exported_text = NULL;
  g_autofree char *offline = g_build_filename (dir, "offline.db", NULL);
  g_autofree char *seat_folder = NULL;
  g_autoptr(EaStore) one = NULL;
  g_autoptr(EaStore) two = NULL;
  g_autoptr(EaSession) writer = NULL;
  g_autoptr(EaSession) reader = NULL;
  g_autoptr(EaSession) admin = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  EaDemoOptions options = { 40, 2, 3, "2026-11-23" };
  EaMaintenanceCopy copied;
  gsize length, opened_length, exported_length;
  gint64 person, document;
  int parts;

  one = ea_store_open (server, EA_STORE_OPEN_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (ea_demo_generate (one, &options, NULL, &error));
  g_assert_no_error (error);
  two = ea_store_open (server, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  writer = ea_session_login (one, "sozial", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  reader = ea_session_login (two, "sozial", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  person = ea_test_query_int (one, "SELECT min (id) FROM persons");
  /* The demo district's own documents. */
  parts = ea_test_query_int (one, "SELECT count (*) FROM blob_parts");

  /* A scan of 3.6 MB, added on one seat: four parts in the database,
   * none larger than 1 MiB, and no file on the seat. */
  g_assert_true (g_file_get_contents (scan, &original, &length, NULL));
  g_assert_cmpuint (length, >, 3 * 1024 * 1024);
  g_assert_cmpuint (length, <, 4 * 1024 * 1024);
  document = ea_document_add (writer, person, scan, "ausweis", "Pass", NULL, NULL, &error);
  g_assert_no_error (error);
  sha = sha_of_document (one, document);
  g_assert_cmpint (ea_test_query_int (one, "SELECT count (*) FROM blob_parts"), ==, parts + 4);
  g_assert_cmpint (ea_test_query_int (one, "SELECT max (length (bytes)) FROM blob_parts"), ==,
                   1024 * 1024);
  seat_folder = ea_store_dup_documents_dir (one);
  g_assert_false (g_file_test (seat_folder, G_FILE_TEST_EXISTS));

  /* The other seat opens and exports the same bytes. */
  opened = ea_document_open_file (reader, document, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (opened, &opened_text, &opened_length, NULL));
  g_assert_cmpmem (opened_text, opened_length, original, length);
  g_assert_true (ea_document_export (reader, document, exported, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (exported, &exported_text, &exported_length, NULL));
  g_assert_cmpmem (exported_text, exported_length, original, length);
  /* The copy it was shown from goes with the process's copies. */
  _ea_store_blobs_remove_viewed ();
  g_assert_false (g_file_test (opened, G_FILE_TEST_EXISTS));

  /* The same file again is kept once. */
  g_assert_cmpint (ea_document_add (writer, person, scan, "ausweis", "Pass (Kopie)", NULL, NULL,
                                    &error), >, document);
  g_assert_no_error (error);
  g_assert_cmpint (ea_test_query_int (one, "SELECT count (*) FROM blob_parts"), ==, parts + 4);

  /* A content that does not match its name is refused, and nothing is
   * kept. */
  g_assert_true (_ea_store_begin (one, &error));
  g_assert_cmpint (_ea_store_blob_put (one, scan, "0000000000000000000000000000000000000000000000"
                                                  "000000000000000000", &error), ==, -1);
  g_assert_error (error, EA_ERROR, EA_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "does not match its SHA-256"));
  g_clear_error (&error);
  _ea_store_rollback (one);
  g_assert_cmpint (ea_test_query_int (one, "SELECT count (*) FROM blob_parts"), ==, parts + 4);

  /* A part without its blob is refused by the server at the commit. */
  g_assert_false (ea_test_exec (one, "BEGIN; INSERT INTO blob_parts VALUES ('"
                                     "1111111111111111111111111111111111111111111111111111111111"
                                     "111111', 0, '\\x00'); COMMIT", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  ea_test_exec (one, "ROLLBACK", NULL);

  /* A damaged part: the check finds it, and a copy refuses to take it on
   * and leaves no copy behind. */
  g_assert_true (ea_test_exec (one, "UPDATE blob_parts SET bytes = '\\x00' WHERE part = 2",
                               &error));
  g_assert_no_error (error);
  admin = ea_session_login (one, "admin", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (ea_maintenance_check (admin, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), sha));
  g_assert_false (ea_maintenance_copy (admin, offline, &copied, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, sha));
  g_clear_error (&error);
  g_assert_false (g_file_test (offline, G_FILE_TEST_EXISTS));
}

/* SQLite → PostgreSQL → SQLite with nothing in between gives the same
 * tables, row for row and value for value. */
static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *first = g_build_filename (dir, "hin.db", NULL);
  /* A folder of its own: a file keeps its documents beside it, and the
   * copy back must bring them (the demo district has some). */
  g_autofree char *back_dir = g_build_filename (dir, "zurueck", NULL);
  g_autofree char *last = g_build_filename (back_dir, "zurueck.db", NULL);
  g_autofree char *server = ea_test_new_server_database ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(EaStore) source = ea_store_open (first, EA_STORE_OPEN_NEW, &error);
  g_autoptr(EaStore) middle = NULL;
  g_autoptr(EaStore) back = NULL;
  EaDemoOptions options = { 150, 3, 9, "2026-11-23" };
  gint64 there = 0, again = 0;
  guint contents_there = 0, contents_again = 0;

  g_assert_no_error (error);
  g_assert_true (ea_demo_generate (source, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (back_dir, 0700), ==, 0);
  middle = ea_store_open (server, EA_STORE_OPEN_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (_ea_store_copy_rows (source, middle, &there, &contents_there, &error));
  g_assert_no_error (error);
  back = ea_store_open (last, EA_STORE_OPEN_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (_ea_store_copy_rows (middle, back, &again, &contents_again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (there, ==, again);
  g_assert_cmpuint (contents_there, ==, contents_again);
  g_assert_cmpuint (contents_again, ==,
                    (guint) ea_test_query_int (source, "SELECT count (*) FROM blobs"));
  before = ea_test_dump_tables (source);
  after = ea_test_dump_tables (back);
  g_assert_cmpstr (before, ==, after);
  assert_chain_unbroken (back);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ea_test_pin_clock (EA_TEST_NOW);

  g_test_add_func ("/postgresql/translate", test_translate);
  g_test_add_func ("/postgresql/addresses", test_addresses);
  if (ea_test_on_server ())
    {
      g_test_add_func ("/postgresql/open-and-schema", test_open_and_schema);
      g_test_add_func ("/postgresql/same-bed-two-seats", test_same_bed_two_seats);
      g_test_add_func ("/postgresql/same-bed-at-once", test_same_bed_at_once);
      g_test_add_func ("/postgresql/writers-wait", test_writers_wait);
      g_test_add_func ("/postgresql/lost-connection", test_lost_connection);
      g_test_add_func ("/postgresql/commit-lost", test_commit_lost);
      g_test_add_func ("/postgresql/one-chain-many-writers", test_one_chain_many_writers);
      g_test_add_func ("/postgresql/chain-linked-at-commit", test_chain_linked_at_commit);
      g_test_add_func ("/postgresql/cli", test_cli);
      g_test_add_func ("/postgresql/import-while-checking-in", test_import_while_checking_in);
      g_test_add_func ("/postgresql/reads-wait-for-no-change", test_reads_wait_for_no_change);
      g_test_add_func ("/postgresql/facilities-side-by-side", test_facilities_side_by_side);
      g_test_add_func ("/postgresql/copy", test_copy);
      g_test_add_func ("/postgresql/round-trip", test_round_trip);
      g_test_add_func ("/postgresql/documents-in-database", test_documents_in_database);
    }
  return g_test_run ();
}
