/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <glib/gstdio.h>

#include "eakte-core.h"
#include "ea-accounts-private.h"
#include "ea-reports-xlsx-private.h"
#include "ea-store-private.h"
#include "ea-test-util.h"

/* The housing stock from a spreadsheet list (ea-housing-list.c): into an
 * empty office, with wrong lines, again, changed, against a stay, and
 * out and in again as CSV and XLSX. */

static EaStore *store;
static EaSession *housing;
static char *dir;

#define HEADINGS "Unterkunft;Gemeinde;Art;Bereich;Raum;m²;Plätze;Belegungsregel;" \
                 "Barrierefrei;Betten"
#define GU "GU Lindenstraße;Teststadt;Gemeinschaftsunterkunft;"

/* A list as the export writes it: BOM, semicolons, CRLF. */
static const char *const first_list[] = {
  HEADINGS,
  GU "Erdgeschoss;0.01;21;3;Männer;nein;A, B, C",
  GU "Erdgeschoss;0.02;18,5;2;Frauen;ja;A, B",
  GU "1. OG;1.01;28;4;Familie;nein;A, B, C, D",
  "Wohnung Am Markt 3;Nachbarort;Wohnung;Wohnung;Küche-Zimmer;30;4;alle;ja;1, 2, 3, 4",
  NULL,
};

static char *
list_text (const char *const *lines)
{
  g_autofree char *joined = g_strjoinv ("\r\n", (char **) lines);

  return g_strconcat ("\xef\xbb\xbf", joined, "\r\n", NULL);
}

static char *
write_list (const char        *name,
            const char *const *lines)
{
  g_autofree char *text = list_text (lines);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static EaSession *
new_office (EaStore **office)
{
  g_autoptr(GError) error = NULL;
  EaSession *session;
  gint64 admin;

  *office = ea_test_new_store ("08315000");
  admin = ea_test_query_int (*office, "SELECT id FROM users WHERE login = 'admin'");
  g_assert_cmpint (_ea_accounts_create_user (*office, admin, "verwaltung", "Verwaltung",
                                             "geheim123", "housing", &error), >, 0);
  g_assert_no_error (error);
  session = ea_session_login (*office, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
  return session;
}

static void
setup (void)
{
  dir = ea_test_dir_make_tmp ();
  housing = new_office (&store);
}

static void
teardown (void)
{
  g_clear_object (&housing);
  g_clear_object (&store);
  g_clear_pointer (&dir, g_free);
}

static EaHousingListResult *
import (EaSession  *session,
        const char *path,
        gboolean    dry_run)
{
  g_autoptr(GError) error = NULL;
  EaHousingListResult *result = ea_housing_list_import (session, path, dry_run, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
assert_counts (EaHousingListResult *result,
               guint                facilities,
               guint                units,
               guint                rooms,
               guint                beds,
               guint                changed,
               guint                closed)
{
  for (guint i = 0; i < result->problems->len; i++)
    {
      EaHousingListProblem *p = g_ptr_array_index (result->problems, i);

      g_test_message ("line %u, %s: %s", p->line, p->column, p->message);
    }
  g_assert_cmpuint (result->problems->len, ==, 0);
  g_assert_cmpuint (result->facilities_new, ==, facilities);
  g_assert_cmpuint (result->units_new, ==, units);
  g_assert_cmpuint (result->rooms_new, ==, rooms);
  g_assert_cmpuint (result->beds_new, ==, beds);
  g_assert_cmpuint (result->changed, ==, changed);
  g_assert_cmpuint (result->closed, ==, closed);
}

static void
assert_problem (EaHousingListResult *result,
                guint                index,
                guint                line,
                const char          *column,
                const char          *message)
{
  EaHousingListProblem *p;

  g_assert_cmpuint (index, <, result->problems->len);
  p = g_ptr_array_index (result->problems, index);
  g_assert_cmpuint (p->line, ==, line);
  g_assert_cmpstr (p->column, ==, column);
  g_assert_cmpstr (p->message, ==, message);
}

static int
count (const char *sql)
{
  return ea_test_query_int (store, sql);
}

static char *
export (EaSession  *session,
        const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (ea_list_export_housing (session, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
assert_file_is (const char        *path,
                const char *const *lines)
{
  g_autofree char *text = NULL;
  g_autofree char *expected = list_text (lines);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

static void
import_first_list (void)
{
  g_autofree char *path = write_list ("first.csv", first_list);
  g_autoptr(EaHousingListResult) result = import (housing, path, FALSE);

  assert_counts (result, 2, 3, 4, 13, 0, 0);
  g_assert_cmpuint (result->lines, ==, 4);
}

/* Into an empty office: everything as the list says, one audit entry
 * with the counts besides those of each new thing. */
static void
test_import (void)
{
  g_autofree char *before = NULL;
  g_autofree char *dry = NULL;
  g_autofree char *path = NULL;

  setup ();
  path = write_list ("first.csv", first_list);
  before = ea_test_dump_tables (store);
  {
    g_autoptr(EaHousingListResult) result = import (housing, path, TRUE);

    g_assert_true (result->dry_run);
    assert_counts (result, 2, 3, 4, 13, 0, 0);
  }
  dry = ea_test_dump_tables (store);
  g_assert_cmpstr (before, ==, dry);

  import_first_list ();
  g_assert_cmpint (count ("SELECT count(*) FROM facilities WHERE name = 'GU Lindenstraße' "
                          "AND kind = 'communal' AND place = 'Teststadt' AND street IS NULL"),
                   ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM facilities WHERE kind = 'flat' "
                          "AND place = 'Nachbarort'"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM rooms WHERE name = '0.02' AND area_m2 = 18.5 "
                          "AND capacity = 2 AND rule = 'women' AND barrier_free = 1"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM rooms WHERE name = '1.01' AND rule = 'family' "
                          "AND barrier_free = 0"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM units WHERE reserved_for = 'none'"), ==, 3);
  g_assert_cmpint (count ("SELECT count(*) FROM beds b JOIN rooms r ON r.id = b.room_id "
                          "WHERE r.name = 'Küche-Zimmer' AND b.label IN ('1', '2', '3', '4')"),
                   ==, 4);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'import' "
                          "AND object_type = 'housing-list' AND detail = "
                          "'2 facilities, 3 areas, 4 rooms, 13 beds new; 0 changed; 0 closed'"),
                   ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'create' "
                          "AND object_type = 'bed'"), ==, 13);
  {
    g_autofree char *shown = ea_audit_describe_detail ("import", "housing-list",
      "2 facilities, 3 areas, 4 rooms, 13 beds new; 0 changed; 0 closed");

    g_assert_cmpstr (shown, ==, "2 facilities, 3 areas, 4 rooms, 13 beds new; 0 changed; "
                                "0 closed");
  }
  teardown ();
}

/* Every wrong line is named with its column, and nothing changes, not
 * even by the right lines. */
static void
test_wrong_lines (void)
{
  static const char *const wrong[] = {
    HEADINGS,
    GU "Erdgeschoss;0.01;abc;3;Männer;nein;A, B, C",
    GU "Erdgeschoss;0.02;18,5;2;Kinder;ja;A, B",
    GU "Erdgeschoss;0.03;14;2;Männer;nein;A, B, C",
    GU "1. OG;1.01;28;4;Familie;vielleicht;A, B, C, D",
    GU "1. OG;1.02;10;4;alle;nein;",
    "Neubau;Teststadt;Zelt;Halle;1;50;4;alle;nein;4",
    GU "Erdgeschoss;0.02;18;2;Frauen;ja;A, B",
    NULL,
  };
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(EaHousingListResult) result = NULL;

  setup ();
  path = write_list ("wrong.csv", wrong);
  before = ea_test_dump_tables (store);
  result = import (housing, path, FALSE);
  after = ea_test_dump_tables (store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (result->problems->len, ==, 7);
  assert_problem (result, 0, 2, "m²", "“abc” is not a number of square metres.");
  assert_problem (result, 1, 3, "Belegungsregel",
                  "“Kinder” is not a rule; write Männer, Frauen, Familie or alle.");
  assert_problem (result, 2, 4, "Betten", "Room 0.03 has a bed for each of its 2 places already.");
  assert_problem (result, 3, 5, "Barrierefrei", "“vielleicht” is neither ja nor nein.");
  assert_problem (result, 4, 6, "Raum",
                  "Room 1.02 would have only 2,5 m² per person (minimum 7 m²).");
  assert_problem (result, 5, 7, "Art", "“Zelt” is not a kind of facility; write "
                  "Gemeinschaftsunterkunft, Wohnung or Sonstige.");
  assert_problem (result, 6, 8, "Raum", "Room 0.02 of area Erdgeschoss is on line 3 already.");

  /* A list without a needed column is named as a whole. */
  {
    static const char *const no_rule[] = {
      "Unterkunft;Gemeinde;Art;Bereich;Raum;m²;Plätze;Barrierefrei;Betten", NULL,
    };
    g_autofree char *other = write_list ("no-rule.csv", no_rule);
    g_autoptr(EaHousingListResult) refused = import (housing, other, FALSE);

    g_assert_cmpuint (refused->problems->len, ==, 1);
    assert_problem (refused, 0, 1, NULL, "The list has no column “Belegungsregel”.");
  }
  teardown ();
}

/* The same list again changes nothing and logs nothing; the export is
 * the list itself. */
static void
test_reimport (void)
{
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *exported = NULL;

  setup ();
  import_first_list ();
  before = ea_test_dump_tables (store);
  path = write_list ("again.csv", first_list);
  {
    g_autoptr(EaHousingListResult) result = import (housing, path, FALSE);

    assert_counts (result, 0, 0, 0, 0, 0, 0);
  }
  after = ea_test_dump_tables (store);
  g_assert_cmpstr (before, ==, after);
  exported = export (housing, "export.csv");
  assert_file_is (exported, first_list);
  teardown ();
}

/* A changed list changes what changed: values, a new room, a bed and a
 * room no longer listed closed; the facility not touched keeps its rooms. */
static void
test_changed_list (void)
{
  static const char *const changed[] = {
    HEADINGS,
    GU "Erdgeschoss;0.01;24;3;Männer;nein;A, B, C",
    GU "Erdgeschoss;0.02;18,5;2;alle;ja;A",
    GU "Erdgeschoss;0.03;14;2;Männer;nein;2",
    "Wohnung Am Markt 3;Neustadt;Wohnung;Wohnung;Küche-Zimmer;30;4;alle;ja;1, 2, 3, 4",
    NULL,
  };
  static const char *const exported_lines[] = {
    HEADINGS,
    GU "Erdgeschoss;0.01;24;3;Männer;nein;A, B, C",
    GU "Erdgeschoss;0.02;18,5;2;alle;ja;A",
    GU "Erdgeschoss;0.03;14;2;Männer;nein;A, B",
    "Wohnung Am Markt 3;Neustadt;Wohnung;Wohnung;Küche-Zimmer;30;4;alle;ja;1, 2, 3, 4",
    NULL,
  };
  g_autofree char *path = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  setup ();
  import_first_list ();
  path = write_list ("changed.csv", changed);
  {
    g_autoptr(EaHousingListResult) result = import (housing, path, FALSE);

    /* Rooms 0.01 and 0.02 and the flat changed; bed 0.02 B, room 1.01
     * and its four beds closed. */
    assert_counts (result, 0, 0, 1, 2, 3, 6);
  }
  g_assert_cmpint (count ("SELECT count(*) FROM rooms WHERE name = '1.01' "
                          "AND closed_on = '2026-11-23'"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM beds b JOIN rooms r ON r.id = b.room_id "
                          "WHERE r.name = '0.02' AND b.label = 'B' AND b.closed_on IS NOT NULL"),
                   ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE object_type = 'housing-list' "
                          "AND detail = '0 facilities, 0 areas, 1 rooms, 2 beds new; "
                          "3 changed; 6 closed'"), ==, 1);
  exported = export (housing, "changed-export.csv");
  assert_file_is (exported, exported_lines);

  /* Again: nothing. */
  before = ea_test_dump_tables (store);
  {
    g_autoptr(EaHousingListResult) result = import (housing, path, FALSE);

    assert_counts (result, 0, 0, 0, 0, 0, 0);
  }
  after = ea_test_dump_tables (store);
  g_assert_cmpstr (before, ==, after);
  teardown ();
}

/* A bed someone lives in is never closed: the list is refused, naming
 * the bed, and the bed stays. */
static void
test_bed_with_stay (void)
{
  static const char *const without_b[] = {
    HEADINGS,
    GU "Erdgeschoss;0.01;21;3;Männer;nein;A, C",
    GU "Erdgeschoss;0.02;18,5;2;Frauen;ja;A, B",
    GU "1. OG;1.01;28;4;Familie;nein;A, B, C, D",
    "Wohnung Am Markt 3;Nachbarort;Wohnung;Wohnung;Küche-Zimmer;30;4;alle;ja;1, 2, 3, 4",
    NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(EaHousingListResult) result = NULL;
  gint64 bed;

  setup ();
  import_first_list ();
  ea_test_exec (store,
                "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, "
                "  search_text, sort_name, created_at, created_by, platform_id) VALUES "
                "  (1, 'Ahmadi', 'Reza', '1990-01-01', 'm', 'expected', '', '', 'x', 1, 'P-1')",
                &error);
  g_assert_no_error (error);
  bed = count ("SELECT b.id FROM beds b JOIN rooms r ON r.id = b.room_id "
               "WHERE r.name = '0.01' AND b.label = 'B'");
  g_assert_cmpint (ea_housing_check_in (housing, 1, bed, "2026-11-20", &error), >, 0);
  g_assert_no_error (error);

  path = write_list ("without-b.csv", without_b);
  before = ea_test_dump_tables (store);
  result = import (housing, path, FALSE);
  after = ea_test_dump_tables (store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (result->problems->len, ==, 1);
  assert_problem (result, 0, 2, "Betten",
                  "Bed B of room 0.01 in area Erdgeschoss is not in the list, but it cannot be "
                  "closed: It is still in use on or after 23.11.2026: move the persons or "
                  "cancel the reservations first.");
  g_assert_cmpint (count ("SELECT count(*) FROM beds WHERE closed_on IS NULL"), ==, 13);
  teardown ();
}

/* A room whose places shrink below its beds is refused; a count as many
 * as a room has keeps its beds. */
static void
test_fewer_places (void)
{
  static const char *const fewer[] = {
    HEADINGS,
    GU "Erdgeschoss;0.01;21;3;Männer;nein;3",
    GU "Erdgeschoss;0.02;18,5;2;Frauen;ja;A, B",
    GU "1. OG;1.01;28;2;Familie;nein;",
    "Wohnung Am Markt 3;Nachbarort;Wohnung;Wohnung;Küche-Zimmer;30;4;alle;ja;1, 2, 3, 4",
    NULL,
  };
  g_autofree char *path = NULL;
  g_autoptr(EaHousingListResult) result = NULL;

  setup ();
  import_first_list ();
  path = write_list ("fewer.csv", fewer);
  result = import (housing, path, FALSE);
  g_assert_cmpuint (result->problems->len, ==, 1);
  assert_problem (result, 0, 4, "Betten", "Room 1.01 has 2 places but 4 beds.");
  g_assert_cmpint (count ("SELECT capacity FROM rooms WHERE name = '1.01'"), ==, 4);
  teardown ();
}

/* Out as XLSX and into another office: the same stock, whose export is
 * the list it began with. */
static void
test_xlsx_round_trip (void)
{
  g_autofree char *workbook = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(EaStore) other = NULL;
  g_autoptr(EaSession) other_housing = NULL;

  setup ();
  import_first_list ();
  workbook = export (housing, "stock.xlsx");
  before = ea_test_dump_tables (store);
  {
    g_autoptr(EaHousingListResult) result = import (housing, workbook, FALSE);

    assert_counts (result, 0, 0, 0, 0, 0, 0);
  }
  after = ea_test_dump_tables (store);
  g_assert_cmpstr (before, ==, after);

  other_housing = new_office (&other);
  {
    g_autoptr(EaHousingListResult) result = import (other_housing, workbook, FALSE);

    assert_counts (result, 2, 3, 4, 13, 0, 0);
  }
  exported = export (other_housing, "other.csv");
  assert_file_is (exported, first_list);
  g_clear_object (&other_housing);
  teardown ();
}

/* Who may not change the housing may not import it; export needs only
 * the occupancy. */
static void
test_rights (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(EaSession) social = NULL;
  gint64 admin;

  setup ();
  admin = count ("SELECT id FROM users WHERE login = 'admin'");
  g_assert_cmpint (_ea_accounts_create_user (store, admin, "sozial", "Sozial", "geheim123",
                                             "social", &error), >, 0);
  social = ea_session_login (store, "sozial", "geheim123", &error);
  g_assert_no_error (error);
  path = write_list ("first.csv", first_list);
  g_assert_null (ea_housing_list_import (social, path, FALSE, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  teardown ();
}

/* The template an office starts from imports as it is. */
static void
test_template (void)
{
  g_autofree char *template = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                      "unterkuenfte-vorlage.csv", NULL);
  g_autoptr(EaHousingListResult) result = NULL;

  setup ();
  result = import (housing, template, FALSE);
  /* 1.01 counts four beds, 1.02 has one a place. */
  assert_counts (result, 2, 3, 5, 15, 0, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM beds b JOIN rooms r ON r.id = b.room_id "
                          "WHERE r.name IN ('1.01', '1.02') AND b.label IN ('A', 'B', 'C', 'D')"),
                   ==, 6);
  teardown ();
}

/* What an attacker or a careless list brings (found by an attack on the
 * import): an empty sheet, labels with commas in a comma-separated list,
 * names that begin like a formula, a bed labelled with a number, and a
 * file of nothing but wrong lines. */
static void
test_awkward_lists (void)
{
  static const char *const formulas[] = {
    HEADINGS,
    "=Haus;Teststadt;Gemeinschaftsunterkunft;-1 UG;-0.05;21;3;Männer;nein;A, B, C",
    "=Haus;Teststadt;Gemeinschaftsunterkunft;-1 UG;+0.06;21;1;alle;nein;3,",
    NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *commas = NULL;
  g_autofree char *named = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GString) wrong = g_string_new (HEADINGS "\n");

  setup ();
  import_first_list ();
  before = ea_test_dump_tables (store);

  /* A workbook whose first sheet is empty: refused, no crash. */
  empty = g_build_filename (dir, "leer.xlsx", NULL);
  {
    lxw_workbook *book = _ea_xlsx_create (empty, &error);

    g_assert_no_error (error);
    workbook_add_worksheet (book, NULL);
    g_assert_true (_ea_xlsx_close (book, empty, &error));
    g_assert_no_error (error);
  }
  g_assert_null (ea_housing_list_import (housing, empty, FALSE, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);

  /* Commas as separators and in the labels: the line is named, not cut. */
  commas = g_build_filename (dir, "kommas.csv", NULL);
  g_assert_true (g_file_set_contents (commas,
    "Unterkunft,Gemeinde,Art,Bereich,Raum,m²,Plätze,Belegungsregel,Barrierefrei,Betten\n"
    "GU Lindenstraße,Teststadt,Gemeinschaftsunterkunft,Erdgeschoss,0.01,21,3,Männer,nein,A, B, C\n",
    -1, NULL));
  {
    g_autoptr(EaHousingListResult) result = import (housing, commas, FALSE);

    g_assert_cmpuint (result->problems->len, ==, 1);
    g_assert_cmpuint (((EaHousingListProblem *) g_ptr_array_index (result->problems, 0))->line,
                      ==, 2);
  }
  {
    g_autofree char *after = ea_test_dump_tables (store);

    g_assert_cmpstr (after, ==, before);
  }

  /* Nothing but wrong lines: the first hundred are named, then one more
   * says that more follow. */
  for (guint i = 0; i < 150; i++)
    g_string_append_printf (wrong, "X;;GU;EG;%u;abc;2;alle;nein;\n", i);
  named = g_build_filename (dir, "falsch.csv", NULL);
  g_assert_true (g_file_set_contents (named, wrong->str, -1, NULL));
  {
    g_autoptr(EaHousingListResult) result = import (housing, named, TRUE);

    g_assert_cmpuint (result->problems->len, ==, EA_HOUSING_LIST_MAX_PROBLEMS + 1);
    g_assert_cmpuint (((EaHousingListProblem *) g_ptr_array_index (
                         result->problems, EA_HOUSING_LIST_MAX_PROBLEMS))->line, ==, 0);
  }
  teardown ();

  /* Names that begin like a formula, and a bed labelled 3, come back as
   * they were: exported and imported again, nothing changes. */
  setup ();
  g_clear_pointer (&named, g_free);
  named = write_list ("formeln.csv", formulas);
  {
    g_autoptr(EaHousingListResult) result = import (housing, named, FALSE);

    assert_counts (result, 1, 1, 2, 4, 0, 0);
  }
  g_assert_cmpint (count ("SELECT count (*) FROM beds WHERE label = '3'"), ==, 1);
  exported = export (housing, "formeln-export.csv");
  {
    g_autoptr(EaHousingListResult) result = import (housing, exported, FALSE);

    assert_counts (result, 0, 0, 0, 0, 0, 0);
  }
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ea_test_pin_clock (EA_TEST_NOW);

  g_test_add_func ("/housing-list/import", test_import);
  g_test_add_func ("/housing-list/wrong-lines", test_wrong_lines);
  g_test_add_func ("/housing-list/reimport", test_reimport);
  g_test_add_func ("/housing-list/changed", test_changed_list);
  g_test_add_func ("/housing-list/bed-with-stay", test_bed_with_stay);
  g_test_add_func ("/housing-list/fewer-places", test_fewer_places);
  g_test_add_func ("/housing-list/xlsx-round-trip", test_xlsx_round_trip);
  g_test_add_func ("/housing-list/rights", test_rights);
  g_test_add_func ("/housing-list/template", test_template);
  g_test_add_func ("/housing-list/awkward-lists", test_awkward_lists);

  return g_test_run ();
}
