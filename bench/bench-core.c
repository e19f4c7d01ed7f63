/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * Core figures of the foundation issue:
 *  - eakte-cli demo --persons 100000 --facilities 1000 (wall time)
 *  - typing in the persons search over 100,000 persons (per keystroke)
 *  - the occupancy of 1,000 facilities, and opening the person list
 *
 * and of the housing issue, on a district of 100,000 beds:
 *  - the occupancy overview of all facilities
 *  - the room plan of a 500-bed facility
 *  - one check-in (and its undo), and what its rights check and audit
 *    entry add to it
 *
 * and of the person file issue (with the rights issue's share):
 *  - a search keystroke with 20,000 documents' text in the index
 *  - opening a person's file, and what its rights check and audit entry
 *    add to it
 *
 * and of the reports issue:
 *  - the FlüAG report of a month in which 100,000 persons were in care
 *    (counted and written as XLSX)
 *  - all statistics of the Berichte page for two years of the 100,000-
 *    person demo district
 *
 * Usage: bench-core EAKTE_CLI WORKDIR
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>

#include "bench-util.h"
#include "eakte-core.h"
#include "ea-person-file-private.h"
#include "ea-audit-private.h"
#include "ea-store-private.h"

static void
report (const char *what,
        GArray     *samples,
        double      limit)
{
  double median = bench_percentile (samples, 0.5);  /* sorts them */
  double max = g_array_index (samples, double, samples->len - 1);

  g_print ("%-52s median %8.1f ms  max %8.1f ms  (limit %.0f ms) %s\n",
           what, median, max, limit, max <= limit ? "ok" : "OVER");
}

static gboolean
run_demo (const char  *cli,
          const char  *db,
          const char  *persons,
          const char  *facilities,
          GError     **error)
{
  const char *spawn_argv[] = { cli, "--db", db, "demo", "--persons", persons,
                               "--facilities", facilities, NULL };
  int status;

  ea_store_remove_files (db);
  return g_spawn_sync (NULL, (char **) spawn_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                       NULL, NULL, &status, error) && g_spawn_check_wait_status (status, error);
}

/* A facility of 500 beds: 125 rooms of four, on five floors. */
static gint64
add_large_facility (EaStore *store)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO facilities (name, kind, created_at, "
                                         "created_by) VALUES ('GU Benchmark, 500 Betten', "
                                         "'communal', 'x', 1);");
  g_autoptr(GError) error = NULL;
  gint64 facility;

  _ea_store_exec (store, sql->str, &error);
  g_assert_no_error (error);
  facility = _ea_store_last_insert_id (store);
  for (int floor = 0; floor < 5; floor++)
    {
      g_string_printf (sql, "INSERT INTO units (facility_id, name) VALUES (%" G_GINT64_FORMAT
                       ", 'Etage %d');", facility, floor);
      _ea_store_exec (store, sql->str, &error);
      g_assert_no_error (error);
      for (int room = 1; room <= 25; room++)
        {
          g_string_printf (sql, "INSERT INTO rooms (unit_id, name, floor, area_m2, capacity, rule) "
                           "VALUES (last_insert_rowid () * 0 + (SELECT max (id) FROM units), "
                           "'%d.%02d', %d, 30, 4, 'men');", floor, room, floor);
          _ea_store_exec (store, sql->str, &error);
          g_assert_no_error (error);
          g_string_assign (sql, "INSERT INTO beds (room_id, label) SELECT max (id), 'A' FROM rooms;"
                                "INSERT INTO beds (room_id, label) SELECT max (id), 'B' FROM rooms;"
                                "INSERT INTO beds (room_id, label) SELECT max (id), 'C' FROM rooms;"
                                "INSERT INTO beds (room_id, label) SELECT max (id), 'D' FROM "
                                "rooms;");
          _ea_store_exec (store, sql->str, &error);
          g_assert_no_error (error);
        }
    }
  return facility;
}

/* The audit issue's figure: verify a chain of 1,000,000 entries. The
 * chain is written here with the program's own hash function, quickly,
 * in one transaction. */
static int
audit_figure (const char *workdir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (workdir, "bench-audit.db", NULL);
  g_autoptr(EaStore) store = NULL;
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(EaStmt) last = NULL;
  g_autoptr(EaStmt) insert = NULL;
  g_autofree char *prev = NULL;
  guint64 n = 0;
  double t0;

  ea_store_remove_files (db);
  store = ea_store_open (db, EA_STORE_OPEN_NEW, &error);
  g_assert_no_error (error);
  ea_accounts_initialize_office (store, "08315000", "Benchmark", "admin", "geheim123", &error);
  g_assert_no_error (error);
  session = ea_session_login (store, "admin", "geheim123", &error);
  g_assert_no_error (error);

  last = _ea_store_prepare (store, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", NULL);
  g_assert_cmpint (_ea_stmt_step (last), ==, EA_STMT_ROW);
  prev = g_strdup (_ea_stmt_column_text (last, 0));
  insert = _ea_store_prepare (store, "INSERT INTO audit_log (at, user_id, action, object_type, "
                                     "object_id, person_id, detail, prev_hash, hash) "
                                     "VALUES ('2026-11-23T08:00:00Z', 1, 'open', 'person', "
                                     "?1, ?1, NULL, ?2, ?3)", NULL);
  _ea_store_begin (store, NULL);
  while (n < 1000000)
    {
      char *hash = _ea_audit_hash (prev, "2026-11-23T08:00:00Z", 1, "open", "person",
                                   (gint64) n + 1, (gint64) n + 1, NULL);

      _ea_stmt_bind_int64 (insert, 1, (gint64) n + 1);
      _ea_stmt_bind_text_copy (insert, 2, prev, -1);
      _ea_stmt_bind_text_copy (insert, 3, hash, -1);
      g_assert_cmpint (_ea_stmt_step (insert), ==, EA_STMT_DONE);
      _ea_stmt_reset (insert);
      g_free (prev);
      prev = hash;
      n++;
    }
  _ea_store_commit (store, NULL);

  t0 = bench_now_ms ();
  g_assert_true (ea_audit_verify (session, &n, &problems, &error));
  t0 = bench_now_ms () - t0;
  g_assert_cmpuint (problems->len, ==, 0);
  g_print ("%-52s %8.0f ms  (%" G_GUINT64_FORMAT " entries, limit 5000 ms) %s\n",
           "audit verify", t0, n, t0 <= 5000 ? "ok" : "OVER");
  ea_store_remove_files (db);
  return 0;
}

static int
find_free_man (EaStore *store)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store,
    "SELECT p.id FROM persons p JOIN household_members m ON m.person_id = p.id "
    "WHERE p.status = 'expected' AND p.gender = 'm' AND p.birth_date < '2005' "
    "AND (SELECT count(*) FROM household_members x WHERE x.household_id = m.household_id) = 1 "
    "AND p.id NOT IN (SELECT person_id FROM person_vulnerabilities) "
    "AND p.id NOT IN (SELECT person_id FROM reservations) LIMIT 1", NULL);

  g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
  return _ea_stmt_column_int (stmt, 0);
}

static int
housing_figures (const char *cli,
                 const char *workdir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (workdir, "bench-100k-beds.db", NULL);
  g_autoptr(EaStore) store = NULL;
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 facility, bed = 0;
  int person;
  double t0, check_in_ms, rights_ms, audit_ms, share;

  if (!run_demo (cli, db, "120000", "2150", &error))
    {
      g_printerr ("demo failed: %s\n", error->message);
      return 1;
    }
  store = ea_store_open (db, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  facility = add_large_facility (store);
  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);

  for (int run = 0; run < 7; run++)
    {
      g_autoptr(GListModel) list = NULL;
      EaOccupancyTotals totals;

      t0 = bench_now_ms ();
      list = ea_occupancy_list (session, NULL, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
      ea_occupancy_sum (list, &totals);
      if (run == 0)
        g_print ("district: %u facilities, %u beds\n", g_list_model_get_n_items (list),
                 totals.capacity);
    }
  report ("occupancy of all facilities, 100,000 beds", sample, 50);

  g_array_set_size (sample, 0);
  for (int run = 0; run < 7; run++)
    {
      g_autoptr(GPtrArray) rooms = NULL;

      t0 = bench_now_ms ();
      rooms = ea_housing_room_plan (session, facility, NULL, NULL, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
      g_assert_cmpuint (rooms->len, ==, 125);
    }
  report ("room plan of a 500-bed facility (core query)", sample, 150);

  /* A man travelling alone checks into the 500-bed facility and out again. */
  person = find_free_man (store);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT min (b.id) FROM beds b JOIN rooms r ON "
                                            "r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                                            "WHERE u.facility_id = %" G_GINT64_FORMAT, facility);
    g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, NULL);
    g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
    bed = _ea_stmt_column_int64 (stmt, 0);
  }
  g_array_set_size (sample, 0);
  for (int run = 0; run < 300; run++)
    {
      gint64 stay;

      t0 = bench_now_ms ();
      stay = ea_housing_check_in (session, person, bed + run % 4, NULL, &error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
      g_assert_no_error (error);
      ea_housing_undo_check_in (session, stay, &error);
      g_assert_no_error (error);
    }
  report ("check-in of one person", sample, 10);
  check_in_ms = bench_percentile (sample, 0.5);

  /* What the rights check and the audit entry add to a check-in (audit
   * issue: at most 10 %). The check is what ea_housing_check_in does
   * first: find the bed's facility, then ask the session. The entry is
   * appended inside a transaction, as in a check-in, then rolled back. */
  g_array_set_size (sample, 0);
  for (int run = 0; run < 300; run++)
    {
      gint64 bed_facility;

      t0 = bench_now_ms ();
      bed_facility = _ea_store_lookup_id (store, "SELECT u.facility_id FROM beds b JOIN rooms r "
                                                 "ON r.id = b.room_id JOIN units u "
                                                 "ON u.id = r.unit_id WHERE b.id = ?", bed);
      g_assert_true (ea_session_check (session, EA_RIGHT_EDIT_STAYS, bed_facility, NULL));
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
    }
  rights_ms = bench_percentile (sample, 0.5);
  g_array_set_size (sample, 0);
  for (int run = 0; run < 300; run++)
    {
      g_assert_true (_ea_store_begin (store, NULL));
      t0 = bench_now_ms ();
      g_assert_true (_ea_audit_record (session, &(EaAuditRecord) { .action = "check-in",
                                                                   .object_type = "stay",
                                                                   .object_id = 1,
                                                                   .person_id = person,
                                                                   .detail = "2026-11-23" }, NULL));
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
      _ea_store_rollback (store);
    }
  audit_ms = bench_percentile (sample, 0.5);
  share = 100.0 * (rights_ms + audit_ms) / (check_in_ms - rights_ms - audit_ms);
  g_print ("%-52s median %6.1f us + %6.1f us = %4.1f %% (limit 10 %%) %s\n",
           "rights check + audit entry of a check-in", rights_ms * 1000, audit_ms * 1000, share,
           share <= 10 ? "ok" : "OVER");
  return audit_figure (workdir);
}

/* A district in which 100,000 persons are in care during last month:
 * 1,000 rooms of 100 beds; a fifth of the persons moved during the month,
 * a tenth left in it. Written directly, in one transaction. */
static const char flueag_district[] =
  "BEGIN;"
  "INSERT INTO facilities (id, name, kind, created_at, created_by) "
  "  VALUES (1, 'GU Benchmark', 'communal', 'x', 1);"
  "INSERT INTO units (id, facility_id, name) VALUES (1, 1, 'Haus');"
  "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200) "
  "INSERT INTO rooms (id, unit_id, name, area_m2, capacity, rule) "
  "  SELECT i, 1, 'R' || i, 900, 100, 'any' FROM n;"
  "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 119999) "
  "INSERT INTO beds (id, room_id, label) SELECT i + 1, i / 100 + 1, 'B' || (i % 100) FROM n;"
  "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
  "INSERT INTO persons (id, azr_number, family_name, given_names, birth_date, gender, "
  "  residence_status, status, search_text, sort_name, created_at, created_by) "
  "  SELECT i, CASE WHEN i % 50 = 0 THEN NULL ELSE printf ('%012d', 100000000000 + i) END, "
  "    'Nachname' || (i * 7919 % 100000), 'Vorname' || i, "
  "    printf ('%04d-%02d-00', 1950 + i % 70, 1 + i % 12), CASE i % 2 WHEN 0 THEN 'm' ELSE 'w' END, "
  "    'gestattung', 'present', '', 'nachname' || (i * 7919 % 100000), 'x', 1 FROM n;"
  "INSERT INTO person_nationalities (person_id, position, code) "
  "  SELECT id, 1, CASE id % 4 WHEN 0 THEN '166' WHEN 1 THEN '475' WHEN 2 THEN '423' "
  "    ELSE '224' END FROM persons;"
  /* Everybody since a year before the month; movers change beds on the
   * 10th of the month, leavers leave on the 20th. */
  "INSERT INTO stays (person_id, bed_id, from_date, until_date, created_at, created_by) "
  "  SELECT id, id, date (?1, '-1 year'), "
  "    CASE WHEN id % 5 = 0 THEN date (?1, '+9 days') "
  "         WHEN id % 10 = 1 THEN date (?1, '+19 days') END, 'x', 1 FROM persons;"
  "INSERT INTO stays (person_id, bed_id, from_date, until_date, created_at, created_by) "
  "  SELECT id, 100000 + id / 5, date (?1, '+9 days'), NULL, 'x', 1 "
  "  FROM persons WHERE id % 5 = 0;"
  "COMMIT;";

static int
reports_figures (EaSession  *demo,
                 const char *workdir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (workdir, "bench-flueag.db", NULL);
  g_autofree char *month = ea_flueag_last_month ();
  g_autofree char *first = g_strconcat (month, "-01", NULL);
  g_autofree char *today = ea_clock_today ();
  g_autofree char *two_years_ago = ea_date_add_days (today, -730);
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(EaStore) store = NULL;
  g_autoptr(EaSession) admin = NULL;
  guint n = 0;

  ea_store_remove_files (db);
  store = ea_store_open (db, EA_STORE_OPEN_NEW, &error);
  g_assert_no_error (error);
  ea_accounts_initialize_office (store, "05314000", "Benchmark", "admin", "geheim123", &error);
  g_assert_no_error (error);
  {
    /* The statements take the month's first day as ?1. */
    g_autofree char *sql = NULL;
    GString *text = g_string_new (NULL);

    for (const char *c = flueag_district; *c != '\0'; c++)
      {
        if (c[0] == '?' && c[1] == '1')
          {
            g_string_append_printf (text, "'%s'", first);
            c++;
          }
        else
          g_string_append_c (text, *c);
      }
    sql = g_string_free (text, FALSE);
    _ea_store_exec (store, sql, &error);
    g_assert_no_error (error);
  }
  admin = ea_session_login (store, "admin", "geheim123", &error);
  g_assert_no_error (error);

  for (int run = 0; run < 3; run++)
    {
      g_autofree char *name = g_strdup_printf ("flueag-%d.xlsx", run);
      g_autofree char *path = g_build_filename (workdir, name, NULL);
      g_autoptr(EaFlueagReport) report = NULL;
      double t0;

      g_unlink (path);
      t0 = bench_now_ms ();
      report = ea_flueag_report_build (admin, month, EA_FLUEAG_STOCK, &error);
      g_assert_no_error (error);
      g_assert_true (ea_flueag_report_write (admin, report, path, &error));
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
      n = ea_flueag_report_get_n_rows (report);
      g_unlink (path);
    }
  g_print ("persons in the FlueAG report: %u\n", n);
  report ("FlueAG report of 100,000 persons, counted + written", sample, 3000);
  g_array_set_size (sample, 0);
  g_clear_object (&admin);
  g_clear_object (&store);
  ea_store_remove_files (db);

  for (int run = 0; run < 5; run++)
    {
      double t0 = bench_now_ms ();

      for (guint k = 0; k < EA_N_STATS; k++)
        {
          g_autoptr(EaStatTable) table = ea_statistics_compute (demo, k, two_years_ago, today,
                                                                &error);
          g_assert_no_error (error);
        }
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
    }
  report ("all statistics, two years of 100,000 persons", sample, 300);
  return 0;
}

/* Made-up words for the documents' text: syllables put together, so the
 * index holds many distinct words as real certificates would. */
static char *
make_word (guint n)
{
  static const char *syllables[] = {
    "ge", "sel", "len", "brief", "zeug", "nis", "schrei", "ner", "meis", "ter", "aus", "bil",
    "dung", "pass", "an", "er", "ken", "nung", "be", "rufs", "ab", "schluss", "schu", "le",
    "kurs", "zer", "ti", "fi", "kat", "bau", "stel", "lei",
  };
  GString *word = g_string_new (NULL);

  do
    {
      g_string_append (word, syllables[n % G_N_ELEMENTS (syllables)]);
      n /= G_N_ELEMENTS (syllables);
    }
  while (n > 0);
  return g_string_free (word, FALSE);
}

/* The person file issue's figures on the 100,000-person demo district: the
 * search with 20,000 documents' text in the index, and opening a person's
 * file, with the share of its rights check and audit entry (rights
 * issue). */
static int
person_file_figures (const char *db)
{
  static const char *searches[] = { "yilmaz", "zertifikat", "gesellenbrief", "ahmad kar",
                                    "schreinermeister", "1986" };
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) store = ea_store_open (db, EA_STORE_OPEN_NONE, &error);
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaPersonList) list = NULL;
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(EaStmt) blob = NULL;
  g_autoptr(EaStmt) document = NULL;
  g_autoptr(EaStmt) text = NULL;
  double t0, load_ms, rights_ms, audit_ms, share;

  g_assert_no_error (error);
  session = ea_session_login (store, "sozial", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);

  /* 20,000 documents of 200 words each, with a few real words among them. */
  g_assert_true (_ea_store_begin (store, NULL));
  blob = _ea_store_prepare (store, "INSERT INTO blobs (sha256, size, mime_type, added_at) "
                                   "VALUES (printf ('%064x', ?1), 1000, 'application/pdf', 'x')",
                            NULL);
  document = _ea_store_prepare (store,
    "INSERT INTO documents (id, person_id, sha256, filename, category, title, page_count, "
    "  text_state, added_at, added_by) "
    "VALUES (?1, ?2, printf ('%064x', ?3), 'scan.pdf', 'zeugnis', 'Zeugnis', 1, 'done', 'x', 1)",
    NULL);
  text = _ea_store_prepare (store, "INSERT INTO document_text (rowid, body) VALUES (?1, ?2)",
                            NULL);
  for (int i = 1; i <= 20000; i++)
    {
      g_autoptr(GString) body = g_string_new (i % 50 == 0 ? "Gesellenbrief Schreinermeister "
                                                          : "");

      for (int w = 0; w < 200; w++)
        {
          g_autofree char *word = make_word ((guint) (i * 7919u + w * 104729u) % 40000u);

          g_string_append_printf (body, "%s ", word);
        }
      _ea_stmt_bind_int (blob, 1, i);
      g_assert_cmpint (_ea_stmt_step (blob), ==, EA_STMT_DONE);
      _ea_stmt_reset (blob);
      _ea_stmt_bind_int (document, 1, 900000 + i);
      _ea_stmt_bind_int (document, 2, 1 + (i * 37) % 100000);
      _ea_stmt_bind_int (document, 3, i);
      g_assert_cmpint (_ea_stmt_step (document), ==, EA_STMT_DONE);
      _ea_stmt_reset (document);
      _ea_stmt_bind_int (text, 1, 900000 + i);
      _ea_stmt_bind_text_copy (text, 2, body->str, -1);
      g_assert_cmpint (_ea_stmt_step (text), ==, EA_STMT_DONE);
      _ea_stmt_reset (text);
    }
  g_assert_true (_ea_store_commit (store, NULL));
  /* As a database that has been in use: the index merged, the WAL written
   * back. */
  g_assert_true (_ea_store_exec (store, "INSERT INTO document_text (document_text) "
                                        "VALUES ('optimize'); PRAGMA wal_checkpoint (TRUNCATE)",
                                 NULL));

  list = ea_person_list_new (session, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      gsize len = strlen (searches[s]);

      for (gsize n = 1; n <= len; n++)
        {
          g_autofree char *prefix = g_strndup (searches[s], n);

          t0 = bench_now_ms ();
          ea_person_list_set_search (list, prefix, &error);
          g_assert_no_error (error);
          for (guint i = 0; i < MIN (40, g_list_model_get_n_items (G_LIST_MODEL (list))); i++)
            g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
          g_array_append_val (sample, (double) { bench_now_ms () - t0 });
        }
    }
  g_print ("persons found by a document word: %u\n",
           g_list_model_get_n_items (G_LIST_MODEL (list)));
  report ("search keystroke, 100,000 persons + 20,000 documents", sample, 50);

  g_array_set_size (sample, 0);
  for (int i = 0; i < 200; i++)
    {
      g_autoptr(EaPersonFile) file = NULL;

      t0 = bench_now_ms ();
      file = ea_person_file_load (session, 1 + (i * 491) % 100000, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
    }
  load_ms = bench_percentile (sample, 0.5);
  report ("open a person file (core, with its audit entry)", sample, 100);

  g_array_set_size (sample, 0);
  for (int i = 0; i < 300; i++)
    {
      t0 = bench_now_ms ();
      g_assert_true (ea_session_check (session, EA_RIGHT_VIEW_PERSONS, 0, NULL));
      g_assert_true (_ea_person_check_scope (session, 1 + i, NULL));
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
    }
  rights_ms = bench_percentile (sample, 0.5);
  g_array_set_size (sample, 0);
  for (int i = 0; i < 300; i++)
    {
      /* As the opening writes it: one entry in a transaction of its own. */
      t0 = bench_now_ms ();
      g_assert_true (_ea_audit_record (session, &(EaAuditRecord) { .action = "read",
                                                                   .object_type = "person",
                                                                   .object_id = 1 + i,
                                                                   .person_id = 1 + i }, NULL));
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
    }
  audit_ms = bench_percentile (sample, 0.5);
  share = 100.0 * (rights_ms + audit_ms) / (load_ms - rights_ms - audit_ms);
  g_print ("%-52s median %6.1f us + %6.1f us = %4.1f %% (limit 10 %%) %s\n",
           "rights check + audit entry of opening a file", rights_ms * 1000, audit_ms * 1000,
           share, share <= 10 ? "ok" : "OVER");
  return 0;
}


/* Bed matching on a copy of the 100,000-person district (1,000
 * facilities), grown by a new wing of 56 beds in each facility to
 * 1,000 facilities with about 100,000 beds: loading the matcher,
 * finding beds for households with it loaded (what the application
 * does) and with loading (what find-bed in the CLI does), and placing
 * the first 1,000 or so expected arrivals with the proposal confirmed. */
static int
matching_figures (EaStore    *demo,
                  const char *workdir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) admin = ea_session_login (demo, "admin", EA_DEMO_PASSWORD, NULL);
  g_autofree char *path = g_build_filename (workdir, "bench-matching.db", NULL);
  g_autoptr(EaStore) store = NULL;
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaBedMatcher) matcher = NULL;
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) households = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(EaStmt) stmt = NULL;
  g_autofree char *until = NULL;
  double t0, proposal_ms, commit_ms;
  guint placed = 0, unplaced = 0, found_total = 0;

  ea_store_remove_files (path);
  if (admin == NULL || !ea_maintenance_backup (admin, path, &error))
    {
      g_printerr ("backup failed: %s\n", error->message);
      return 1;
    }
  store = ea_store_open (path, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  _ea_store_exec (store,
    "BEGIN;"
    "INSERT INTO units (facility_id, name, reserved_for) SELECT id, 'Neubau', 'none' "
    "  FROM facilities;"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 14) "
    "INSERT INTO rooms (unit_id, name, floor, area_m2, capacity, rule, barrier_free) "
    "  SELECT u.id, 'N.' || printf ('%02d', n.i), 0, 30, 4, "
    "    CASE n.i % 4 WHEN 0 THEN 'men' WHEN 1 THEN 'family' WHEN 2 THEN 'women' ELSE 'any' END, "
    "    n.i = 1 FROM units u, n WHERE u.name = 'Neubau';"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4) "
    "INSERT INTO beds (room_id, label) SELECT r.id, char (64 + n.i) FROM rooms r "
    "  JOIN units u ON u.id = r.unit_id, n WHERE u.name = 'Neubau';"
    "COMMIT;", &error);
  g_assert_no_error (error);
  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_print ("bed matching district: %d facilities, %d beds, %d free today\n",
           (int) _ea_store_query_int (store, "SELECT count (*) FROM facilities", ""),
           (int) _ea_store_query_int (store, "SELECT count (*) FROM beds", ""),
           (int) _ea_store_query_int (store,
             "SELECT count (*) FROM beds b WHERE NOT EXISTS (SELECT 1 FROM stays s WHERE "
             "s.bed_id = b.id AND s.until_date IS NULL) AND NOT EXISTS (SELECT 1 FROM "
             "reservations v WHERE v.bed_id = b.id AND v.state = 'active')", ""));

  /* The look ahead of issue "Rules that protect people": 14 days of all
   * facilities, as the Belegung page shows it. */
  for (int run = 0; run < 5; run++)
    {
      g_autoptr(EaOutlook) outlook = NULL;

      t0 = bench_now_ms ();
      outlook = ea_outlook_new (session, NULL, 14, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
    }
  report ("look ahead: 14 days of every facility", sample, 100);
  g_array_set_size (sample, 0);

  for (int run = 0; run < 5; run++)
    {
      g_clear_object (&matcher);
      t0 = bench_now_ms ();
      matcher = ea_bed_matcher_new (session, NULL, NULL, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
    }
  report ("bed matcher: read the district (once)", sample, 1000);
  g_array_set_size (sample, 0);

  /* Households of the expected arrivals, the largest first. */
  stmt = _ea_store_prepare (store,
    "SELECT m.household_id FROM household_members m JOIN persons p ON p.id = m.person_id "
    "WHERE p.status = 'expected' GROUP BY m.household_id HAVING count (*) >= 2 "
    "ORDER BY count (*) DESC, m.household_id LIMIT 100", NULL);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);

      g_array_append_val (households, id);
    }
  for (guint h = 0; h < households->len; h++)
    {
      g_autofree char *key = g_strdup_printf ("%lld", (long long) g_array_index (households, gint64, h));
      g_autoptr(GArray) members = ea_bed_matcher_dup_household (matcher, key, &error);
      g_autoptr(GPtrArray) found = NULL;

      g_assert_no_error (error);
      t0 = bench_now_ms ();
      found = ea_bed_matcher_find (matcher, (const gint64 *) members->data, members->len,
                                   EA_RELIGION_PREFER, 10, NULL, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
      found_total += found->len > 0;
    }
  g_print ("households searched: %u (2 to %u persons), a place found for %u\n", households->len,
           (guint) _ea_store_query_int (store,
             "SELECT max (c) FROM (SELECT count (*) AS c FROM household_members m JOIN persons p "
             "ON p.id = m.person_id WHERE p.status = 'expected' GROUP BY m.household_id)", ""),
           found_total);
  report ("find-bed for a household, matcher loaded", sample, 20);
  for (guint h = 0; h < 10; h++)
    {
      g_autofree char *key = g_strdup_printf ("%lld", (long long) g_array_index (households, gint64, h));
      g_autoptr(EaBedMatcher) fresh = NULL;
      g_autoptr(GArray) members = NULL;
      g_autoptr(GPtrArray) found = NULL;

      t0 = bench_now_ms ();
      fresh = ea_bed_matcher_new (session, NULL, NULL, &error);
      members = ea_bed_matcher_dup_household (fresh, key, &error);
      found = ea_bed_matcher_find (fresh, (const gint64 *) members->data, members->len,
                                   EA_RELIGION_PREFER, 10, NULL, &error);
      g_assert_no_error (error);
      g_array_append_val (cold, (double) { bench_now_ms () - t0 });
    }
  report ("find-bed for a household, reading the district", cold, 1000);

  /* The first expected days that hold about 1,000 arrivals without a bed. */
  g_clear_pointer (&stmt, _ea_stmt_free);
  stmt = _ea_store_prepare (store,
    "SELECT expected_on, sum (count (*)) OVER (ORDER BY expected_on) FROM persons p "
    "WHERE status = 'expected' AND NOT EXISTS (SELECT 1 FROM reservations v WHERE "
    "v.person_id = p.id AND v.state = 'active') GROUP BY expected_on ORDER BY expected_on", NULL);
  while (until == NULL && _ea_stmt_step (stmt) == EA_STMT_ROW)
    if (_ea_stmt_column_int (stmt, 1) >= 1000)
      until = g_strdup (_ea_stmt_column_text (stmt, 0));
  g_clear_pointer (&stmt, _ea_stmt_free);
  for (int run = 0; run < 3; run++)
    {
      g_autoptr(EaAllocation) allocation = NULL;

      t0 = bench_now_ms ();
      allocation = ea_allocation_new (session, until, EA_RELIGION_IGNORE, &error);
      g_assert_no_error (error);
      proposal_ms = bench_now_ms () - t0;
      placed = ea_allocation_get_n_placed (allocation);
      unplaced = ea_allocation_get_unplaced (allocation)->len;
      if (run < 2)
        {
          g_print ("%-52s %8.1f ms\n", "place arrivals: the proposal", proposal_ms);
          continue;
        }
      t0 = bench_now_ms ();
      g_assert_cmpuint (ea_allocation_commit (allocation, &error), ==, placed);
      g_assert_no_error (error);
      commit_ms = bench_now_ms () - t0;
      g_print ("place arrivals up to %s: %u placed, %u not (unaccompanied minors and those "
               "nothing fits)\n", until, placed, unplaced);
      g_print ("%-52s %8.1f ms  (+ confirming, one transaction: %.1f ms) = %.1f ms "
               "(limit 2000 ms) %s\n", "place arrivals: the proposal", proposal_ms, commit_ms,
               proposal_ms + commit_ms, proposal_ms + commit_ms <= 2000 ? "ok" : "OVER");
    }
  g_clear_object (&session);
  g_clear_object (&store);
  ea_store_remove_files (path);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  static const char *searches[] = { "yilmaz", "mohammed", "al-hassan", "ozturk",
                                    "ahmad kar", "1986", "1250000", "p-55012" };
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autoptr(EaStore) store = NULL;
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaPersonList) list = NULL;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (double));
  const char *spawn_argv[10];
  double t0, demo_ms;
  int status;

  if (argc != 3)
    {
      g_printerr ("usage: bench-core EAKTE-CLI WORKDIR\n");
      return 2;
    }
  db = g_build_filename (argv[2], "bench-100k.db", NULL);
  g_mkdir_with_parents (argv[2], 0700);
  ea_store_remove_files (db);

  spawn_argv[0] = argv[1];
  spawn_argv[1] = "--db";
  spawn_argv[2] = db;
  spawn_argv[3] = "demo";
  spawn_argv[4] = "--persons";
  spawn_argv[5] = "100000";
  spawn_argv[6] = "--facilities";
  spawn_argv[7] = "1000";
  spawn_argv[8] = NULL;
  t0 = bench_now_ms ();
  if (!g_spawn_sync (NULL, (char **) spawn_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error) || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("demo failed: %s\n", error->message);
      return 1;
    }
  demo_ms = bench_now_ms () - t0;
  g_print ("%-52s %8.0f ms  (limit 15000 ms) %s\n",
           "eakte-cli demo --persons 100000 --facilities 1000", demo_ms,
           demo_ms <= 15000 ? "ok" : "OVER");

  store = ea_store_open (db, EA_STORE_OPEN_NONE, &error);
  g_assert_no_error (error);
  session = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);

  for (int run = 0; run < 5; run++)
    {
      g_autoptr(GListModel) occupancy = NULL;

      t0 = bench_now_ms ();
      occupancy = ea_occupancy_list (session, NULL, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
    }
  report ("occupancy of 1,000 facilities", sample, 1000);
  g_array_set_size (sample, 0);

  for (int run = 0; run < 5; run++)
    {
      g_clear_object (&list);
      t0 = bench_now_ms ();
      list = ea_person_list_new (session, &error);
      g_assert_no_error (error);
      g_array_append_val (sample, (double) { bench_now_ms () - t0 });
    }
  g_print ("persons in the list: %u\n", g_list_model_get_n_items (G_LIST_MODEL (list)));
  report ("open the list of 100,000 persons", sample, 1000);

  /* Typing: every prefix of every search word is one keystroke, and so is
   * deleting it again. */
  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      gsize len = strlen (searches[s]);

      for (gsize n = 1; n <= len; n++)
        {
          g_autofree char *prefix = g_strndup (searches[s], n);
          g_autoptr(EaPerson) first = NULL;

          t0 = bench_now_ms ();
          ea_person_list_set_search (list, prefix, &error);
          g_assert_no_error (error);
          /* The view then asks for the first screen of rows. */
          for (guint i = 0; i < MIN (40, g_list_model_get_n_items (G_LIST_MODEL (list))); i++)
            g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
          g_array_append_val (keys, (double) { bench_now_ms () - t0 });
        }
      t0 = bench_now_ms ();
      ea_person_list_set_search (list, "", &error);
      for (guint i = 0; i < 40; i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
      g_array_append_val (keys, (double) { bench_now_ms () - t0 });
    }
  report ("search keystroke over 100,000 persons", keys, 50);

  if (matching_figures (store, argv[2]) != 0)
    return 1;
  if (getenv ("BENCH_ONLY_MATCHING") != NULL)
    return 0;
  if (reports_figures (session, argv[2]) != 0 || person_file_figures (db) != 0)
    return 1;
  return housing_figures (argv[1], argv[2]);
}
