/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "eakte-core.h"
#include "ea-store-private.h"
#include "ea-test-util.h"

static EaStore *store;

static EaSession *
login (const char *user)
{
  g_autoptr(GError) error = NULL;
  EaSession *session = ea_session_login (store, user, EA_DEMO_PASSWORD, &error);

  g_assert_no_error (error);
  return session;
}

static int
query_int (const char *sql)
{
  return ea_test_query_int (store, sql);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  (*calls)++;
}

static void
test_lazy_list (void)
{
  g_autoptr(EaSession) session = login ("sozial");
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonList) list = ea_person_list_new (session, &error);
  g_autoptr(EaPerson) first = NULL;
  g_autoptr(EaPerson) last = NULL;
  g_autoptr(EaPerson) again = NULL;
  guint n;

  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpint (n, ==, query_int ("SELECT count(*) FROM persons"));
  g_assert_cmpuint (ea_person_list_get_total (list), ==, n);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == EA_TYPE_PERSON);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));

  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  last = g_list_model_get_item (G_LIST_MODEL (list), n - 1);
  g_assert_nonnull (ea_person_get_family_name (first));
  g_assert_nonnull (ea_person_get_birth_date (first));
  g_assert_nonnull (ea_person_get_nationality_label (first));
  /* Sorted by the folded name. */
  {
    g_autofree char *a = ea_text_fold (ea_person_get_family_name (first));
    g_autofree char *b = ea_text_fold (ea_person_get_family_name (last));
    g_assert_cmpstr (a, <=, b);
  }
  /* A page kept in the cache hands out the same object. */
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (again == first);

  /* Walking the whole list keeps only a bounded number of pages. */
  for (guint i = 0; i < n; i += 7)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));

  /* A person is found by id, as a refreshed page finds its selection. */
  g_assert_cmpuint (ea_person_list_find (list, ea_person_get_id (last)), ==, n - 1);
  g_assert_cmpuint (ea_person_list_find (list, ea_person_get_id (first)), ==, 0);
  g_assert_cmpuint (ea_person_list_find (list, -1), ==, G_MAXUINT);
}

static void
test_search (void)
{
  g_autoptr(EaSession) session = login ("verwaltung");
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonList) list = ea_person_list_new (session, &error);
  guint calls = 0, n, yilmaz;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &calls);
  yilmaz = query_int ("SELECT count(*) FROM persons WHERE family_name = 'Yılmaz'");
  g_assert_cmpint (yilmaz, >, 0);

  /* Case and diacritics do not matter. */
  g_assert_true (ea_person_list_set_search (list, "yilmaz", &error));
  g_assert_cmpuint (calls, ==, 1);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >=, yilmaz);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaPerson) p = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *folded = ea_text_fold (ea_person_get_family_name (p));
      g_autofree char *given = ea_text_fold (ea_person_get_given_names (p));
      g_assert_true (strstr (folded, "yilmaz") || strstr (given, "yilmaz"));
    }
  g_assert_true (ea_person_list_set_search (list, "ÖZTÜRK", &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                   query_int ("SELECT count(*) FROM persons WHERE family_name = 'Öztürk'"));

  /* One or two letters begin the family name (the list's index finds
   * them at once); three are found anywhere. "Öz" folds to "oz". */
  g_assert_true (ea_person_list_set_search (list, "Öz", &error));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, ==, query_int ("SELECT count(*) FROM persons WHERE sort_name >= 'oz' "
                                     "AND sort_name < 'o{'"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EaPerson) p = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *folded = ea_text_fold (ea_person_get_family_name (p));

      g_assert_true (g_str_has_prefix (folded, "oz"));
    }
  g_assert_true (ea_person_list_set_search (list, "i", &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                   query_int ("SELECT count(*) FROM persons WHERE sort_name >= 'i' "
                              "AND sort_name < 'j'"));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), <,
                   query_int ("SELECT count(*) FROM persons WHERE search_text LIKE '%i%'"));
  g_assert_true (ea_person_list_set_search (list, "ilm", &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                   query_int ("SELECT count(*) FROM persons WHERE search_text LIKE '%ilm%'"));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, yilmaz);

  /* All words must match, in any order. */
  g_assert_true (ea_person_list_set_search (list, "yusuf al-hassan", &error));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpint (n, ==, query_int ("SELECT count(*) FROM persons WHERE family_name = 'Al-Hassan' "
                                     "AND given_names = 'Yusuf'"));

  /* By AZR number and by the birth date as the office writes it. */
  {
    g_autoptr(EaStmt) stmt = _ea_store_prepare (store, "SELECT azr_number, birth_date FROM "
                                                      "persons WHERE azr_number IS NOT NULL AND "
                                                      "birth_date NOT LIKE '%-00' LIMIT 1", NULL);
    g_autofree char *azr = NULL, *german = NULL;
    g_autoptr(EaPerson) p = NULL;

    g_assert_cmpint (_ea_stmt_step (stmt), ==, EA_STMT_ROW);
    azr = g_strdup (_ea_stmt_column_text (stmt, 0));
    german = ea_partial_date_format (_ea_stmt_column_text (stmt, 1));
    _ea_stmt_reset (stmt);
    g_assert_true (ea_person_list_set_search (list, azr, &error));
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
    g_assert_true (ea_person_list_set_search (list, german, &error));
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 1);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
      {
        g_autofree char *shown = NULL;

        g_clear_object (&p);
        p = g_list_model_get_item (G_LIST_MODEL (list), i);
        shown = ea_partial_date_format (ea_person_get_birth_date (p));
        g_assert_cmpstr (shown, ==, german);
      }
  }

  /* Each search that shows names is a read in the audit log, with what
   * was searched for. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM audit_log WHERE action = 'search' "
                              "AND detail = 'yusuf al-hassan'"), ==, 1);

  /* LIKE's wildcards are characters, not patterns (the server's search
   * is a LIKE, EA_SQL_CONTAINS), and so is its escape character. */
  g_assert_true (ea_person_list_set_search (list, "%", &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (ea_person_list_set_search (list, "_", &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (ea_person_list_set_search (list, "y__maz", &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (ea_person_list_set_search (list, "\\", &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (ea_person_list_set_search (list, "", &error));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                   query_int ("SELECT count(*) FROM persons"));
}

static void
test_sort (void)
{
  g_autoptr(EaSession) session = login ("verwaltung");
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonList) list = ea_person_list_new (session, &error);
  g_autoptr(EaPerson) oldest = NULL;
  g_autoptr(EaPerson) youngest = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  g_assert_true (ea_person_list_set_sort (list, EA_PERSON_SORT_BIRTH_DATE, TRUE, &error));
  g_assert_no_error (error);
  youngest = g_list_model_get_item (G_LIST_MODEL (list), 0);
  oldest = g_list_model_get_item (G_LIST_MODEL (list), n - 1);
  g_assert_cmpstr (ea_person_get_birth_date (youngest), >=, ea_person_get_birth_date (oldest));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  for (EaPersonSort s = EA_PERSON_SORT_NAME; s <= EA_PERSON_SORT_ARRIVAL; s++)
    {
      g_assert_true (ea_person_list_set_sort (list, s, FALSE, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
    }
}

static void
test_reader_sees_no_persons (void)
{
  g_autoptr(EaSession) session = login ("leitung");
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonList) list = ea_person_list_new (session, &error);
  g_autoptr(GListModel) occupancy = NULL;

  g_assert_null (list);
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Statistics only: the occupancy is allowed. */
  occupancy = ea_occupancy_list (session, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (occupancy), ==, 24);
  g_clear_object (&occupancy);

  occupancy = ea_occupancy_list (session, "2026-02-30", &error);
  g_assert_null (occupancy);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
}

static void
test_occupancy_past_day (void)
{
  g_autoptr(EaSession) session = login ("verwaltung");
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) today = ea_occupancy_list (session, "2026-11-23", &error);
  g_autoptr(GListModel) past = ea_occupancy_list (session, "2026-01-15", &error);
  EaOccupancyTotals t, p;
  int expected;

  g_assert_no_error (error);
  ea_occupancy_sum (today, &t);
  ea_occupancy_sum (past, &p);
  /* Occupied beds on a past day are the stays that covered that day. */
  expected = query_int ("SELECT count(*) FROM stays WHERE from_date <= '2026-01-15' "
                        "AND (until_date IS NULL OR until_date > '2026-01-15')");
  g_assert_cmpint (p.occupied, ==, expected);
  g_assert_cmpuint (t.occupied, ==, query_int ("SELECT count(*) FROM stays WHERE until_date IS "
                                               "NULL "
                                               "AND from_date <= '2026-11-23'"));
}

/* Each filter against the same question asked of the database. */
static void
test_filters (void)
{
  g_autoptr(EaSession) session = login ("sozial");
  g_autoptr(EaSession) admin = login ("admin");
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonList) list = ea_person_list_new (session, &error);
  g_autoptr(EaPersonList) admin_list = ea_person_list_new (admin, &error);
  g_autofree char *today = ea_clock_today ();
  g_autofree char *in_facility = g_strdup_printf (
    "SELECT count (DISTINCT s.person_id) FROM stays s JOIN beds b ON b.id = s.bed_id "
    "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
    "WHERE u.facility_id = 3 AND s.from_date <= '%1$s' "
    "AND (s.until_date IS NULL OR s.until_date > '%1$s')", today);
  EaPersonFilter filter = { 0 };
  guint n;

  g_assert_no_error (error);
  {
    g_autoptr(GArray) ids = NULL;
    g_auto(GStrv) names = NULL;

    g_assert_true (ea_housing_list_facilities (session, &ids, &names, &error));
    g_assert_cmpuint (ids->len, ==, query_int ("SELECT count(*) FROM facilities "
                                               "WHERE closed_on IS NULL"));
    g_assert_cmpuint (g_strv_length (names), ==, ids->len);
  }
  filter.facility_id = 3;
  g_assert_true (ea_person_list_set_filter (list, &filter, &error));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, ==, query_int (in_facility));

  filter = (EaPersonFilter) { .status = "expected" };
  g_assert_true (ea_person_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int ("SELECT count(*) FROM persons WHERE status = 'expected'"));

  filter = (EaPersonFilter) { .nationality = "475", .status = "present" };
  g_assert_true (ea_person_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int ("SELECT count(*) FROM persons p WHERE status = 'present' AND "
                               "EXISTS (SELECT 1 FROM person_nationalities n "
                               "WHERE n.person_id = p.id AND n.code = '475')"));

  filter = (EaPersonFilter) { .vulnerability = "alleinreisende-frau" };
  g_assert_true (ea_person_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int ("SELECT count(*) FROM person_vulnerabilities "
                               "WHERE code = 'alleinreisende-frau'"));
  /* Together with a search word. */
  g_assert_true (ea_person_list_set_search (list, "a", &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <=,
                    query_int ("SELECT count(*) FROM person_vulnerabilities "
                               "WHERE code = 'alleinreisende-frau'"));
  g_assert_true (ea_person_list_set_search (list, "", &error));

  filter = (EaPersonFilter) { .arrived_from = "2026-01-01", .arrived_until = "2026-03-31" };
  g_assert_true (ea_person_list_set_filter (list, &filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int ("SELECT count(*) FROM persons WHERE coalesce (arrived_on, "
                               "expected_on) BETWEEN '2026-01-01' AND '2026-03-31'"));

  /* Bad input and a special category without the right change nothing. */
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  filter = (EaPersonFilter) { .arrived_from = "01.01.2026" };
  g_assert_false (ea_person_list_set_filter (list, &filter, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  filter = (EaPersonFilter) { .status = "verschwunden" };
  g_assert_false (ea_person_list_set_filter (list, &filter, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  filter = (EaPersonFilter) { .vulnerability = "trauma" };
  g_assert_false (ea_person_list_set_filter (admin_list, &filter, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_true (ea_person_list_set_filter (list, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int ("SELECT count(*) FROM persons"));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ea_test_pin_clock (EA_TEST_NOW);
  store = ea_test_new_demo (1, 0, 0, "2026-11-23");

  g_test_add_func ("/person-list/lazy", test_lazy_list);
  g_test_add_func ("/person-list/search", test_search);
  g_test_add_func ("/person-list/sort", test_sort);
  g_test_add_func ("/person-list/filters", test_filters);
  g_test_add_func ("/person-list/reader-sees-no-persons", test_reader_sees_no_persons);
  g_test_add_func ("/occupancy/past-day", test_occupancy_past_day);

  ret = g_test_run ();
  g_clear_object (&store);
  return ret;
}
