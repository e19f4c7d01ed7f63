/* SPDX-License-Identifier: EUPL-1.2 */
/* The FlüAG report and the statistics on a small district whose figures are
 * counted by hand in the comments. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ea-test-util.h"
#include "ea-store-private.h"
#include "ea-accounts-private.h"
#include "ea-xlsx-private.h"

static EaStore *store;
static EaSession *admin;

/* Facility 1 has beds 1–4 all along; facility 2 opens on 15.06.2025 with
 * beds 5 and 6. */
static const char district[] =
  "INSERT INTO facilities (id, name, kind, opened_on, created_at, created_by) VALUES "
  "  (1, 'GU Altstadt', 'communal', NULL, 'x', 1), (2, 'GU Neubau', 'communal', '2025-06-15', 'x', 1);"
  "INSERT INTO units (id, facility_id, name, reserved_for) VALUES "
  "  (1, 1, 'EG', 'none'), (2, 2, 'EG', 'none');"
  "INSERT INTO rooms (id, unit_id, name, area_m2, capacity, rule, barrier_free) VALUES "
  "  (1, 1, '0.01', 40, 4, 'any', 0), (2, 2, '0.01', 20, 2, 'any', 0);"
  "INSERT INTO beds (id, room_id, label) VALUES "
  "  (1, 1, 'A'), (2, 1, 'B'), (3, 1, 'C'), (4, 1, 'D'), (5, 2, 'A'), (6, 2, 'B');"
  "INSERT INTO persons (id, azr_number, family_name, given_names, birth_date, gender, "
  "  residence_status, status, search_text, sort_name, created_at, created_by) VALUES "
  "  (1, '123456789012', 'Ahmadi', 'Reza', '1990-01-01', 'm', 'gestattung', 'present', "
  "   '', 'ahmadi reza', 'x', 1),"
  "  (2, NULL, 'Kovalenko', 'Olena', '2019-07-00', 'w', 'aufenthaltserlaubnis', 'left', "
  "   '', 'kovalenko olena', 'x', 1),"
  "  (3, '123456789013', 'Haddad', 'Sami', '1985-00-00', 'm', 'duldung', 'left', "
  "   '', 'haddad sami', 'x', 1),"
  "  (4, '123456789014', 'Tesfay', 'Sara', '2000-02-02', 'w', NULL, 'present', "
  "   '', 'tesfay sara', 'x', 1),"
  "  (5, '123456789015', 'Noori', 'Omar', '1970-03-03', 'm', 'gestattung', 'left', "
  "   '', 'noori omar', 'x', 1),"
  "  (6, '123456789016', 'Beridze', 'Nino', '1960-04-04', 'w', 'gestattung', 'left', "
  "   '', 'beridze nino', 'x', 1);"
  "INSERT INTO person_nationalities (person_id, position, code) VALUES "
  "  (1, 1, '423'), (2, 1, '166'), (3, 1, '475'), (4, 1, '224'), (5, 1, '423'), (5, 2, '475'),"
  "  (6, 1, '430');"
  "INSERT INTO person_vulnerabilities (person_id, code) VALUES (2, 'alleinerziehend');"
  /* 1: moved from bed 1 to bed 2, still there: June 30 days.
   * 2: 05.06.–20.06.: June 15 days, moved out 20.06.
   * 3: left on 01.06.: May 31 days, not in June.
   * 4: from 30.06. into July: June 1 day.
   * 5: 01.06.–03.06. and again 25.06.–01.07.: June 2 + 6 = 8 days. */
  "INSERT INTO stays (person_id, bed_id, from_date, until_date, created_at, created_by) VALUES "
  "  (1, 1, '2025-05-10', '2025-06-20', 'x', 1), (1, 2, '2025-06-20', NULL, 'x', 1),"
  "  (2, 3, '2025-06-05', '2025-06-20', 'x', 1),"
  "  (3, 4, '2025-04-01', '2025-06-01', 'x', 1),"
  "  (4, 5, '2025-06-30', '2025-07-02', 'x', 1),"
  "  (5, 4, '2025-06-01', '2025-06-03', 'x', 1), (5, 4, '2025-06-25', '2025-07-01', 'x', 1);";

/* Entered after June's report went out: 15.06.–20.06., 5 days. */
static const char late_stay[] =
  "INSERT INTO stays (person_id, bed_id, from_date, until_date, created_at, created_by) VALUES "
  "  (6, 6, '2025-06-15', '2025-06-20', 'x', 1);";

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  store = ea_test_new_store ("05314000");
  ea_test_exec (store, district, &error);
  g_assert_no_error (error);
  admin = ea_session_login (store, "admin", "geheim123", &error);
  g_assert_no_error (error);
}

static void
teardown (void)
{
  g_clear_object (&admin);
  g_clear_object (&store);
}

static char *
temp_path (const char *name)
{
  g_autofree char *dir = ea_test_dir_make_tmp ();

  return g_build_filename (dir, name, NULL);
}

static char *
run_unzip (const char *option,
           const char *path,
           const char *member)
{
  const char *argv[] = { "unzip", option, path, member, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static guint
count_occurrences (const char *text,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static const EaFlueagRow *
find_row (EaFlueagReport *report,
          gint64          person_id)
{
  for (guint i = 0; i < ea_flueag_report_get_n_rows (report); i++)
    if (ea_flueag_report_get_row (report, i)->person_id == person_id)
      return ea_flueag_report_get_row (report, i);
  return NULL;
}

static void
test_flueag_stock (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaFlueagReport) june = NULL;
  g_autoptr(EaFlueagReport) may = NULL;
  g_autofree char *path = NULL;
  g_autofree char *files = NULL;
  g_autofree char *sheet = NULL;
  const EaFlueagRow *row;
  GStatBuf st;

  setup ();

  june = ea_flueag_report_build (admin, "2025-06", EA_FLUEAG_STOCK, &error);
  g_assert_no_error (error);
  /* Ordered by name: Ahmadi, Kovalenko, Noori, Tesfay; Haddad left on 01.06. */
  g_assert_cmpuint (ea_flueag_report_get_n_rows (june), ==, 4);
  g_assert_cmpint (ea_flueag_report_get_row (june, 0)->person_id, ==, 1);
  g_assert_cmpint (ea_flueag_report_get_row (june, 1)->person_id, ==, 2);
  g_assert_cmpint (ea_flueag_report_get_row (june, 2)->person_id, ==, 5);
  g_assert_cmpint (ea_flueag_report_get_row (june, 3)->person_id, ==, 4);
  g_assert_null (find_row (june, 3));
  g_assert_cmpuint (ea_flueag_report_count_without_azr (june), ==, 1);

  row = find_row (june, 1);
  g_assert_cmpuint (row->days, ==, 30);
  g_assert_cmpstr (row->moved_in, ==, "2025-05-10");
  g_assert_null (row->moved_out);
  g_assert_cmpstr (row->nationality, ==, "afghanisch");
  g_assert_cmpstr (row->residence_status, ==, "Aufenthaltsgestattung");
  g_assert_cmpstr (row->gender, ==, "männlich");
  g_assert_false (row->ukraine);

  row = find_row (june, 2);
  g_assert_cmpuint (row->days, ==, 15);
  g_assert_cmpstr (row->moved_in, ==, "2025-06-05");
  g_assert_cmpstr (row->moved_out, ==, "2025-06-20");
  g_assert_null (row->azr_number);
  g_assert_true (row->ukraine);

  row = find_row (june, 4);
  g_assert_cmpuint (row->days, ==, 1);
  g_assert_null (row->moved_out);

  row = find_row (june, 5);
  g_assert_cmpuint (row->days, ==, 8);
  g_assert_cmpstr (row->moved_in, ==, "2025-06-01");
  g_assert_cmpstr (row->moved_out, ==, "2025-07-01");
  g_assert_cmpstr (row->nationality, ==, "afghanisch, syrisch");

  may = ea_flueag_report_build (admin, "2025-05", EA_FLUEAG_STOCK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_flueag_report_get_n_rows (may), ==, 2);
  g_assert_cmpuint (find_row (may, 3)->days, ==, 31);
  g_assert_cmpstr (find_row (may, 3)->moved_out, ==, "2025-06-01");
  g_assert_cmpuint (find_row (may, 1)->days, ==, 22);

  /* The workbook: one worksheet, the header and one row per person. */
  path = temp_path ("juni.xlsx");
  g_assert_true (ea_flueag_report_write (admin, june, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  files = run_unzip ("-Z1", path, NULL);
  g_assert_cmpuint (count_occurrences (files, "xl/worksheets/sheet"), ==, 1);
  sheet = run_unzip ("-p", path, "xl/worksheets/sheet1.xml");
  g_assert_cmpuint (count_occurrences (sheet, "<row "), ==, 5);
  for (guint i = 0; i < 11; i++)
    {
      static const char *columns[] = {
        "AZR-Nummer", "Nachname", "Vorname", "Geburtsdatum", "Geschlecht",
        "Staatsangehörigkeit", "Aufenthaltsstatus", "Zuzug", "Auszug", "Ukraine",
        "Tage im Monat",
      };
      g_autofree char *cell = g_strdup_printf ("<t>%s</t>", columns[i]);

      g_assert_nonnull (strstr (sheet, cell));
    }
  g_assert_nonnull (strstr (sheet, "<t>00.07.2019</t>"));
  g_assert_nonnull (strstr (sheet, "<t>Kovalenko</t>"));
  g_assert_cmpuint (count_occurrences (sheet, "<t>ja</t>"), ==, 1);
  g_assert_cmpuint (count_occurrences (sheet, "<t>nein</t>"), ==, 3);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM flueag_reported "
                                             "WHERE month = '2025-06'"), ==, 4);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM audit_log WHERE "
                                             "object_type = 'flueag-report'"), ==, 1);

  /* Never over another file; nothing recorded then. */
  g_assert_false (ea_flueag_report_write (admin, may, path, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM flueag_reported "
                                             "WHERE month = '2025-05'"), ==, 0);
  teardown ();
}

/* On a demo district of a known seed, every person's days in the month
 * agree with what SQLite counts from the stays, and the arrivals and
 * departures inside the month are in the report with their days. */
static void
set_day (GDate      *date,
         const char *iso)
{
  unsigned y, m, d;

  g_assert_cmpint (sscanf (iso, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static void
test_flueag_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) demo = ea_test_new_demo (7, 600, 0, "2026-06-15");
  g_autoptr(EaSession) session = ea_session_login (demo, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_autoptr(EaFlueagReport) report = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          NULL);
  g_autoptr(EaStmt) stmt = NULL;
  guint arrived = 0, left = 0;

  g_assert_no_error (error);
  report = ea_flueag_report_build (session, "2026-05", EA_FLUEAG_STOCK, &error);
  g_assert_no_error (error);

  /* A person's stays never overlap, so their days are the sum over them;
   * counted here, in plain SQL that both engines read. */
  stmt = _ea_store_prepare (demo,
    "SELECT person_id, from_date, coalesce (until_date, '9999-12-31') FROM stays "
    "WHERE from_date < '2026-06-01' "
    "AND (until_date IS NULL OR until_date > '2026-05-01')", &error);
  g_assert_no_error (error);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      gint64 person = _ea_stmt_column_int64 (stmt, 0);
      const char *from = _ea_stmt_column_text (stmt, 1);
      const char *until = _ea_stmt_column_text (stmt, 2);
      g_autoptr(GDate) start = g_date_new ();
      g_autoptr(GDate) end = g_date_new ();
      guint days = GPOINTER_TO_UINT (g_hash_table_lookup (expected, &person));

      set_day (start, strcmp (from, "2026-05-01") > 0 ? from : "2026-05-01");
      set_day (end, strcmp (until, "2026-06-01") < 0 ? until : "2026-06-01");
      days += (guint) g_date_days_between (start, end);
      g_hash_table_replace (expected, g_memdup2 (&person, sizeof person),
                            GUINT_TO_POINTER (days));
    }
  g_assert_cmpuint (g_hash_table_size (expected), >, 100);
  g_assert_cmpuint (ea_flueag_report_get_n_rows (report), ==, g_hash_table_size (expected));

  for (guint i = 0; i < ea_flueag_report_get_n_rows (report); i++)
    {
      const EaFlueagRow *row = ea_flueag_report_get_row (report, i);

      g_assert_cmpuint (row->days, ==, GPOINTER_TO_UINT (g_hash_table_lookup (expected,
                                                                              &row->person_id)));
      g_assert_cmpuint (row->days, >=, 1);
      g_assert_cmpuint (row->days, <=, 31);
      if (g_str_has_prefix (row->moved_in, "2026-05"))
        {
          arrived++;
          g_assert_cmpuint (row->days, <=, 32 - atoi (row->moved_in + 8));
        }
      if (row->moved_out != NULL)
        {
          left++;
          /* Moving out on the 1st of June is a full May. */
          g_assert_true (g_str_has_prefix (row->moved_out, "2026-05") ||
                         g_str_equal (row->moved_out, "2026-06-01"));
          if (g_str_has_prefix (row->moved_out, "2026-05"))
            g_assert_cmpuint (row->days, <, atoi (row->moved_out + 8));
        }
    }
  g_assert_cmpuint (arrived, >, 0);
  g_assert_cmpuint (left, >, 0);
}

static void
test_flueag_late (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaFlueagReport) june = NULL;
  g_autoptr(EaFlueagReport) late = NULL;
  g_autoptr(EaFlueagReport) again = NULL;
  g_autofree char *june_path = NULL;
  g_autofree char *late_path = NULL;
  g_autofree char *sheet = NULL;

  setup ();
  june = ea_flueag_report_build (admin, "2025-06", EA_FLUEAG_STOCK, &error);
  june_path = temp_path ("juni.xlsx");
  g_assert_true (ea_flueag_report_write (admin, june, june_path, &error));
  g_assert_no_error (error);

  /* Nobody is late yet; then a stay in June is entered afterwards. */
  late = ea_flueag_report_build (admin, "2025-07", EA_FLUEAG_LATE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_flueag_report_get_n_rows (late), ==, 0);
  g_clear_pointer (&late, ea_flueag_report_free);

  ea_test_exec (store, late_stay, &error);
  g_assert_no_error (error);
  late = ea_flueag_report_build (admin, "2025-07", EA_FLUEAG_LATE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_flueag_report_get_n_rows (late), ==, 1);
  g_assert_cmpint (ea_flueag_report_get_row (late, 0)->person_id, ==, 6);
  g_assert_cmpstr (ea_flueag_report_get_row (late, 0)->late_months, ==, "2025-06");
  g_assert_cmpuint (ea_flueag_report_get_row (late, 0)->days, ==, 5);

  late_path = temp_path ("nachmeldung.xlsx");
  g_assert_true (ea_flueag_report_write (admin, late, late_path, &error));
  g_assert_no_error (error);
  sheet = run_unzip ("-p", late_path, "xl/worksheets/sheet1.xml");
  g_assert_nonnull (strstr (sheet, "<t>Nachmeldemonate</t>"));
  g_assert_nonnull (strstr (sheet, "<t>06.2025</t>"));
  g_assert_null (strstr (sheet, "Tage im Monat"));

  /* Reported once: the next Nachmeldung is empty. */
  again = ea_flueag_report_build (admin, "2025-08", EA_FLUEAG_LATE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_flueag_report_get_n_rows (again), ==, 0);
  teardown ();
}

static void
test_flueag_bad_input (void)
{
  static const char *bad[] = { "2025-13", "Juni", "2025-6", "25-06", "", "2025-00" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = ea_clock_now ();
  g_autofree char *this_month = g_date_time_format (now, "%Y-%m");
  g_autofree char *last_month = ea_flueag_last_month ();

  setup ();
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (ea_flueag_report_build (admin, bad[i], EA_FLUEAG_STOCK, &error));
      g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "YYYY-MM"));
      g_clear_error (&error);
    }

  /* A month that is not over is refused, with the day it can be made. */
  g_assert_null (ea_flueag_report_build (admin, this_month, EA_FLUEAG_STOCK, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not over yet"));
  g_clear_error (&error);
  {
    g_autoptr(EaFlueagReport) report = ea_flueag_report_build (admin, last_month,
                                                               EA_FLUEAG_STOCK, &error);
    g_assert_no_error (error);
    g_assert_nonnull (report);
  }
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM flueag_reported"), ==, 0);
  teardown ();
}

static EaStatTable *
compute (EaStatKind  kind,
         const char *from,
         const char *until)
{
  g_autoptr(GError) error = NULL;
  EaStatTable *table = ea_statistics_compute (admin, kind, from, until, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static guint
find_label (EaStatTable *table,
            const char  *label)
{
  for (guint r = 0; r < ea_stat_table_get_n_rows (table); r++)
    if (g_str_equal (ea_stat_table_get_label (table, r), label))
      return r;
  g_error ("no row %s in %s", label, ea_stat_table_get_title (table));
}

static void
test_statistics (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStatTable) occupancy = NULL;
  g_autoptr(EaStatTable) movements = NULL;
  g_autoptr(EaStatTable) gender = NULL;
  g_autoptr(EaStatTable) nationality = NULL;
  g_autoptr(EaStatTable) age = NULL;
  g_autoptr(EaStatTable) needs = NULL;
  g_autoptr(EaStatTable) facilities = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  guint r;

  setup ();
  ea_test_exec (store, late_stay, &error);
  g_assert_no_error (error);

  /* Beds: 4, and 6 from 15.06. Occupied on 10.06.: 1 and 2; on 15.06.: 1,
   * 2 and 6; on 20.06.: 1 only; on 30.06.: 1, 4 and 5. */
  occupancy = compute (EA_STAT_OCCUPANCY, "2025-06-01", "2025-06-30");
  g_assert_cmpuint (ea_stat_table_get_n_rows (occupancy), ==, 30);
  g_assert_cmpuint (ea_stat_table_get_n_series (occupancy), ==, 2);
  r = find_label (occupancy, "10.06.2025");
  g_assert_cmpfloat (ea_stat_table_get_value (occupancy, r, 0), ==, 4);
  g_assert_cmpfloat (ea_stat_table_get_value (occupancy, r, 1), ==, 2);
  r = find_label (occupancy, "15.06.2025");
  g_assert_cmpfloat (ea_stat_table_get_value (occupancy, r, 0), ==, 6);
  g_assert_cmpfloat (ea_stat_table_get_value (occupancy, r, 1), ==, 3);
  r = find_label (occupancy, "20.06.2025");
  g_assert_cmpfloat (ea_stat_table_get_value (occupancy, r, 1), ==, 1);
  r = find_label (occupancy, "30.06.2025");
  g_assert_cmpfloat (ea_stat_table_get_value (occupancy, r, 1), ==, 3);
  g_assert_cmpfloat (ea_stat_table_get_max (occupancy), ==, 6);

  /* Arrivals: May 1 (Ahmadi); June 5 (Kovalenko, Noori twice, Tesfay,
   * Beridze); the move of 20.06. is none. Departures: June 4 (Haddad,
   * Kovalenko, Noori, Beridze); July 2 (Noori, Tesfay). */
  movements = compute (EA_STAT_MOVEMENTS, "2025-05-01", "2025-07-31");
  g_assert_cmpuint (ea_stat_table_get_n_rows (movements), ==, 3);
  g_assert_cmpstr (ea_stat_table_get_label (movements, 0), ==, "05.2025");
  g_assert_cmpfloat (ea_stat_table_get_value (movements, 0, 0), ==, 1);
  g_assert_cmpfloat (ea_stat_table_get_value (movements, 0, 1), ==, 0);
  g_assert_cmpfloat (ea_stat_table_get_value (movements, 1, 0), ==, 5);
  g_assert_cmpfloat (ea_stat_table_get_value (movements, 1, 1), ==, 4);
  g_assert_cmpfloat (ea_stat_table_get_value (movements, 2, 0), ==, 0);
  g_assert_cmpfloat (ea_stat_table_get_value (movements, 2, 1), ==, 2);

  /* Residents on 15.06.: Ahmadi (m, 35, afghanisch), Kovalenko (w, 5,
   * ukrainisch, alleinerziehend), Beridze (w, 65, georgisch). */
  gender = compute (EA_STAT_GENDER, "2025-06-01", "2025-06-15");
  g_assert_cmpuint (ea_stat_table_get_n_rows (gender), ==, 2);
  g_assert_cmpfloat (ea_stat_table_get_value (gender, find_label (gender, "männlich"), 0), ==, 1);
  g_assert_cmpfloat (ea_stat_table_get_value (gender, find_label (gender, "weiblich"), 0), ==, 2);

  nationality = compute (EA_STAT_NATIONALITY, "2025-06-01", "2025-06-15");
  g_assert_cmpuint (ea_stat_table_get_n_rows (nationality), ==, 3);
  g_assert_cmpfloat (ea_stat_table_get_value (nationality,
                                              find_label (nationality, "ukrainisch"), 0), ==, 1);

  age = compute (EA_STAT_AGE_GROUP, "2025-06-01", "2025-06-15");
  g_assert_cmpuint (ea_stat_table_get_n_rows (age), ==, 6);
  g_assert_cmpfloat (ea_stat_table_get_value (age, 0, 0), ==, 1);  /* under 6 */
  g_assert_cmpfloat (ea_stat_table_get_value (age, 3, 0), ==, 1);  /* 27 to 49 */
  g_assert_cmpfloat (ea_stat_table_get_value (age, 5, 0), ==, 1);  /* 65 and older */
  g_assert_cmpfloat (ea_stat_table_get_value (age, 1, 0) + ea_stat_table_get_value (age, 2, 0) +
                     ea_stat_table_get_value (age, 4, 0), ==, 0);

  needs = compute (EA_STAT_VULNERABILITY, "2025-06-01", "2025-06-15");
  g_assert_cmpuint (ea_stat_table_get_n_rows (needs), ==, 1);
  g_assert_cmpstr (ea_stat_table_get_label (needs, 0), ==, "alleinerziehend");

  /* Per facility on 15.06.: Altstadt 2 occupied, 2 free; Neubau 1 and 1. */
  facilities = compute (EA_STAT_FACILITIES, "2025-06-01", "2025-06-15");
  g_assert_cmpuint (ea_stat_table_get_n_rows (facilities), ==, 2);
  r = find_label (facilities, "GU Altstadt");
  g_assert_cmpfloat (ea_stat_table_get_value (facilities, r, 0), ==, 2);
  g_assert_cmpfloat (ea_stat_table_get_value (facilities, r, 3), ==, 2);
  r = find_label (facilities, "GU Neubau");
  g_assert_cmpfloat (ea_stat_table_get_value (facilities, r, 0), ==, 1);

  /* CSV for spreadsheets. */
  csv_path = temp_path ("zugaenge.csv");
  g_assert_true (ea_stat_table_write_csv (movements, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_cmpstr (csv, ==, "\xef\xbb\xbfMonth;Arrivals;Departures\r\n"
                            "05.2025;1;0\r\n06.2025;5;4\r\n07.2025;0;2\r\n");
  g_assert_false (ea_stat_table_write_csv (movements, csv_path, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_EXISTS);
  g_clear_error (&error);

  /* A period that is not one. */
  g_assert_null (ea_statistics_compute (admin, EA_STAT_OCCUPANCY, "2025-06-30", "2025-06-01",
                                        &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (ea_statistics_compute (admin, EA_STAT_OCCUPANCY, "gestern", "2025-06-01",
                                        &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  teardown ();
}

/* The rows of the workbook at @path, each a GPtrArray of its cells. */
static GPtrArray *
read_workbook (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *rows = _ea_xlsx_read_rows (path, lines, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static const char *
cell (GPtrArray *rows,
      guint      row,
      guint      col)
{
  GPtrArray *cells = g_ptr_array_index (rows, row);

  return col < cells->len ? g_ptr_array_index (cells, col) : "";
}

/* A day as the workbook keeps a date: days since 30.12.1899. */
static char *
workbook_day (const char *iso)
{
  GDate epoch, day;

  g_date_clear (&epoch, 1);
  g_date_clear (&day, 1);
  g_date_set_dmy (&epoch, 30, G_DATE_DECEMBER, 1899);
  set_day (&day, iso);
  return g_strdup_printf ("%d", g_date_days_between (&epoch, &day));
}

static void
assert_exports_logged (const char *object_type,
                       int         n)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE action = "
                                          "'export' AND object_type = '%s'", object_type);

  g_assert_cmpint (ea_test_query_int (store, sql), ==, n);
}

/* Personen as filtered, as a workbook: the page's columns, its persons
 * in its order, days as dates; never over another file; a role that may
 * not see persons is refused and nothing is written. */
static void
test_export_persons (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(EaSession) reader = NULL;
  g_autofree char *path = NULL;
  g_autofree char *narrow_path = NULL;
  g_autofree char *refused_path = NULL;
  GStatBuf st;
  gint64 admin_id;
  guint n;

  setup ();
  g_assert_true (ea_test_exec (store, "UPDATE persons SET arrived_on = '2025-05-10' WHERE id = 1",
                               &error));
  list = ea_person_list_new (admin, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, 6);
  path = temp_path ("personen.xlsx");
  g_assert_true (ea_list_export_persons (admin, list, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  rows = read_workbook (path);
  g_assert_cmpuint (rows->len, ==, n + 1);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "Name");
  g_assert_cmpstr (cell (rows, 0, 1), ==, "Date of Birth");
  g_assert_cmpstr (cell (rows, 0, 5), ==, "Arrival");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaPerson) person = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *name = ea_person_dup_display_name (person);
      g_autofree char *arrival = ea_person_get_arrival (person) != NULL
                                 ? workbook_day (ea_person_get_arrival (person))
                                 : g_strdup ("");

      g_assert_cmpstr (cell (rows, i + 1, 0), ==, name);
      g_assert_cmpstr (cell (rows, i + 1, 4), ==, ea_person_get_status_label (person));
      g_assert_cmpstr (cell (rows, i + 1, 5), ==, arrival);
    }
  g_assert_cmpstr (cell (rows, 1, 0), ==, "Ahmadi, Reza");
  g_assert_cmpstr (cell (rows, 4, 0), ==, "Kovalenko, Olena");
  g_assert_cmpstr (cell (rows, 4, 1), ==, "00.07.2019");
  g_assert_cmpstr (cell (rows, 4, 2), ==, "ukrainisch");
  g_assert_cmpstr (cell (rows, 1, 5), ==, "45787");
  assert_exports_logged ("person-list", 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* As filtered: only those. */
  g_assert_true (ea_person_list_set_filter (list, &(EaPersonFilter) { .status = "present" },
                                            &error));
  g_assert_no_error (error);
  narrow_path = temp_path ("anwesend.xlsx");
  g_assert_true (ea_list_export_persons (admin, list, narrow_path, &error));
  rows = read_workbook (narrow_path);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (cell (rows, 1, 0), ==, "Ahmadi, Reza");
  g_assert_cmpstr (cell (rows, 2, 0), ==, "Tesfay, Sara");
  g_assert_cmpint (ea_test_query_int (store, "SELECT count (*) FROM audit_log WHERE "
                                             "object_type = 'person-list' AND detail = '2 persons'"),
                   ==, 1);

  /* Never over another file. */
  g_assert_false (ea_list_export_persons (admin, list, path, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_EXISTS);
  g_clear_error (&error);
  assert_exports_logged ("person-list", 2);

  /* Management sees statistics only. */
  admin_id = ea_test_query_int (store, "SELECT id FROM users WHERE login = 'admin'");
  g_assert_cmpint (_ea_accounts_create_user (store, admin_id, "leitung", "Leitung", "geheim123",
                                             "reader", &error), >, 0);
  g_assert_no_error (error);
  reader = ea_session_login (store, "leitung", "geheim123", &error);
  g_assert_no_error (error);
  refused_path = temp_path ("refused.xlsx");
  g_assert_false (ea_list_export_persons (reader, list, refused_path, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (g_file_test (refused_path, G_FILE_TEST_EXISTS));
  assert_exports_logged ("person-list", 2);
  teardown ();
}

/* Belegung as narrowed, as a workbook: one row per facility shown, its
 * figures as numbers; a day that is none is refused. */
static void
test_export_occupancy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListStore) shown = g_list_store_new (EA_TYPE_OCCUPANCY);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad_path = NULL;
  g_autofree char *day = NULL;

  setup ();
  all = ea_occupancy_list (admin, "2025-06-15", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
  /* The page narrowed to the second facility. */
  g_list_store_append (shown, g_list_model_get_item (all, 1));
  g_object_unref (g_list_model_get_item (all, 1));
  path = temp_path ("belegung.xlsx");
  g_assert_true (ea_list_export_occupancy (admin, G_LIST_MODEL (shown), "2025-06-15", path,
                                           &error));
  g_assert_no_error (error);
  rows = read_workbook (path);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "Facility");
  g_assert_cmpstr (cell (rows, 0, 4), ==, "Beds");
  g_assert_cmpstr (cell (rows, 1, 0), ==, "GU Neubau");
  g_assert_cmpstr (cell (rows, 1, 2), ==, "communal accommodation");
  day = workbook_day ("2025-06-15");
  g_assert_cmpstr (cell (rows, 1, 3), ==, day);
  /* Beds 5 and 6; 5 occupied from 30.06. only: on 15.06. both free. */
  g_assert_cmpstr (cell (rows, 1, 4), ==, "2");
  g_assert_cmpstr (cell (rows, 1, 5), ==, "0");
  g_assert_cmpstr (cell (rows, 1, 8), ==, "2");
  assert_exports_logged ("occupancy", 1);

  bad_path = temp_path ("bad.xlsx");
  g_assert_false (ea_list_export_occupancy (admin, all, "2025-02-31", bad_path, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  assert_exports_logged ("occupancy", 1);
  teardown ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ea_test_pin_clock (EA_TEST_NOW);
  g_test_add_func ("/flueag/stock", test_flueag_stock);
  g_test_add_func ("/flueag/demo", test_flueag_demo);
  g_test_add_func ("/flueag/late", test_flueag_late);
  g_test_add_func ("/flueag/bad-input", test_flueag_bad_input);
  g_test_add_func ("/statistics/district", test_statistics);
  g_test_add_func ("/export/persons", test_export_persons);
  g_test_add_func ("/export/occupancy", test_export_occupancy);
  return g_test_run ();
}
