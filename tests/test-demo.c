/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <string.h>

#include "eakte-core.h"
#include "ea-store-private.h"
#include "ea-test-util.h"

#define TODAY "2026-11-23"


static EaStore *
make_demo (guint32 seed,
           guint   persons,
           guint   facilities)
{
  return ea_test_new_demo (seed, persons, facilities, TODAY);
}

/* The numbers @sql gives in its first column. */
static GArray *
query_ids (EaStore    *store,
           const char *sql)
{
  g_autoptr(EaStmt) stmt = _ea_store_prepare (store, sql, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_nonnull (stmt);
  while (_ea_stmt_step (stmt) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

/* The passports the page "Ablaufende Pässe" shows: one expired, four due
 * within the eight weeks it looks ahead (as the clock counts them), and
 * one good for long that only a later day finds. */
static void
check_expiring (EaSession  *social,
                const char *today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expiring = ea_documents_expiring (social, NULL, &error);
  g_autoptr(GPtrArray) later = NULL;
  g_autofree char *horizon = ea_test_day_after (today, 56);
  g_autofree char *year = ea_test_day_after (today, 400);
  guint expired = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (expiring->len, ==, 5);
  for (guint i = 0; i < expiring->len; i++)
    {
      EaDocument *document = g_ptr_array_index (expiring, i);

      g_assert_true (g_str_equal (document->category, "ausweis") ||
                     g_str_equal (document->category, "aufenthaltsdokument"));
      g_assert_cmpstr (document->mime_type, ==, "application/pdf");
      g_assert_cmpstr (document->expires_on, <=, horizon);
      g_assert_nonnull (document->person_name);
      if (strcmp (document->expires_on, today) < 0)
        expired++;
    }
  g_assert_cmpuint (expired, ==, 1);
  later = ea_documents_expiring (social, year, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (later->len, ==, 6);
}

/* One import run with its arrivals, and the record it holds as a
 * probable duplicate of someone living here. */
static void
check_import (EaSession *admin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = ea_import_list_runs (admin, 10, &error);
  g_autoptr(GPtrArray) duplicates = NULL;
  EaImportRun *run;
  EaImportDuplicate *duplicate;

  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  run = g_ptr_array_index (runs, 0);
  g_assert_cmpuint (run->created, ==, 4);
  g_assert_cmpuint (run->duplicates_to_review, ==, 1);
  g_assert_cmpuint (run->rejected, ==, 0);
  duplicates = ea_import_list_duplicates (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (duplicates->len, ==, 1);
  duplicate = g_ptr_array_index (duplicates, 0);
  g_assert_cmpint (duplicate->existing_id, >, 0);
  g_assert_cmpstr (duplicate->name, ==, duplicate->existing_name);
  g_assert_cmpstr (duplicate->birth_date, ==, duplicate->existing_birth_date);
  g_assert_null (duplicate->azr);
  g_assert_nonnull (duplicate->platform_id);
  g_assert_nonnull (duplicate->message);
  g_assert_cmpstr (duplicate->existing_status, !=, NULL);
}

/* Whether @needle is in @data, NUL bytes and all. */
static gboolean
holds (const char *data,
       gsize       length,
       const char *needle)
{
  return memmem (data, length, needle, strlen (needle)) != NULL;
}

static char *
read_document (EaSession *session,
               gint64     id,
               gsize     *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ea_document_open_file (session, id, &error);
  char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

/* What the person pages show beyond beds: case notes, one of them
 * confidential; a letter as a PDF with text and a scan as a PDF whose page
 * is an image, both to be read back; qualifications, one with the scan as
 * its proof. */
static void
test_content (void)
{
  g_autoptr(EaStore) store = make_demo (5, 500, 6);
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) social = ea_session_login (store, "sozial", EA_DEMO_PASSWORD, &error);
  g_autoptr(EaSession) admin = ea_session_login (store, "admin", EA_DEMO_PASSWORD, &error);
  g_autoptr(GArray) noted = query_ids (store, "SELECT DISTINCT person_id FROM case_notes "
                                               "ORDER BY 1");
  g_autoptr(GArray) filed = query_ids (store, "SELECT DISTINCT person_id FROM documents "
                                               "ORDER BY 1");
  g_autoptr(GArray) qualified = query_ids (store, "SELECT DISTINCT person_id FROM "
                                                  "qualifications ORDER BY 1");
  guint n_notes = 0, n_confidential = 0, n_qualifications = 0, n_proven = 0;
  gint64 pdf = 0, scan = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (noted->len, >=, 3);
  for (guint i = 0; i < noted->len; i++)
    {
      g_autoptr(GPtrArray) notes = ea_case_notes_list (social, g_array_index (noted, gint64, i),
                                                       &error);

      g_assert_no_error (error);
      for (guint k = 0; k < notes->len; k++)
        {
          EaCaseNote *note = g_ptr_array_index (notes, k);

          /* The social worker wrote them all, and reads them all. */
          g_assert_false (note->hidden);
          g_assert_nonnull (note->body);
          g_assert_cmpstr (note->date, <=, TODAY);
          n_notes++;
          if (note->confidential)
            {
              n_confidential++;
              g_assert_cmpstr (note->category, ==, "gesundheit");
              g_assert_true (g_str_has_prefix (note->body, "Vertraulich"));
            }
          else
            g_assert_false (g_str_has_prefix (note->body, "Vertraulich"));
        }
    }
  g_assert_cmpuint (n_notes, >=, 6);
  g_assert_cmpuint (n_confidential, ==, 1);

  for (guint i = 0; i < filed->len; i++)
    {
      g_autoptr(GPtrArray) documents = ea_documents_list (social, g_array_index (filed, gint64, i),
                                                          &error);

      g_assert_no_error (error);
      for (guint k = 0; k < documents->len; k++)
        {
          EaDocument *document = g_ptr_array_index (documents, k);

          if (g_str_equal (document->category, "bescheid"))
            {
              g_assert_cmpstr (document->mime_type, ==, "application/pdf");
              pdf = document->id;
            }
          else if (g_str_equal (document->category, "zeugnis"))
            {
              g_assert_cmpstr (document->mime_type, ==, "application/pdf");
              scan = document->id;
            }
        }
    }
  g_assert_cmpint (pdf, >, 0);
  g_assert_cmpint (scan, >, 0);
  {
    gsize letter_length = 0, image_length = 0;
    g_autofree char *letter = read_document (social, pdf, &letter_length);
    g_autofree char *image = read_document (social, scan, &image_length);
    g_autoptr(EaDocument) document = NULL;

    /* The letter is text, the scan a page that is an image. */
    g_assert_true (g_str_has_prefix (letter, "%PDF-"));
    g_assert_false (holds (letter, letter_length, "/Subtype /Image"));
    g_assert_true (holds (letter, letter_length, "/FontFile"));
    g_assert_true (g_str_has_prefix (image, "%PDF-"));
    g_assert_true (holds (image, image_length, "/Subtype /Image"));
    /* Both with their text found already: none is left for OCR. */
    document = ea_document_get (social, pdf, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (document->text_state, ==, "done");
    g_clear_pointer (&document, ea_document_free);
    document = ea_document_get (social, scan, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (document->text_state, ==, "done");
    g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM documents WHERE "
                                               "text_state <> 'done'"), ==, 0);
    g_assert_cmpint (document->page_count, ==, 1);
  }

  g_assert_cmpuint (qualified->len, >=, 2);
  for (guint i = 0; i < qualified->len; i++)
    {
      g_autoptr(EaPersonFile) file = ea_person_file_load (social,
                                                          g_array_index (qualified, gint64, i),
                                                          &error);

      g_assert_no_error (error);
      for (guint k = 0; k < file->qualifications->len; k++)
        {
          EaQualification *q = g_ptr_array_index (file->qualifications, k);

          g_assert_nonnull (q->title);
          g_assert_cmpint (q->year, >=, 1900);
          n_qualifications++;
          if (q->document_id != 0)
            {
              g_assert_cmpint (q->document_id, ==, scan);
              n_proven++;
            }
        }
    }
  g_assert_cmpuint (n_qualifications, >=, 4);
  g_assert_cmpuint (n_proven, ==, 1);

  check_expiring (social, TODAY);
  check_import (admin);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons"), ==, 500 + 4);
}

/* The same seed and day give the same district, byte for byte, even when
 * the clock says another day; another seed or day another one. */
static void
test_determinism (void)
{
  g_autoptr(EaStore) a = make_demo (7, 600, 8);
  g_autoptr(EaStore) b = NULL;
  g_autoptr(EaStore) c = make_demo (8, 600, 8);
  g_autoptr(EaStore) d = ea_test_new_demo (7, 600, 8, "2027-03-28");
  g_autofree char *da = ea_test_dump_tables (a);
  g_autofree char *db = NULL;
  g_autofree char *dc = ea_test_dump_tables (c);
  g_autofree char *dd = ea_test_dump_tables (d);

  ea_test_pin_clock ("2029-08-01T09:30:00Z");
  b = make_demo (7, 600, 8);
  db = ea_test_dump_tables (b);
  ea_test_pin_clock (EA_TEST_NOW);
  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
  g_assert_cmpstr (da, !=, dd);
}

/* What must hold in a demo district built around the clock's day, for
 * days where calendars trip: month and year ends, leap days, the nights
 * the clocks change, and the day the machine's clock says (which CI
 * moves with faketime). */
static void
check_district_on (const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaStore) store = NULL;
  g_autoptr(EaSession) session = NULL;
  g_autoptr(EaSession) admin = NULL;
  g_autoptr(GListModel) occupancy = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(EaFlueagReport) report = NULL;
  g_autofree char *today = NULL;
  g_autofree char *last_month = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *fortnight = NULL;
  EaOccupancyTotals totals;

  g_test_message ("the clock says %s", day);
  ea_test_pin_clock (day);
  today = ea_clock_today ();
  store = ea_test_new_demo (3, 400, 6, NULL);

  /* Nobody moved in or out after today; whoever lives here has a bed. */
  sql = g_strdup_printf ("SELECT count(*) FROM stays WHERE from_date > '%s' "
                         "OR until_date > '%s' OR until_date <= from_date", today, today);
  g_assert_cmpint (ea_test_query_int (store, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM persons WHERE status = 'present' AND id NOT IN "
                         "(SELECT person_id FROM stays WHERE from_date <= '%s' "
                         "AND until_date IS NULL)", today);
  g_assert_cmpint (ea_test_query_int (store, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  /* Arrivals are expected from tomorrow on, for a fortnight. */
  fortnight = ea_test_day_after (today, 14);
  sql = g_strdup_printf ("SELECT count(*) FROM persons WHERE status = 'expected' AND NOT "
                         "(expected_on > '%s' AND expected_on <= '%s')", today, fortnight);
  g_assert_cmpint (ea_test_query_int (store, sql), ==, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons WHERE status = "
                                             "'expected'"), >, 0);

  /* The day's occupancy adds up, and the database is sound. */
  session = ea_session_login (store, "leitung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  occupancy = ea_occupancy_list (session, NULL, &error);
  g_assert_no_error (error);
  ea_occupancy_sum (occupancy, &totals);
  g_assert_cmpuint (totals.occupied, >, totals.capacity / 2);
  g_assert_cmpuint (totals.capacity, ==,
                    totals.occupied + totals.reserved + totals.blocked + totals.free);
  admin = ea_session_login (store, "admin", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (ea_maintenance_check (admin, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);

  /* Last month is over and can be reported; it had residents. */
  last_month = ea_flueag_last_month ();
  g_assert_cmpint (strncmp (last_month, today, 7), <, 0);
  report = ea_flueag_report_build (admin, last_month, EA_FLUEAG_STOCK, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_flueag_report_get_n_rows (report), >, 0);

  /* Passports expire as the clock counts, and the import held one. */
  g_clear_object (&session);
  session = ea_session_login (store, "sozial", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  check_expiring (session, today);
  check_import (admin);
  ea_test_pin_clock (EA_TEST_NOW);
}

static void
test_any_day (void)
{
  static const char *days[] = {
    "2026-12-31T23:59:00+01:00", "2027-01-01T00:00:30+01:00", "2027-02-28", "2027-03-28T01:59:00Z",
    "2027-03-28T03:30:00+02:00", "2027-10-31T02:30:00+01:00", "2027-10-31T23:59:59+01:00",
    "2028-02-29", "2028-03-01T00:00:00+01:00", "2029-06-30", "2030-12-31T23:00:00+01:00",
  };
  g_autoptr(GDateTime) machine = g_date_time_new_now_utc ();
  g_autofree char *machine_day = g_date_time_format_iso8601 (machine);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    check_district_on (days[i]);
  check_district_on (machine_day);
}

static void
test_default_district (void)
{
  g_autofree char *path = ea_test_temp_db_path ();
  g_autoptr(EaStore) store = ea_store_open (path, EA_STORE_OPEN_NEW, NULL);
  EaDemoOptions options = { 0, 0, 1, TODAY };
  EaDemoResult result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) session = NULL;
  g_autoptr(GListModel) occupancy = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  EaOccupancyTotals totals;
  double rate;

  ea_demo_generate (store, &options, &result, &error);
  g_assert_no_error (error);
  g_assert_true (ea_store_is_demo (store));
  g_assert_cmpuint (result.facilities, ==, 24);
  g_assert_cmpuint (result.persons, >=, 2450);
  g_assert_cmpuint (result.persons, <=, 2550);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons"), ==,
                   (int) result.persons);

  /* A few large communal houses of 80 to 200 beds, small ones and flats. */
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM (SELECT u.facility_id, "
                                             "count(*) n "
                                             "FROM beds b JOIN rooms r ON r.id = b.room_id JOIN "
                                             "units u "
                                             "ON u.id = r.unit_id GROUP BY 1) AS f WHERE n BETWEEN 80 "
                                             "AND 210"),
                   >=, 3);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM facilities WHERE kind = "
                                             "'flat'"), ==, 6);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM units WHERE reserved_for = "
                                             "'women'"), >=, 4);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM units WHERE reserved_for = "
                                             "'families'"), >=, 4);
  g_assert_cmpint (ea_test_query_int (store, "SELECT min(area_m2) >= 8 AND max(area_m2) <= 30 "
                                             "FROM rooms"), ==, 1);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM rooms WHERE barrier_free = 1 AND "
                                             "floor <> 0"), ==, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM rooms WHERE barrier_free = 1"),
                   >, 10);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM rooms WHERE capacity * 7 > "
                                             "area_m2"), ==, 0);

  /* Households, partial birth dates, vulnerabilities, history. */
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons WHERE id NOT IN "
                                             "(SELECT person_id FROM household_members)"), ==, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT max(n) FROM (SELECT count(*) n FROM "
                                             "household_members "
                                             "GROUP BY household_id) AS h"), >=, 5);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons WHERE birth_date LIKE "
                                             "'%-00'"), >, 20);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(DISTINCT code) FROM "
                                             "person_nationalities"), >=, 10);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM person_vulnerabilities "
                                             "WHERE code = 'rollstuhl'"), >, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons "
                                             "WHERE status = 'left'"), >, 500);
  /* Stays reach back 700 days before TODAY, 23.12.2024. */
  g_assert_cmpint (ea_test_query_int (store, "SELECT min(from_date) <= "
                                             "'2024-12-23' FROM stays"), ==, 1);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM (SELECT person_id FROM stays "
                                             "GROUP BY 1 HAVING count(*) > 1) AS moved"), >, 5);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM bed_blocks"), >, 0);
  /* Expected arrivals, some without a bed, and no minor alone in a bed. */
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons WHERE status = "
                                             "'expected' "
                                             "AND id NOT IN (SELECT person_id FROM reservations)"),
                   >, 5);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM person_vulnerabilities v "
                                             "WHERE code = 'uma' AND (v.person_id IN (SELECT "
                                             "person_id "
                                             "FROM stays) OR v.person_id IN (SELECT person_id "
                                             "FROM reservations))"), ==, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons WHERE status = "
                                             "'present' AND "
                                             "id NOT IN (SELECT person_id FROM stays WHERE "
                                             "until_date IS "
                                             "NULL)"),
                   ==, 0);

  /* About 85 % occupancy, and the database is sound. */
  session = ea_session_login (store, "leitung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  occupancy = ea_occupancy_list (session, TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (occupancy), ==, 24);
  ea_occupancy_sum (occupancy, &totals);
  rate = (double) totals.occupied / totals.capacity;
  g_assert_cmpfloat (rate, >, 0.78);
  g_assert_cmpfloat (rate, <, 0.90);
  g_assert_cmpuint (totals.blocked, >, 0);
  g_assert_cmpuint (totals.reserved, >, 0);
  g_assert_cmpuint (totals.capacity, ==,
                    totals.occupied + totals.reserved + totals.blocked + totals.free);

  g_clear_object (&session);
  session = ea_session_login (store, "admin", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (ea_maintenance_check (session, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_refuses_used_database (void)
{
  g_autoptr(EaStore) store = make_demo (3, 50, 2);
  g_autoptr(GError) error = NULL;
  EaDemoOptions options = { 50, 2, 3, TODAY };
  int before = ea_test_query_int (store, "SELECT count(*) FROM persons");

  g_assert_false (ea_demo_generate (store, &options, NULL, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_EXISTS);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons"), ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ea_test_pin_clock (EA_TEST_NOW);

  g_test_add_func ("/demo/determinism", test_determinism);
  g_test_add_func ("/demo/default-district", test_default_district);
  g_test_add_func ("/demo/content", test_content);
  g_test_add_func ("/demo/refuses-used-database", test_refuses_used_database);
  g_test_add_func ("/demo/any-day", test_any_day);

  return g_test_run ();
}
