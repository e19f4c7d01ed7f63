/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "eakte-core.h"
#include "ea-store-private.h"
#include "ea-test-util.h"

/* Every role against every operation of the core, allowed and refused.
 * Each call is made so that, once past the permission check, it stops at
 * harmless validation (an unknown person, an empty name, a bad date): an
 * allowed role gets some other error or success, a refused role gets
 * EA_ERROR_PERMISSION, and nothing of the demo district changes. */

static EaStore *store;

typedef gboolean (*Operation) (EaSession *session, GError **error);

static gboolean
op_occupancy (EaSession *s, GError **e)
{
  g_autoptr(GListModel) list = ea_occupancy_list (s, NULL, e);
  return list != NULL;
}

static gboolean
op_room_plan (EaSession *s, GError **e)
{
  g_autoptr(GPtrArray) rooms = ea_housing_room_plan (s, 1, NULL, NULL, e);
  return rooms != NULL;
}

static gboolean
op_free_beds (EaSession *s, GError **e)
{
  g_autoptr(GArray) beds = ea_housing_free_beds (s, NULL, 0, 0, NULL, e);
  return beds != NULL;
}

static gboolean
op_persons (EaSession *s, GError **e)
{
  g_autoptr(EaPersonList) list = ea_person_list_new (s, e);
  return list != NULL;
}

static gboolean
op_roommates (EaSession *s, GError **e)
{
  g_autoptr(GPtrArray) mates = ea_housing_roommates (s, 1, e);
  return mates != NULL;
}

static gboolean
op_resolve (EaSession *s, GError **e)
{
  return ea_housing_resolve_person (s, "P-nobody", e) != 0;
}

static gboolean
op_check_in (EaSession *s, GError **e)
{
  return ea_housing_check_in (s, 999999, 1, NULL, e) != 0;
}

static gboolean
op_check_out (EaSession *s, GError **e)
{
  return ea_housing_check_out (s, 999999, NULL, e) != 0;
}

static gboolean
op_move (EaSession *s, GError **e)
{
  return ea_housing_move (s, 999999, 1, NULL, NULL, e) != 0;
}

static gboolean
op_reserve (EaSession *s, GError **e)
{
  return ea_housing_reserve (s, 999999, 1, NULL, "2099-01-01", e) != 0;
}

static gboolean
op_block (EaSession *s, GError **e)
{
  return ea_housing_block_bed (s, 1, "kaputt", NULL, NULL, NULL, e) != 0;
}

static gboolean
op_unblock (EaSession *s, GError **e)
{
  return ea_housing_unblock_bed (s, 1, "kein Datum", e);
}

static gboolean
op_create_facility (EaSession *s, GError **e)
{
  return ea_housing_create_facility (s, "", "communal", NULL, NULL, NULL, e) != 0;
}

static gboolean
op_update_room (EaSession *s, GError **e)
{
  EaRoomSpec spec = { "0.01", 0, 20, 0, "men", FALSE };
  return ea_housing_update_room (s, 1, &spec, e);
}

static gboolean
op_close (EaSession *s, GError **e)
{
  return ea_housing_close (s, "bed", 1, "kein Datum", e);
}

static gboolean
op_backup (EaSession *s, GError **e)
{
  return ea_maintenance_backup (s, "/nonexistent/backup.db", e);
}

static gboolean
op_check (EaSession *s, GError **e)
{
  g_autoptr(GPtrArray) problems = NULL;
  return ea_maintenance_check (s, &problems, e);
}

static gboolean
op_audit_verify (EaSession *s, GError **e)
{
  g_autoptr(GPtrArray) problems = NULL;
  return ea_audit_verify (s, NULL, &problems, e);
}

static gboolean
stop_at_first (const EaAuditEntry *entry, gpointer user_data)
{
  return FALSE;
}

static gboolean
op_audit_read (EaSession *s, GError **e)
{
  return ea_audit_foreach (s, NULL, 1, stop_at_first, NULL, e);
}

static gboolean
op_audit_accounts (EaSession *s, GError **e)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  return ea_audit_list_accounts (s, &ids, &labels, e);
}

static gboolean
op_audit_export (EaSession *s, GError **e)
{
  return ea_audit_export_csv (s, NULL, "/nonexistent/audit.csv", NULL, e);
}

static gboolean
op_accounts_list (EaSession *s, GError **e)
{
  g_autoptr(GPtrArray) accounts = ea_accounts_list (s, e);
  return accounts != NULL;
}

static gboolean
op_accounts_create (EaSession *s, GError **e)
{
  return ea_accounts_create (s, "x y", "X", "anfang2026", EA_ROLE_READER, e) != 0;
}

static gboolean
op_accounts_update (EaSession *s, GError **e)
{
  return ea_accounts_update (s, 999999, "X", EA_ROLE_READER, FALSE, e);
}

static gboolean
op_accounts_reset (EaSession *s, GError **e)
{
  return ea_accounts_reset_password (s, 999999, "anfang2026", e);
}

static gboolean
op_accounts_facilities (EaSession *s, GError **e)
{
  return ea_accounts_set_facilities (s, 999999, NULL, 0, e);
}

static gboolean
op_export_person (EaSession *s, GError **e)
{
  return ea_person_export (s, 999999, "/nonexistent/person.json", e);
}

static gboolean
op_occupancy_list_pdf (EaSession *s, GError **e)
{
  g_autoptr(EaOccupancyDocument) document = ea_occupancy_document_new (s, 1, NULL, e);
  return document != NULL;
}

static gboolean
op_flueag_report (EaSession *s, GError **e)
{
  g_autoptr(EaFlueagReport) report = ea_flueag_report_build (s, "2020-01", EA_FLUEAG_STOCK, e);
  return report != NULL;
}

static gboolean
op_statistics (EaSession *s, GError **e)
{
  g_autoptr(EaStatTable) table = ea_statistics_compute (s, EA_STAT_NATIONALITY, "2020-01-01",
                                                        "2020-12-31", e);
  return table != NULL;
}

static gboolean
op_list_facilities (EaSession *s, GError **e)
{
  g_autoptr(GArray) ids = NULL;
  g_auto(GStrv) names = NULL;

  return ea_housing_list_facilities (s, &ids, &names, e);
}

static gboolean
op_retention_preview (EaSession *s, GError **e)
{
  g_autoptr(GPtrArray) items = ea_retention_preview (s, NULL, e);
  return items != NULL;
}

static gboolean
op_retention_setting (EaSession *s, GError **e)
{
  return ea_retention_set_months (s, EA_RETENTION_DOCUMENTS, 0, e);
}

enum { A = 1 << 0, H = 1 << 1, S = 1 << 2, R = 1 << 3 };

static const struct
{
  const char *name;
  Operation   run;
  int         allowed;   /* admin, housing, social, reader */
} matrix[] = {
  { "occupancy", op_occupancy, A | H | S | R },
  { "room plan", op_room_plan, A | H | S | R },
  { "free beds", op_free_beds, A | H | S | R },
  { "occupancy list", op_occupancy_list_pdf, A | H | S | R },
  { "persons", op_persons, A | H | S },
  { "roommates", op_roommates, A | H | S },
  { "resolve person", op_resolve, A | H | S },
  { "check in", op_check_in, H },
  { "check out", op_check_out, H },
  { "move", op_move, H },
  { "reserve", op_reserve, H },
  { "block bed", op_block, A | H },
  { "unblock bed", op_unblock, A | H },
  { "create facility", op_create_facility, A | H },
  { "edit room", op_update_room, A | H },
  { "close", op_close, A | H },
  { "backup", op_backup, A },
  { "check", op_check, A },
  { "audit verify", op_audit_verify, A },
  { "audit read", op_audit_read, A },
  { "audit accounts", op_audit_accounts, A },
  { "audit export", op_audit_export, A },
  { "list accounts", op_accounts_list, A },
  { "create account", op_accounts_create, A },
  { "change account", op_accounts_update, A },
  { "reset password", op_accounts_reset, A },
  { "assign facilities", op_accounts_facilities, A },
  { "export person", op_export_person, A },
  { "FlüAG report", op_flueag_report, A | H },
  { "statistics", op_statistics, A | H | S | R },
  { "list facilities", op_list_facilities, A | H | S | R },
  { "retention preview", op_retention_preview, A },
  { "retention period", op_retention_setting, A },
};

static const struct { const char *login; int role; } users[] = {
  { "admin", A }, { "verwaltung", H }, { "sozial", S }, { "leitung", R },
};

static void
test_matrix (void)
{
  for (guint u = 0; u < G_N_ELEMENTS (users); u++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EaSession) session = ea_session_login (store, users[u].login, EA_DEMO_PASSWORD,
                                                       &error);

      g_assert_no_error (error);
      for (guint o = 0; o < G_N_ELEMENTS (matrix); o++)
        {
          g_autoptr(GError) op_error = NULL;
          gboolean refused;

          matrix[o].run (session, &op_error);
          refused = g_error_matches (op_error, EA_ERROR, EA_ERROR_PERMISSION);
          if (refused == ((matrix[o].allowed & users[u].role) != 0))
            g_error ("%s: %s should be %s, was %s (%s)", users[u].login, matrix[o].name,
                     (matrix[o].allowed & users[u].role) ? "allowed" : "refused",
                     refused ? "refused" : "allowed", op_error ? op_error->message : "no error");
        }
    }
}

static void
test_facility_scope (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) scoped = NULL;
  g_autoptr(EaSession) admin = NULL;
  gint64 other_bed;

  /* The housing manager is assigned to facility 1 only. */
  ea_test_exec (store, "INSERT INTO user_facilities (user_id, facility_id) "
                         "SELECT id, 1 FROM users WHERE login = 'verwaltung'", &error);
  g_assert_no_error (error);
  scoped = ea_session_login (store, "verwaltung", EA_DEMO_PASSWORD, &error);
  g_assert_no_error (error);

  other_bed = ea_test_query_int (store, "SELECT min (b.id) FROM beds b JOIN rooms r "
                                        "ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
                                        "WHERE u.facility_id = 2");
  g_assert_cmpint (ea_housing_check_in (scoped, 999999, other_bed, NULL, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (ea_housing_unblock_bed (scoped, other_bed, "kein Datum", &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);

  /* The FlüAG report is about the whole district. A copy of the session
   * for a worker thread keeps the limit. */
  g_assert_null (ea_flueag_report_build (scoped, "2020-01", EA_FLUEAG_STOCK, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  {
    g_autoptr(EaSession) copy = ea_session_open_copy (scoped, &error);

    g_assert_no_error (error);
    g_assert_true (ea_session_get_store (copy) != ea_session_get_store (scoped));
    g_assert_cmpint (ea_session_get_user_id (copy), ==, ea_session_get_user_id (scoped));
    g_assert_true (ea_session_can (copy, EA_RIGHT_EDIT_STAYS));
    g_assert_null (ea_flueag_report_build (copy, "2020-01", EA_FLUEAG_STOCK, &error));
    g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_cmpint (ea_housing_check_in (copy, 999999, other_bed, NULL, &error), ==, 0);
    g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
    g_clear_error (&error);
  }

  /* In the assigned facility the check is passed. */
  g_assert_cmpint (ea_housing_check_in (scoped, 999999, 1, NULL, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A social worker's persons list holds those living in facility 1 or
   * holding a reservation there, and nobody else; the housing manager
   * still finds everybody, new arrivals included, to place them. */
  {
    g_autoptr(EaSession) social = NULL;
    g_autoptr(EaPersonList) list = NULL;
    g_autoptr(EaPersonList) placing = ea_person_list_new (scoped, &error);
    g_autoptr(EaPersonList) all = NULL;
    g_autofree char *today = ea_clock_today ();
    g_autofree char *expected_sql = g_strdup_printf (
      "SELECT count(*) FROM persons p WHERE p.id IN ("
      "SELECT s.person_id FROM stays s JOIN beds b ON b.id = s.bed_id JOIN rooms r "
      "ON r.id = b.room_id JOIN units u ON u.id = r.unit_id WHERE u.facility_id = 1 "
      "AND s.from_date <= '%1$s' AND (s.until_date IS NULL OR s.until_date > '%1$s') "
      "UNION SELECT v.person_id FROM reservations v JOIN beds b ON b.id = v.bed_id "
      "JOIN rooms r ON r.id = b.room_id JOIN units u ON u.id = r.unit_id "
      "WHERE u.facility_id = 1 AND v.state = 'active')", today);
    guint expected = ea_test_query_int (store, expected_sql);
    g_autoptr(EaStmt) name = _ea_store_prepare (store, "SELECT name FROM facilities "
                                                             "WHERE id = 1", NULL);
    g_autofree char *facility_name = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (placing)), ==,
                     ea_test_query_int (store, "SELECT count(*) FROM persons"));
    ea_test_exec (store, "INSERT INTO user_facilities (user_id, facility_id) "
                           "SELECT id, 1 FROM users WHERE login = 'sozial'", &error);
    g_assert_no_error (error);
    social = ea_session_login (store, "sozial", EA_DEMO_PASSWORD, &error);
    g_assert_no_error (error);
    list = ea_person_list_new (social, &error);
    g_assert_no_error (error);
    g_assert_cmpint (_ea_stmt_step (name), ==, EA_STMT_ROW);
    facility_name = g_strdup (_ea_stmt_column_text (name, 0));
    _ea_stmt_reset (name);
    g_assert_cmpuint (expected, >, 10);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
    g_assert_cmpuint (ea_person_list_get_total (list), ==, expected);
    for (guint i = 0; i < expected; i++)
      {
        g_autoptr(EaPerson) person = g_list_model_get_item (G_LIST_MODEL (list), i);
        const char *facility = ea_person_get_facility (person);

        /* Living there, or reserved there with no bed elsewhere yet. */
        g_assert_true (facility == NULL || g_strcmp0 (facility, facility_name) == 0);
      }

    /* Administrators are not limited by assignments. */
    ea_test_exec (store, "INSERT INTO user_facilities (user_id, facility_id) "
                           "SELECT id, 1 FROM users WHERE login = 'admin'", &error);
    admin = ea_session_login (store, "admin", EA_DEMO_PASSWORD, &error);
    g_assert_no_error (error);
    all = ea_person_list_new (admin, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==,
                     ea_test_query_int (store, "SELECT count(*) FROM persons"));
  }
  g_assert_false (ea_housing_unblock_bed (admin, other_bed, "kein Datum", &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);

  ea_test_exec (store, "DELETE FROM user_facilities", NULL);
}

/* Issue "The window": the audit log's details in words, days as
 * DD.MM.YYYY; what has no known form stays as it was (C locale here:
 * the English words; the Protokoll page shows them in German). */
static void
test_audit_details_in_words (void)
{
  static const struct {
    const char *action, *object_type, *detail, *words;
  } cases[] = {
    { "check-in", "stay", "2026-11-23", "23.11.2026" },
    { "block", "bed", "damage", "Damage" },
    { "create", "person", "import", "from an import" },
    { "verify", "audit-log", "ok", "the chain is unbroken" },
    { "import", "import-run",
      "message 41: 5 new, 0 changed, 2 unchanged, 0 cancelled, 1 rejected, 3 to review",
      "message 41: 5 new, 0 changed, 2 unchanged, 0 cancelled, 1 rejected, 3 to review" },
    { "remove-orphans", "database", "2 files", "2 files removed" },
    { "generate", "demo", "seed=1 persons=2500 facilities=24 beds=2900",
      "2500 persons, 24 facilities, 2900 beds (seed 1)" },
    { "export", "flueag-report", "Nachmeldung 2026-10: 12 persons", "late report 10.2026: 12 persons" },
    { "change", "setting", "min_area_per_person=7.5", "Minimum area per person (m²): 7,5" },
    { "search", "person", "ahmadi 1990", "ahmadi 1990" },
    { "check-in", "stay", "2026-02-31", "2026-02-31" },
    { "import", "import-run", "message 41: 5 new", "message 41: 5 new" },
    { "create", "person", NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = ea_audit_describe_detail (cases[i].action, cases[i].object_type,
                                                         cases[i].detail);

      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ea_test_pin_clock (EA_TEST_NOW);
  store = ea_test_new_demo (1, 300, 4, "2026-11-23");

  g_test_add_func ("/rights/matrix", test_matrix);
  g_test_add_func ("/rights/audit-details-in-words", test_audit_details_in_words);
  g_test_add_func ("/rights/facility-scope", test_facility_scope);

  ret = g_test_run ();
  g_clear_object (&store);
  return ret;
}
