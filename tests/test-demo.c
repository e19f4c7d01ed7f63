/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

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

/* The domain content, row by row: everything but accounts (their hashes
 * are salted) and the audit log (it records the wall clock). */
static char *
dump (EaStore *store)
{
  static const char *tables[] = {
    "settings", "facilities", "units", "rooms", "beds", "bed_blocks", "persons",
    "person_nationalities", "person_languages", "person_vulnerabilities", "households",
    "household_members", "stays", "reservations",
  };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2", tables[t]);
      g_autoptr(sqlite3_stmt) stmt = _ea_store_prepare (store, sql, NULL);

      g_assert_nonnull (stmt);
      g_checksum_update (sum, (const guchar *) tables[t], -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *v = (const char *) sqlite3_column_text (stmt, c);
            g_checksum_update (sum, (const guchar *) (v ? v : "\x01NULL"), -1);
            g_checksum_update (sum, (const guchar *) "\x1f", 1);
          }
    }
  return g_strdup (g_checksum_get_string (sum));
}

static void
test_determinism (void)
{
  g_autoptr(EaStore) a = make_demo (7, 600, 8);
  g_autoptr(EaStore) b = make_demo (7, 600, 8);
  g_autoptr(EaStore) c = make_demo (8, 600, 8);
  g_autofree char *da = dump (a);
  g_autofree char *db = dump (b);
  g_autofree char *dc = dump (c);

  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
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

  g_assert_true (ea_demo_generate (store, &options, &result, &error));
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
                                             "ON u.id = r.unit_id GROUP BY 1) WHERE n BETWEEN 80 "
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
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM rooms WHERE barrier_free AND "
                                             "floor <> 0"), ==, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM rooms WHERE barrier_free"),
                   >, 10);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM rooms WHERE capacity * 7 > "
                                             "area_m2"), ==, 0);

  /* Households, partial birth dates, vulnerabilities, history. */
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons WHERE id NOT IN "
                                             "(SELECT person_id FROM household_members)"), ==, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT max(n) FROM (SELECT count(*) n FROM "
                                             "household_members "
                                             "GROUP BY household_id)"), >=, 5);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons WHERE birth_date LIKE "
                                             "'%-00'"), >, 20);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(DISTINCT code) FROM "
                                             "person_nationalities"), >=, 10);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM person_vulnerabilities "
                                             "WHERE code = 'rollstuhl'"), >, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM persons "
                                             "WHERE status = 'left'"), >, 500);
  g_assert_cmpint (ea_test_query_int (store, "SELECT min(from_date) <= "
                                             "date('" TODAY "', '-700 days') FROM stays"), ==, 1);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM (SELECT person_id FROM stays "
                                             "GROUP BY 1 HAVING count(*) > 1)"), >, 5);
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

  g_test_add_func ("/demo/determinism", test_determinism);
  g_test_add_func ("/demo/default-district", test_default_district);
  g_test_add_func ("/demo/refuses-used-database", test_refuses_used_database);

  return g_test_run ();
}
