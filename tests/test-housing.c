/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>

#include "eakte-core.h"
#include "ea-rules-private.h"
#include "ea-accounts-private.h"
#include "ea-store-private.h"
#include "ea-test-util.h"

/* poppler-glib 22.12 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* The housing rules on a small district built by hand, so each rule can be
 * broken on purpose and its message checked. */

static EaStore *store;
static EaSession *housing;

static const char district[] =
  "INSERT INTO facilities (id, name, kind, created_at, created_by) VALUES "
  "  (1, 'GU Teststadt', 'communal', 'x', 1);"
  "INSERT INTO units (id, facility_id, name, reserved_for) VALUES "
  "  (1, 1, 'Erdgeschoss', 'none'), (2, 1, '2. OG', 'women'), (3, 1, '1. OG', 'families');"
  /* room id, unit, name, area, capacity, rule, barrier-free */
  "INSERT INTO rooms (id, unit_id, name, area_m2, capacity, rule, barrier_free) VALUES "
  "  (1, 1, '1.01', 21, 2, 'men', 0),"
  "  (2, 2, '2.14', 14, 2, 'women', 0),"
  "  (3, 1, '1.03', 26, 5, 'any', 1),"
  "  (4, 3, '1.10', 28, 4, 'family', 0),"
  "  (5, 1, '0.05', 16, 2, 'family', 0),"
  "  (6, 2, '2.20', 14, 2, 'any', 0),"
  "  (7, 3, '1.20', 14, 2, 'any', 0);"
  "INSERT INTO beds (id, room_id, label) VALUES "
  "  (1, 1, 'A'), (2, 1, 'B'), (3, 1, 'C'), (4, 2, 'A'), (5, 2, 'B'),"
  "  (6, 3, 'A'), (7, 3, 'B'), (8, 3, 'C'), (9, 3, 'D'), (10, 3, 'E'),"
  "  (11, 4, 'A'), (12, 4, 'B'), (13, 4, 'C'), (14, 4, 'D'), (15, 5, 'A'), (16, 5, 'B'),"
  "  (17, 6, 'A'), (18, 6, 'B'), (19, 7, 'A'), (20, 7, 'B');"
  /* persons: id, name, birth, gender */
  "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, search_text, "
  "  sort_name, created_at, created_by, platform_id) VALUES "
  "  (1, 'Ahmadi', 'Reza', '1990-01-01', 'm', 'expected', '', '', 'x', 1, 'P-1'),"
  "  (2, 'Haddad', 'Amina', '1995-03-00', 'w', 'expected', '', '', 'x', 1, 'P-2'),"
  "  (3, 'Noori', 'Omar', '1980-00-00', 'm', 'expected', '', '', 'x', 1, 'P-3'),"
  "  (4, 'Kaya', 'Rania', '1988-05-05', 'w', 'expected', '', '', 'x', 1, 'P-4'),"
  "  (5, 'Kaya', 'Lina', '2018-07-00', 'w', 'expected', '', '', 'x', 1, 'P-5'),"
  "  (6, 'Sultani', 'Farid', '2001-00-00', 'm', 'expected', '', '', 'x', 1, 'P-6'),"
  "  (7, 'Abdi', 'Liban', '2010-02-02', 'm', 'expected', '', '', 'x', 1, 'P-7'),"
  "  (8, 'Okafor', 'Emeka', '1985-08-08', 'm', 'expected', '', '', 'x', 1, 'P-8'),"
  "  (9, 'Beridze', 'Giorgi', '1992-09-09', 'm', 'expected', '', '', 'x', 1, 'P-9'),"
  "  (10, 'Tesfay', 'Yonas', '1993-10-10', 'm', 'expected', '', '', 'x', 1, 'P-10');"
  "INSERT INTO households (id, created_at, created_by) VALUES "
  "  (1, 'x', 1), (2, 'x', 1), (3, 'x', 1), (4, 'x', 1), (5, 'x', 1), (6, 'x', 1),"
  "  (7, 'x', 1), (8, 'x', 1), (9, 'x', 1);"
  "INSERT INTO household_members (household_id, person_id, role) VALUES "
  "  (1, 1, 'bezugsperson'), (2, 2, 'bezugsperson'), (3, 3, 'bezugsperson'),"
  "  (4, 4, 'bezugsperson'), (4, 5, 'kind'), (5, 6, 'bezugsperson'), (6, 7, 'bezugsperson'),"
  "  (7, 8, 'bezugsperson'), (8, 9, 'bezugsperson'), (9, 10, 'bezugsperson');"
  "INSERT INTO person_vulnerabilities (person_id, code) VALUES (3, 'rollstuhl'), (7, 'uma');"
  "INSERT INTO keep_apart (person_a, person_b, reason, created_at, created_by) VALUES "
  "  (1, 8, 'Streit', 'x', 1);";

/* Takes the error by address: the call that sets it is another argument,
 * and C does not say which argument is evaluated first. */
static void
refused (gint64       result,
         GError     **error,
         EaError      code,
         const char  *message)
{
  g_assert_cmpint (result, ==, 0);
  g_assert_error (*error, EA_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr ((*error)->message, ==, message);
  g_clear_error (error);
}

#define CHECK_IN_REFUSED(person, bed, date, message) G_STMT_START { \
    GError *e = NULL; \
    refused (ea_housing_check_in (housing, person, bed, date, &e), &e, EA_ERROR_RULE, message); \
  } G_STMT_END

static gint64
check_in (gint64      person,
          gint64      bed,
          const char *date)
{
  g_autoptr(GError) error = NULL;
  gint64 stay = ea_housing_check_in (housing, person, bed, date, &error);

  g_assert_no_error (error);
  g_assert_cmpint (stay, >, 0);
  return stay;
}

static int
count (const char *sql)
{
  return ea_test_query_int (store, sql);
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  gint64 admin;

  store = ea_test_new_store ("08315000");
  admin = ea_test_query_int (store, "SELECT id FROM users WHERE login = 'admin'");
  g_assert_cmpint (_ea_accounts_create_user (store, admin, "verwaltung", "Verwaltung", "geheim123",
                                             "housing", &error), >, 0);
  g_assert_cmpint (_ea_accounts_create_user (store, admin, "sozial", "Sozial", "geheim123",
                                             "social", &error), >, 0);
  g_assert_no_error (error);
  ea_test_exec (store, district, &error);
  g_assert_no_error (error);
  housing = ea_session_login (store, "verwaltung", "geheim123", &error);
  g_assert_no_error (error);
}

static void
teardown (void)
{
  g_clear_object (&housing);
  g_clear_object (&store);
}

static void
test_rules (void)
{
  GError *error = NULL;

  setup ();

  /* Each hard rule, refused with its name. */
  CHECK_IN_REFUSED (1, 4, "2026-01-10", "Room 2.14 is a women's room.");
  CHECK_IN_REFUSED (2, 1, "2026-01-10", "Room 1.01 is a men's room.");
  CHECK_IN_REFUSED (7, 6, "2026-01-10",
                    "Unaccompanied minors are not housed in shared accommodation: "
                    "the youth office is responsible.");
  CHECK_IN_REFUSED (3, 1, "2026-01-10",
                    "Room 1.01 is not barrier-free, and the person needs a wheelchair.");
  CHECK_IN_REFUSED (1, 17, "2026-01-10", "Area 2. OG is reserved for women.");
  CHECK_IN_REFUSED (6, 19, "2026-01-10", "Area 1. OG is reserved for families.");

  /* A family room holds one household; a child goes with its mother into
   * the women's area. */
  check_in (4, 11, "2026-01-10");
  CHECK_IN_REFUSED (2, 12, "2026-01-10",
                    "Room 1.10 is a family room and is used by another household.");
  check_in (5, 12, "2026-01-10");
  check_in (3, 6, "2026-01-10");

  /* Capacity below the number of beds, and the minimum area. */
  check_in (1, 1, "2026-01-10");
  check_in (6, 2, "2026-01-10");
  CHECK_IN_REFUSED (9, 3, "2026-01-10", "Room 1.01 is full (2 of 2 places taken).");
  check_in (9, 7, "2026-01-10");
  check_in (10, 8, "2026-01-10");
  CHECK_IN_REFUSED (8, 9, "2026-01-10",
                    "Room 1.03 would have only 6,5 m² per person (minimum 7 m²).");
  /* Room 1.03 is a room for anyone, and men sleep there: no woman of
   * another household. */
  CHECK_IN_REFUSED (2, 9, "2026-01-10",
                    "Room 1.03 is a bedroom of another gender: women and men share one only "
                    "as one household.");

  /* The keep-apart note, an occupied bed, a person housed already. */
  g_assert_true (ea_housing_move (housing, 1, 9, "2026-02-01", NULL, &error) == 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  CHECK_IN_REFUSED (8, 10, "2026-01-10", NULL);
  CHECK_IN_REFUSED (8, 1, "2026-01-10", "Bed A in room 1.01 is occupied on or after 10.01.2026.");
  CHECK_IN_REFUSED (1, 16, "2026-01-10",
                    "The person already has a bed on 10.01.2026; move the person instead.");

  /* Unknown beds and persons, bad dates, missing rights. */
  refused (ea_housing_check_in (housing, 2, 999, NULL, &error), &error, EA_ERROR_NOT_FOUND, NULL);
  refused (ea_housing_check_in (housing, 999, 16, NULL, &error), &error, EA_ERROR_NOT_FOUND, NULL);
  refused (ea_housing_check_in (housing, 2, 16, "31.02.2026", &error), &error, EA_ERROR_INVALID,
           NULL);
  {
    g_autoptr(EaSession) social = ea_session_login (store, "sozial", "geheim123", &error);
    g_assert_no_error (error);
    refused (ea_housing_check_in (social, 2, 16, NULL, &error), &error, EA_ERROR_PERMISSION, NULL);
    }

  /* Nothing refused was written. */
  g_assert_cmpint (count ("SELECT count(*) FROM stays"), ==, 7);
  g_assert_cmpint (count ("SELECT count(*) FROM persons WHERE status = 'present'"), ==, 7);

  teardown ();
}

static void
test_keep_apart_and_block (void)
{
  GError *error = NULL;
  gint64 block;

  setup ();
  check_in (1, 6, "2026-01-10");
  CHECK_IN_REFUSED (8, 7, "2026-01-10",
                    "A keep-apart note forbids housing the person in room 1.03.");
  /* Elsewhere the same person is welcome. */
  check_in (8, 1, "2026-01-10");

  block = ea_housing_block_bed (housing, 16, "damage", "Wasserschaden", "2026-01-05", NULL,
                                &error);
  g_assert_no_error (error);
  g_assert_cmpint (block, >, 0);
  CHECK_IN_REFUSED (2, 16, "2026-01-10", "Bed B in room 0.05 is blocked from 05.01.2026.");
  g_assert_cmpint (ea_housing_bed_status (housing, 16, "2026-01-10", NULL), ==, EA_BED_BLOCKED);
  g_assert_cmpint (ea_housing_bed_status (housing, 16, "2026-01-01", NULL), ==, EA_BED_FREE);

  /* An occupied bed cannot be blocked; an unknown reason is bad input. */
  refused (ea_housing_block_bed (housing, 1, "damage", NULL, "2026-02-01", NULL, &error), &error,
           EA_ERROR_RULE, NULL);
  refused (ea_housing_block_bed (housing, 15, "kaputt", NULL, NULL, NULL, &error), &error,
           EA_ERROR_INVALID, NULL);

  g_assert_true (ea_housing_unblock_bed (housing, 16, "2026-01-20", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_bed_status (housing, 16, "2026-01-19", NULL), ==, EA_BED_BLOCKED);
  g_assert_cmpint (ea_housing_bed_status (housing, 16, "2026-01-20", NULL), ==, EA_BED_FREE);
  check_in (2, 16, "2026-01-20");
  g_assert_false (ea_housing_unblock_bed (housing, 16, "2026-01-21", &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);

  teardown ();
}

static void
test_moves_keep_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mates = NULL;
  g_autoptr(GListModel) january = NULL;
  g_autoptr(GListModel) march = NULL;
  EaOccupancyTotals jan, mar;
  gint64 old_stay = 0, new_stay, out;

  setup ();
  check_in (1, 1, "2026-01-10");
  check_in (6, 2, "2026-01-15");

  /* A move refused by a rule changes nothing. */
  g_assert_cmpint (ea_housing_move (housing, 1, 4, "2026-02-01", NULL, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count(*) FROM stays WHERE person_id = 1 AND until_date IS NULL "
                          "AND bed_id = 1"), ==, 1);

  /* Issue "Nothing lost", 7: a move is recorded on its day, not before
   * it comes (a bed is reserved for that); nothing changes. */
  {
    g_autofree char *today = ea_clock_today ();
    g_autofree char *tomorrow = ea_date_add_days (today, 1);
    int stays = count ("SELECT count(*) FROM stays");
    int audit = count ("SELECT count(*) FROM audit_log");

    g_assert_cmpint (ea_housing_move (housing, 1, 6, tomorrow, NULL, &error), ==, 0);
    g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "future"));
    g_clear_error (&error);
    g_assert_cmpint (count ("SELECT count(*) FROM stays"), ==, stays);
    g_assert_cmpint (count ("SELECT count(*) FROM audit_log"), ==, audit);
    g_assert_cmpint (count ("SELECT count(*) FROM stays WHERE person_id = 1 AND "
                            "until_date IS NULL AND bed_id = 1"), ==, 1);
  }

  new_stay = ea_housing_move (housing, 1, 6, "2026-02-01", &old_stay, &error);
  g_assert_no_error (error);
  g_assert_cmpint (new_stay, >, old_stay);
  g_assert_cmpint (count ("SELECT count(*) FROM stays WHERE person_id = 1"), ==, 2);
  g_assert_cmpint (count ("SELECT count(*) FROM stays WHERE person_id = 1 AND bed_id = 1 "
                          "AND from_date = '2026-01-10' AND until_date = '2026-02-01'"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM stays WHERE person_id = 1 AND bed_id = 6 "
                          "AND from_date = '2026-02-01' AND until_date IS NULL"), ==, 1);

  out = ea_housing_check_out (housing, 6, "2026-03-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (out, >, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM persons WHERE id = 6 AND status = 'left' "
                          "AND left_on = '2026-03-01'"), ==, 1);
  g_assert_cmpint (ea_housing_check_out (housing, 6, "2026-03-05", &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);

  /* The occupancy of a past day follows the history. */
  january = ea_occupancy_list (housing, "2026-01-20", &error);
  march = ea_occupancy_list (housing, "2026-03-02", &error);
  g_assert_no_error (error);
  ea_occupancy_sum (january, &jan);
  ea_occupancy_sum (march, &mar);
  g_assert_cmpuint (jan.occupied, ==, 2);
  g_assert_cmpuint (mar.occupied, ==, 1);
  g_assert_cmpuint (jan.capacity, ==, 20);
  /* Room 1.03 is barrier-free: five beds, Reza Ahmadi in one of them. */
  {
    guint free_barrier_free = 0;

    for (guint i = 0; i < g_list_model_get_n_items (march); i++)
      {
        g_autoptr(EaOccupancy) item = g_list_model_get_item (march, i);

        free_barrier_free += ea_occupancy_get_free_barrier_free (item);
      }
    g_assert_cmpuint (free_barrier_free, ==, 4);
  }

  /* Who shared a room with Reza Ahmadi, and when: Farid Sultani in 1.01
   * from his arrival until Reza moved out of the room. */
  mates = ea_housing_roommates (housing, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mates->len, ==, 1);
  {
    EaRoommate *mate = g_ptr_array_index (mates, 0);
    g_assert_cmpint (mate->person_id, ==, 6);
    g_assert_cmpstr (mate->room, ==, "1.01");
    g_assert_cmpstr (mate->from, ==, "2026-01-15");
    g_assert_cmpstr (mate->until, ==, "2026-02-01");
  }

  teardown ();
}

/* A check-out finds the stay that still runs: never one that ended on the
 * day already, which would mark as gone a person checked in again. */
static void
test_check_out_once (void)
{
  g_autoptr(GError) error = NULL;
  int entries;

  setup ();
  check_in (1, 1, "2026-11-20");
  g_assert_cmpint (ea_housing_check_out (housing, 1, "2026-11-23", &error), >, 0);
  g_assert_no_error (error);
  check_in (1, 2, "2026-11-23");
  entries = count ("SELECT count (*) FROM audit_log");

  /* Leaving on the day of arrival: refused, with what to do instead. */
  g_assert_cmpint (ea_housing_check_out (housing, 1, "2026-11-23", &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_assert_nonnull (strstr (error->message, "checked in on 23.11.2026"));
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count (*) FROM persons WHERE id = 1 AND status = 'present' "
                          "AND left_on IS NULL"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM stays WHERE person_id = 1 AND bed_id = 2 "
                          "AND until_date IS NULL"), ==, 1);
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log"), ==, entries);

  /* Leaving twice on one day: the second is refused and writes nothing. */
  check_in (4, 4, "2026-11-20");
  g_assert_cmpint (ea_housing_check_out (housing, 4, "2026-11-23", &error), >, 0);
  g_assert_no_error (error);
  entries = count ("SELECT count (*) FROM audit_log");
  g_assert_cmpint (ea_housing_check_out (housing, 4, "2026-11-23", &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_assert_nonnull (strstr (error->message, "no bed to leave"));
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log"), ==, entries);
  teardown ();
}

static void
test_reservations (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  EaOccupancyTotals totals;
  gint64 reservation, stay;

  setup ();
  reservation = ea_housing_reserve (housing, 2, 15, "2026-04-01", "2026-04-10", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_bed_status (housing, 15, "2026-04-05", NULL), ==, EA_BED_RESERVED);
  list = ea_occupancy_list (housing, "2026-04-05", &error);
  ea_occupancy_sum (list, &totals);
  g_assert_cmpuint (totals.reserved, ==, 1);

  /* Held for someone else; the rules hold for reservations too. */
  refused (ea_housing_check_in (housing, 6, 15, "2026-04-05", &error), &error, EA_ERROR_RESERVED,
           "Bed A in room 0.05 is reserved from 01.04.2026 for Haddad, Amina. Cancel that "
           "reservation to use the bed.");
  g_assert_cmpint (ea_housing_reserve (housing, 1, 4, "2026-04-01", "2026-04-10", &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);

  /* The reservation turns into the stay at check-in. */
  stay = check_in (2, 15, "2026-04-05");
  g_assert_cmpint (count ("SELECT count(*) FROM reservations WHERE state = 'fulfilled'"), ==, 1);
  g_assert_cmpint (ea_test_query_int (store, "SELECT stay_id FROM reservations"), ==, stay);

  /* Without an end, the hold lasts until three days after the planned
   * arrival. */
  ea_test_exec (store, "UPDATE persons SET expected_on = '2026-06-10' WHERE id = 1", NULL);
  g_assert_cmpint (ea_housing_reserve (housing, 1, 3, "2026-06-01", NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM reservations WHERE person_id = 1 "
                          "AND until_date = '2026-06-13'"), ==, 1);

  /* A second reservation for the person replaces the first only when the
   * user says so; until then it names the bed held, and nothing changes. */
  g_assert_cmpint (ea_housing_reserve (housing, 1, 2, "2026-06-02", NULL, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_REPLACES);
  g_assert_cmpint (ea_place_flag_for_error (error), ==, EA_PLACE_REPLACE_RESERVATION);
  g_assert_nonnull (strstr (error->message, "GU Teststadt, room 1.01, bed C, 01.06.2026 to 13.06.2026"));
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count(*) FROM reservations WHERE person_id = 1 "
                          "AND state = 'active' AND bed_id = 3"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM reservations WHERE person_id = 1"), ==, 1);
  g_assert_cmpint (ea_housing_reserve_full (housing, 1, 2, "2026-06-02", NULL,
                                            EA_PLACE_REPLACE_RESERVATION, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM reservations WHERE person_id = 1 "
                          "AND state = 'active' AND bed_id = 2"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM reservations WHERE person_id = 1 "
                          "AND state = 'cancelled' AND bed_id = 3"), ==, 1);
  g_assert_cmpint (ea_housing_reserve_full (housing, 1, 3, "2026-06-01", NULL,
                                            EA_PLACE_REPLACE_RESERVATION, &error), >, 0);
  g_assert_no_error (error);

  /* Checked in elsewhere: the held bed is released. */
  reservation = ea_housing_reserve (housing, 6, 1, "2026-04-01", "2026-04-10", &error);
  g_assert_no_error (error);
  check_in (6, 2, "2026-04-05");
  g_assert_cmpint (count ("SELECT count(*) FROM reservations WHERE state = 'cancelled' "
                          "AND person_id = 6"), ==, 1);
  g_assert_cmpint (ea_housing_bed_status (housing, 1, "2026-04-06", NULL), ==, EA_BED_FREE);
  g_assert_false (ea_housing_cancel_reservation (housing, reservation, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_NOT_FOUND);

  teardown ();
}

/* The check a chooser makes before a person is placed gives what the
 * change itself would: the same refusal in the same words, the same
 * questions, and it changes nothing. */
#define PLACING_REFUSED(person, bed, date, reserve, code, message) G_STMT_START { \
    GError *e = NULL; \
    refused (ea_housing_check_placing (housing, person, bed, date, reserve, &e), &e, code, \
             message); \
  } G_STMT_END

static void
test_check_placing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPersonList) list = NULL;
  g_autoptr(EaPerson) first = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(EaSession) social = NULL;

  setup ();
  social = ea_session_login (store, "sozial", "geheim123", &error);
  g_assert_no_error (error);
  check_in (1, 1, "2026-01-10");
  g_assert_cmpint (ea_housing_reserve (housing, 4, 11, "2026-01-12", "2026-01-20", &error), >, 0);
  g_assert_no_error (error);
  before = ea_test_dump_tables (store);

  PLACING_REFUSED (2, 2, "2026-01-10", FALSE, EA_ERROR_RULE, "Room 1.01 is a men's room.");
  PLACING_REFUSED (1, 4, "2026-01-10", TRUE, EA_ERROR_RULE, "Room 2.14 is a women's room.");
  PLACING_REFUSED (3, 2, "2026-01-10", FALSE, EA_ERROR_RULE,
                   "Room 1.01 is not barrier-free, and the person needs a wheelchair.");
  PLACING_REFUSED (8, 2, "2026-01-10", FALSE, EA_ERROR_RULE, NULL);
  PLACING_REFUSED (1, 16, "2026-01-10", FALSE, EA_ERROR_RULE,
                   "The person already has a bed on 10.01.2026; move the person instead.");
  PLACING_REFUSED (6, 1, "2026-01-10", FALSE, EA_ERROR_RULE,
                   "Bed A in room 1.01 is occupied on or after 10.01.2026.");
  /* What a user may confirm is a question, not a refusal. */
  PLACING_REFUSED (6, 11, "2026-01-14", FALSE, EA_ERROR_RESERVED, NULL);
  PLACING_REFUSED (4, 12, "2026-02-01", TRUE, EA_ERROR_REPLACES, NULL);
  /* Bad days and rights as the change says them. */
  PLACING_REFUSED (2, 4, "31.02.2026", FALSE, EA_ERROR_INVALID, NULL);
  refused (ea_housing_check_placing (social, 2, 4, NULL, FALSE, &error), &error,
           EA_ERROR_PERMISSION, NULL);

  /* Whom the rules admit, admitted; and the checks changed nothing. */
  g_assert_true (ea_housing_check_placing (housing, 2, 4, "2026-01-10", FALSE, &error));
  g_assert_true (ea_housing_check_placing (housing, 6, 2, "2026-01-10", FALSE, &error));
  g_assert_true (ea_housing_check_placing (housing, 9, 2, "2026-01-11", TRUE, &error));
  g_assert_no_error (error);
  after = ea_test_dump_tables (store);
  g_assert_cmpstr (after, ==, before);
  /* … and the change agrees. */
  check_in (2, 4, "2026-01-10");

  /* The chooser of a facility's bed shows its expected arrivals first:
   * Kaya, Rania holds a bed there, and comes before Abdi. */
  list = ea_person_list_new (housing, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (ea_person_get_id (first), !=, 4);
  g_clear_object (&first);
  g_assert_true (ea_person_list_set_first_facility (list, 1, &error));
  g_assert_no_error (error);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (ea_person_get_id (first), ==, 4);
  g_clear_object (&first);
  g_assert_true (ea_person_list_set_first_facility (list, 2, &error));
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (ea_person_get_id (first), !=, 4);

  teardown ();
}

static void
test_undo (void)
{
  g_autoptr(GError) error = NULL;
  gint64 stay, out, old_stay = 0, moved;

  setup ();
  ea_housing_reserve (housing, 2, 15, "2026-05-01", "2026-05-10", &error);
  g_assert_no_error (error);
  stay = check_in (2, 15, "2026-05-02");
  g_assert_true (ea_housing_undo_check_in (housing, stay, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM stays"), ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM persons WHERE id = 2 AND status = 'expected'"),
                   ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM reservations WHERE state = 'active'"), ==, 1);

  stay = check_in (1, 1, "2026-05-02");
  out = ea_housing_check_out (housing, 1, "2026-05-20", &error);
  g_assert_cmpint (out, ==, stay);
  g_assert_true (ea_housing_undo_check_out (housing, out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM stays WHERE until_date IS NULL"), ==, 1);

  moved = ea_housing_move (housing, 1, 6, "2026-05-21", &old_stay, &error);
  g_assert_no_error (error);
  g_assert_true (ea_housing_undo_move (housing, old_stay, moved, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM stays WHERE person_id = 1 AND bed_id = 1 "
                          "AND until_date IS NULL"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM stays WHERE person_id = 1"), ==, 1);

  /* A second undo of the same move finds nothing to take back. */
  g_assert_false (ea_housing_undo_move (housing, old_stay, moved, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_NOT_FOUND);

  /* Every change and undo is in the audit log with its actor. */
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id "
                          "WHERE u.login = 'verwaltung' AND a.action IN ('check-in', "
                          "'undo-check-in', 'check-out', 'undo-check-out', 'move', 'undo-move', "
                          "'reserve')"), ==, 8);
  teardown ();
}

static void
test_occupancy_list_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaOccupancyDocument) document = NULL;
  g_autoptr(PopplerDocument) pdf = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autoptr(EaSession) reader = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;
  GStatBuf st;

  setup ();
  check_in (1, 1, "2026-01-10");
  check_in (4, 11, "2026-01-10");
  check_in (5, 12, "2026-01-10");
  /* A blocked bed prints why and until when, a reserved one for whom
   * and from when (issue "The window"). */
  g_assert_true (ea_test_exec (store,
    "INSERT INTO bed_blocks (bed_id, reason, from_date, until_date, created_at, created_by) "
    "VALUES (6, 'renovation', '2026-01-15', '2026-03-01', 'x', 1);"
    "INSERT INTO reservations (person_id, bed_id, from_date, created_at, created_by) "
    "VALUES (3, 7, '2026-01-20', 'x', 1);", &error));
  g_assert_no_error (error);

  document = ea_occupancy_document_new (housing, 1, "2026-02-01", &error);
  g_assert_no_error (error);
  {
    g_autofree char *dir = ea_test_dir_make_tmp ();

    path = g_build_filename (dir, "belegungsliste.pdf", NULL);
  }
  g_assert_true (ea_occupancy_document_write_pdf (document, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A real PDF with the facility, the day, the rooms and the occupants. */
  uri = g_filename_to_uri (path, NULL, &error);
  pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, 1);
  page = poppler_document_get_page (pdf, 0);
  text = poppler_page_get_text (page);
  g_assert_nonnull (strstr (text, "GU Teststadt"));
  g_assert_nonnull (strstr (text, "01.02.2026"));
  g_assert_nonnull (strstr (text, "1.01"));
  g_assert_nonnull (strstr (text, "Ahmadi, Reza"));
  g_assert_nonnull (strstr (text, "Kaya, Lina"));
  g_assert_nonnull (strstr (text, "10.01.2026"));
  g_assert_nonnull (strstr (text, "blocked: Renovierung"));
  g_assert_nonnull (strstr (text, "until 01.03.2026"));
  g_assert_nonnull (strstr (text, "reserved for Noori, Omar"));
  g_assert_nonnull (strstr (text, "from 20.01.2026"));
  g_assert_null (strstr (text, "…"));
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'export' "
                          "AND object_type = 'occupancy-list'"), ==, 1);

  /* A reader's list shows the beds' status, never a name. */
  g_clear_pointer (&document, ea_occupancy_document_free);
  g_clear_object (&page);
  g_clear_object (&pdf);
  g_clear_pointer (&text, g_free);
  {
    gint64 admin = ea_test_query_int (store, "SELECT id FROM users WHERE login = 'admin'");
    g_assert_cmpint (_ea_accounts_create_user (store, admin, "leitung", "Leitung", "geheim123",
                                               "reader", &error), >, 0);
  }
  reader = ea_session_login (store, "leitung", "geheim123", &error);
  g_assert_no_error (error);
  document = ea_occupancy_document_new (reader, 1, "2026-02-01", &error);
  g_assert_no_error (error);
  g_assert_true (ea_occupancy_document_write_pdf (document, path, &error));
  pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (pdf, 0);
  text = poppler_page_get_text (page);
  g_assert_null (strstr (text, "Ahmadi"));
  g_assert_null (strstr (text, "Noori"));
  g_assert_nonnull (strstr (text, "occupied"));
  g_assert_nonnull (strstr (text, "reserved"));

  /* Nowhere to write: a clear refusal. */
  g_assert_false (ea_occupancy_document_write_pdf (document, "/nonexistent/x.pdf", &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);

  g_unlink (path);
  teardown ();
}

static void
test_edit (void)
{
  g_autoptr(GError) error = NULL;
  EaRoomSpec spec = { "3.01", 3, 21.0, 3, "men", FALSE };
  gint64 facility, unit, room, bed;

  setup ();

  /* Bad input is named and changes nothing. */
  g_assert_cmpint (ea_housing_create_facility (housing, " ", "communal", NULL, NULL, NULL,
                                               &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The facility needs a name.");
  g_clear_error (&error);
  g_assert_cmpint (ea_housing_create_facility (housing, "Neu", "zelt", NULL, NULL, NULL,
                                               &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (ea_housing_create_facility (housing, "GU Teststadt", "communal", NULL, NULL,
                                               NULL, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count(*) FROM facilities"), ==, 1);

  facility = ea_housing_create_facility (housing, "Wohnung Gartenweg 3", "flat", "Gartenweg 3",
                                         "79379", "Müllheim", &error);
  g_assert_no_error (error);
  unit = ea_housing_create_unit (housing, facility, "Wohnung", "families", &error);
  g_assert_no_error (error);

  /* A room's capacity must keep the minimum area per person. */
  spec.capacity = 4;
  g_assert_cmpint (ea_housing_create_room (housing, unit, &spec, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_assert_cmpstr (error->message, ==, "Room 3.01 would have only 5,2 m² per person "
                                       "(minimum 7 m²).");
  g_clear_error (&error);
  spec.capacity = 3;
  spec.rule = "family";
  room = ea_housing_create_room (housing, unit, &spec, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM beds WHERE room_id = "
                                             "(SELECT max(id) FROM rooms)"), ==, 3);
  g_assert_cmpint (ea_housing_add_bed (housing, room, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);

  /* The family moves in; the room cannot become a men's room or shrink
   * below them, and the flat cannot be closed while they live there. */
  bed = ea_test_query_int (store, "SELECT min(id) FROM beds WHERE room_id = "
                                  "(SELECT max(id) FROM rooms)");
  check_in (4, bed, NULL);
  check_in (5, bed + 1, NULL);
  spec.rule = "men";
  g_assert_false (ea_housing_update_room (housing, room, &spec, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_assert_nonnull (strstr (error->message, "not men"));
  g_clear_error (&error);
  spec.rule = "family";
  spec.capacity = 1;
  g_assert_false (ea_housing_update_room (housing, room, &spec, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  spec.capacity = 2;
  spec.area = 18.5;
  spec.barrier_free = TRUE;
  g_assert_true (ea_housing_update_room (housing, room, &spec, &error));
  g_assert_no_error (error);

  /* Who holds a bed from a later day counts too: a men's room may not
   * become a women's room while a man's reservation waits (found by an
   * attack on the housing list, which changes rooms this way). */
  {
    EaRoomSpec mens = { "0.99", 1, 21.0, 2, "men", FALSE };
    g_autofree char *today = ea_clock_today ();
    g_autofree char *later = ea_date_add_days (today, 20);
    g_autofree char *end = ea_date_add_days (today, 30);
    gint64 other = ea_housing_create_room (housing, ea_housing_create_unit (
                                             housing, facility, "Keller", "none", &error),
                                           &mens, &error);
    gint64 held = ea_test_query_int (store, "SELECT max (id) FROM beds");

    g_assert_no_error (error);
    g_assert_cmpint (other, >, 0);
    g_assert_cmpint (ea_housing_reserve (housing, 6, held, later, end, &error), >, 0);
    g_assert_no_error (error);
    mens.rule = "women";
    g_assert_false (ea_housing_update_room (housing, other, &mens, &error));
    g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
    g_assert_nonnull (strstr (error->message, "hold a bed"));
    g_clear_error (&error);
    g_assert_cmpint (count ("SELECT count (*) FROM rooms WHERE name = '0.99' AND rule = 'men'"),
                     ==, 1);
    g_assert_true (ea_housing_cancel_reservation (housing, ea_test_query_int (
                     store, "SELECT max (id) FROM reservations"), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (count ("SELECT count(*) FROM rooms WHERE area_m2 = 18.5 AND capacity = 2 "
                          "AND barrier_free = 1"), ==, 1);

  /* Mother and daughter may live in an area reserved for women. */
  g_assert_true (ea_housing_update_unit (housing, unit, "Wohnung", "women", &error));
  g_assert_no_error (error);
  g_assert_false (ea_housing_close (housing, "facility", facility, NULL, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);

  /* Moved out: now the flat can be closed, and it leaves the overview. */
  {
    g_autofree char *today = ea_clock_today ();
    g_autofree char *tomorrow = ea_date_add_days (today, 1);
    g_autofree char *later = ea_date_add_days (today, 2);
    g_autoptr(GListModel) list = NULL;

    /* A check-out is recorded on its day: not before it comes. */
    g_assert_cmpint (ea_housing_check_out (housing, 4, tomorrow, &error), ==, 0);
    g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "future"));
    g_clear_error (&error);
    ea_test_pin_clock (tomorrow);
    g_assert_cmpint (ea_housing_check_out (housing, 4, tomorrow, &error), >, 0);
    g_assert_cmpint (ea_housing_check_out (housing, 5, tomorrow, &error), >, 0);
    g_assert_no_error (error);
    ea_test_pin_clock (EA_TEST_NOW);

    g_assert_true (ea_housing_close (housing, "facility", facility, tomorrow, &error));
    g_assert_no_error (error);
    list = ea_occupancy_list (housing, later, &error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  }
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE object_type IN "
                          "('facility', 'unit', 'room', 'bed')"), >=, 7);
  teardown ();
}

static void
test_german_message (void)
{
  setup ();
  ea_locale_init ();
  g_setenv ("LANGUAGE", "de", TRUE);
  CHECK_IN_REFUSED (1, 4, "2026-01-10", "Raum 2.14 ist ein Frauenraum.");
  check_in (3, 6, "2026-01-10");
  check_in (9, 7, "2026-01-10");
  check_in (10, 8, "2026-01-10");
  CHECK_IN_REFUSED (8, 9, "2026-01-10",
                    "Raum 1.03 hätte nur noch 6,5 m² pro Person (Mindestfläche 7 m²).");
  g_unsetenv ("LANGUAGE");
  teardown ();
}

/* The rules themselves, without a database: what the bed matcher will
 * ask for every candidate room. */
static void
test_pure_rules (void)
{
  EaRuleOccupant family[] = { { .person_id = 1, .household_id = 7, .gender = "w", .age = 34 } };
  EaRuleOccupant stranger[] = { { .person_id = 2, .household_id = 0, .gender = "m",
                                  .age = 40 } };
  EaRuleOccupant enemy[] = { { .person_id = 3, .household_id = 0, .keep_apart = TRUE,
                               .gender = "m", .age = 30 } };
  EaRuleApplicant child = { .person_id = 9, .gender = "m", .age = 6, .household_id = 7,
                            .household_size = 3, .household_has_woman = TRUE };
  EaRuleApplicant man = { .person_id = 8, .gender = "m", .age = 30, .household_size = 1 };
  EaRuleRoom room = { .name = "1.10", .rule = "family", .area = 28, .capacity = 4,
                      .unit_name = "1. OG", .unit_reserved_for = "women",
                      .occupants = family, .n_occupants = 1 };
  GError *error = NULL;

  /* A boy with his mother's household in a family room of the women's area. */
  g_assert_true (_ea_rules_check_room (&child, &room, 7.0, NULL, &error));
  g_assert_no_error (error);
  /* A man alone: the area is for women. */
  room.rule = "any";
  room.n_occupants = 0;
  g_assert_false (_ea_rules_check_room (&man, &room, 7.0, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Area 1. OG is reserved for women.");
  g_clear_error (&error);
  room.n_occupants = 1;
  /* Another household in a family room. */
  room.rule = "family";
  room.unit_reserved_for = "none";
  room.occupants = stranger;
  g_assert_false (_ea_rules_check_room (&child, &room, 7.0, NULL, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  /* A keep-apart note, then the area per person. */
  room.rule = "any";
  room.occupants = enemy;
  g_assert_false (_ea_rules_check_room (&man, &room, 7.0, NULL, &error));
  g_assert_cmpstr (error->message, ==, "A keep-apart note forbids housing the person in room 1.10.");
  g_clear_error (&error);
  room.occupants = stranger;
  room.area = 13;
  g_assert_false (_ea_rules_check_room (&man, &room, 7.0, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Room 1.10 would have only 6,5 m² per person (minimum 7 m²).");
  g_clear_error (&error);
  g_assert_true (_ea_rules_check_room (&man, &room, 6.5, NULL, &error));
  man.uma = TRUE;
  g_assert_false (_ea_rules_check_person (&man, &error));
  g_clear_error (&error);
}

/* The bed matcher: candidates for the test district, one scenario per
 * hard rule, and the reasons. */
static GPtrArray *
find (gint64          person,
      gint64          other,
      GPtrArray     **unplaceable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaBedMatcher) matcher = ea_bed_matcher_new (housing, "2026-01-10", NULL, &error);
  gint64 ids[] = { person, other };
  GPtrArray *found;

  g_assert_no_error (error);
  found = ea_bed_matcher_find (matcher, ids, other != 0 ? 2 : 1, EA_RELIGION_IGNORE, 0,
                               unplaceable, &error);
  g_assert_no_error (error);
  return found;
}

static GPtrArray *
find_group (const gint64  *ids,
            guint          n,
            GPtrArray    **unplaceable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaBedMatcher) matcher = ea_bed_matcher_new (housing, "2026-01-10", NULL, &error);
  GPtrArray *found;

  g_assert_no_error (error);
  found = ea_bed_matcher_find (matcher, ids, n, EA_RELIGION_IGNORE, 0, unplaceable, &error);
  g_assert_no_error (error);
  return found;
}

static gboolean
offers_room (GPtrArray  *candidates,
             const char *room)
{
  for (guint i = 0; i < candidates->len; i++)
    if (g_str_equal (((EaBedCandidate *) g_ptr_array_index (candidates, i))->room, room))
      return TRUE;
  return FALSE;
}

static gboolean
has_reason (EaBedCandidate *candidate,
            const char     *reason)
{
  return g_strv_contains ((const char * const *) candidate->reasons, reason);
}

static void
test_matcher_rules (void)
{
  g_autoptr(GPtrArray) men = NULL;
  g_autoptr(GPtrArray) women = NULL;
  g_autoptr(GPtrArray) wheelchair = NULL;
  g_autoptr(GPtrArray) family = NULL;
  g_autoptr(GPtrArray) uma = NULL;
  g_autoptr(GPtrArray) uma_why = NULL;
  g_autoptr(GPtrArray) child = NULL;
  g_autoptr(GPtrArray) child_why = NULL;

  setup ();

  /* Gender: a man is never offered the women's room nor the women's area;
   * a woman never the men's room. */
  men = find (1, 0, NULL);
  g_assert_cmpuint (men->len, >, 0);
  g_assert_false (offers_room (men, "2.14"));
  g_assert_false (offers_room (men, "2.20"));
  g_assert_true (offers_room (men, "1.01"));
  women = find (2, 0, NULL);
  g_assert_false (offers_room (women, "1.01"));
  g_assert_true (offers_room (women, "2.14"));
  /* A woman travelling alone ranks the women's area first. */
  g_assert_true (has_reason (g_ptr_array_index (women, 0), "Women's area"));

  /* Barrier-free: only room 1.03, with the reason. */
  wheelchair = find (3, 0, NULL);
  g_assert_cmpuint (wheelchair->len, ==, 1);
  g_assert_cmpstr (((EaBedCandidate *) g_ptr_array_index (wheelchair, 0))->room, ==, "1.03");
  g_assert_true (has_reason (g_ptr_array_index (wheelchair, 0), "Barrier-free"));

  /* A mother and her child together, in a room with two free beds. */
  family = find (4, 5, NULL);
  g_assert_cmpuint (family->len, >, 0);
  for (guint i = 0; i < family->len; i++)
    {
      EaBedCandidate *c = g_ptr_array_index (family, i);

      g_assert_cmpuint (c->bed_ids->len, ==, 2);
      g_assert_cmpint (g_array_index (c->bed_ids, gint64, 0), !=,
                       g_array_index (c->bed_ids, gint64, 1));
      g_assert_true (has_reason (c, "Family in one room"));
      g_assert_false (g_str_equal (c->rule, "men"));
    }
  g_assert_true (offers_room (family, "1.10"));

  /* Never an unaccompanied minor; a child alone needs an adult of her
   * household in the room. */
  uma = find (7, 0, &uma_why);
  g_assert_cmpuint (uma->len, ==, 0);
  g_assert_cmpuint (uma_why->len, ==, 1);
  g_assert_nonnull (strstr (((EaUnplaceable *) g_ptr_array_index (uma_why, 0))->reason,
                            "youth office"));
  child = find (5, 0, &child_why);
  g_assert_cmpuint (child->len, ==, 0);
  g_assert_nonnull (strstr (((EaUnplaceable *) g_ptr_array_index (child_why, 0))->reason,
                            "adult of the household"));
  teardown ();
}

static void
test_matcher_occupied (void)
{
  g_autoptr(GPtrArray) other_household = NULL;
  g_autoptr(GPtrArray) apart = NULL;
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GPtrArray) why = NULL;
  g_autoptr(GPtrArray) child = NULL;
  g_autoptr(GPtrArray) later = NULL;
  GError *error = NULL;

  setup ();
  /* A family room used by one household is not offered to another. */
  check_in (4, 11, "2026-01-10");
  other_household = find (2, 0, NULL);
  g_assert_false (offers_room (other_household, "1.10"));
  /* With her mother there, the child may join her. */
  child = find (5, 0, NULL);
  g_assert_true (offers_room (child, "1.10"));
  for (guint i = 0; i < child->len; i++)
    {
      EaBedCandidate *c = g_ptr_array_index (child, i);

      /* Only where her mother sleeps: the minors rule. */
      g_assert_cmpstr (c->room, ==, "1.10");
      g_assert_true (has_reason (c, "Fills a room already in use"));
    }

  /* Keep-apart: 8 in room 1.01 keeps 1 out of it. */
  check_in (8, 1, "2026-01-10");
  apart = find (1, 0, NULL);
  g_assert_false (offers_room (apart, "1.01"));

  /* Capacity: room 1.01 takes two although it has three beds. */
  check_in (9, 2, "2026-01-10");
  full = find (10, 0, NULL);
  g_assert_false (offers_room (full, "1.01"));

  /* The only barrier-free room taken: nothing fits, and the reason says
   * which rule. */
  check_in (6, 6, "2026-01-10");
  check_in (10, 7, "2026-01-10");
  g_assert_cmpint (ea_housing_block_bed (housing, 8, "renovation", NULL, "2026-01-10", NULL,
                                         &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_block_bed (housing, 9, "renovation", NULL, "2026-01-10", NULL,
                                         &error), >, 0);
  g_assert_cmpint (ea_housing_block_bed (housing, 10, "renovation", NULL, "2026-01-10", NULL,
                                         &error), >, 0);
  nothing = find (3, 0, &why);
  g_assert_cmpuint (nothing->len, ==, 0);
  g_assert_nonnull (strstr (((EaUnplaceable *) g_ptr_array_index (why, 0))->reason,
                            "barrier-free"));

  /* A bed taken from a later day on is not free for an open period. */
  check_in (2, 4, "2026-03-01");
  later = find (1, 0, NULL);
  g_assert_false (offers_room (later, "2.14"));
  teardown ();
}


/* A family of six that no room takes whole is split across the rooms of
 * one unit; each room keeps a child with an adult. */
static void
test_matcher_split (void)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  EaBedCandidate *c;
  gint64 ids[] = { 11, 12, 13, 14, 15, 16 };

  setup ();
  _ea_store_exec (store,
    "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, search_text, "
    "  sort_name, created_at, created_by) VALUES "
    "  (11, 'Rahimi', 'Nasir', '1980-01-01', 'm', 'expected', '', '', 'x', 1),"
    "  (12, 'Rahimi', 'Soraya', '1984-01-01', 'w', 'expected', '', '', 'x', 1),"
    "  (13, 'Rahimi', 'A', '2012-01-01', 'w', 'expected', '', '', 'x', 1),"
    "  (14, 'Rahimi', 'B', '2014-01-01', 'm', 'expected', '', '', 'x', 1),"
    "  (15, 'Rahimi', 'C', '2016-01-01', 'w', 'expected', '', '', 'x', 1),"
    "  (16, 'Rahimi', 'D', '2019-01-01', 'm', 'expected', '', '', 'x', 1);"
    "INSERT INTO households (id, created_at, created_by) VALUES (10, 'x', 1);"
    "INSERT INTO household_members (household_id, person_id, role) VALUES "
    "  (10, 11, 'bezugsperson'), (10, 12, 'ehegatte'), (10, 13, 'kind'), (10, 14, 'kind'),"
    "  (10, 15, 'kind'), (10, 16, 'kind');", &error);
  g_assert_no_error (error);

  found = find_group (ids, G_N_ELEMENTS (ids), NULL);
  g_assert_cmpuint (found->len, >, 0);
  c = g_ptr_array_index (found, 0);
  /* Unit 1. OG (families): 1.10 with four beds and 1.20 with two. */
  g_assert_cmpuint (c->n_rooms, ==, 2);
  g_assert_cmpstr (c->unit, ==, "1. OG");
  g_assert_cmpuint (c->bed_ids->len, ==, 6);
  g_assert_true (has_reason (c, "Family in one unit (2 rooms)"));
  for (guint i = 0; i < c->person_ids->len; i++)
    {
      gint64 room = g_array_index (c->room_ids, gint64, i);
      gboolean adult = FALSE;

      for (guint j = 0; j < c->person_ids->len; j++)
        adult |= g_array_index (c->room_ids, gint64, j) == room &&
                 g_array_index (c->person_ids, gint64, j) <= 12;
      g_assert_true (adult);
    }
  teardown ();
}

/* A household placed with one click: all its members or, when one is
 * refused, none of them. */
static void
test_matcher_place (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaBedMatcher) matcher = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) again = NULL;
  EaBedCandidate *c;
  gint64 ids[] = { 4, 5 };

  setup ();
  matcher = ea_bed_matcher_new (housing, "2026-01-10", NULL, &error);
  g_assert_no_error (error);
  found = ea_bed_matcher_find (matcher, ids, 2, EA_RELIGION_IGNORE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >, 1);

  /* Someone takes the second bed of the best room meanwhile: the place
   * is refused whole. */
  c = g_ptr_array_index (found, 0);
  check_in (2, g_array_index (c->bed_ids, gint64, 1), "2026-01-10");
  g_assert_false (ea_bed_matcher_place (matcher, c, TRUE, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_assert_true (g_str_has_prefix (error->message, "Person no. "));
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count (*) FROM stays WHERE person_id IN (4, 5)"), ==, 0);

  /* Another place: both checked in, and the matcher knows its beds taken. */
  c = g_ptr_array_index (found, 1);
  g_assert_true (ea_bed_matcher_place (matcher, c, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count (*) FROM stays WHERE person_id IN (4, 5)"), ==, 2);
  again = ea_bed_matcher_find (matcher, ids, 2, EA_RELIGION_IGNORE, 0, NULL, &error);
  for (guint i = 0; i < again->len; i++)
    {
      EaBedCandidate *other = g_ptr_array_index (again, i);

      for (guint b = 0; b < other->bed_ids->len; b++)
        for (guint t = 0; t < c->bed_ids->len; t++)
          g_assert_cmpint (g_array_index (other->bed_ids, gint64, b), !=,
                           g_array_index (c->bed_ids, gint64, t));
    }
  teardown ();
}

static EaAllocationRow *
row_of (EaAllocation *allocation,
        gint64        person)
{
  GPtrArray *rows = ea_allocation_get_rows (allocation);

  for (guint i = 0; i < rows->len; i++)
    if (((EaAllocationRow *) g_ptr_array_index (rows, i))->person_id == person)
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* Ankünfte verteilen on the test district: every expected arrival but the
 * unaccompanied minor, no bed twice, households together; the proposal
 * can be changed and is stored in one transaction. */
static void
test_allocate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaAllocation) allocation = NULL;
  g_autoptr(EaAllocation) second = NULL;
  g_autoptr(EaAllocation) third = NULL;
  g_autoptr(GPtrArray) alternatives = NULL;
  g_autoptr(GHashTable) beds = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *rows, *unplaced;
  EaAllocationRow *mother, *child, *wheelchair, *one, *eight, *row;
  guint group;
  gint64 old_room;

  setup ();
  allocation = ea_allocation_new (housing, NULL, EA_RELIGION_IGNORE, &error);
  g_assert_no_error (error);
  rows = ea_allocation_get_rows (allocation);
  unplaced = ea_allocation_get_unplaced (allocation);
  /* Six men for five places in men's and mixed rooms: the last of them
   * is named with the rules that kept him out; the UMA goes to the youth
   * office. */
  g_assert_cmpuint (rows->len, ==, 8);
  g_assert_cmpuint (unplaced->len, ==, 2);
  g_assert_cmpint (((EaUnplaceable *) g_ptr_array_index (unplaced, 0))->person_id, ==, 7);
  g_assert_nonnull (strstr (((EaUnplaceable *) g_ptr_array_index (unplaced, 0))->reason,
                            "youth office"));
  g_assert_cmpint (((EaUnplaceable *) g_ptr_array_index (unplaced, 1))->person_id, ==, 10);
  g_assert_nonnull (strstr (((EaUnplaceable *) g_ptr_array_index (unplaced, 1))->reason,
                            "for the other gender"));
  for (guint i = 0; i < rows->len; i++)
    {
      EaAllocationRow *r = g_ptr_array_index (rows, i);

      g_assert_false (g_hash_table_contains (beds, &r->bed_id));
      g_hash_table_add (beds, &r->bed_id);
    }
  /* The hardest first: the wheelchair user, in the barrier-free room. */
  wheelchair = g_ptr_array_index (rows, 0);
  g_assert_cmpint (wheelchair->person_id, ==, 3);
  g_assert_cmpstr (wheelchair->room, ==, "1.03");
  g_assert_true (wheelchair->room_barrier_free);
  g_assert_true (g_strv_contains ((const char * const *) wheelchair->needs, "rollstuhl"));
  mother = row_of (allocation, 4);
  child = row_of (allocation, 5);
  g_assert_cmpint (mother->room_id, ==, child->room_id);
  g_assert_cmpuint (mother->group, ==, child->group);
  one = row_of (allocation, 1);
  eight = row_of (allocation, 8);
  g_assert_cmpint (one->room_id, !=, eight->room_id);

  /* Row by row: the mother's household gets another place, then is taken
   * out; its beds are free for the others. */
  group = mother->group;
  old_room = mother->room_id;
  alternatives = ea_allocation_find_alternatives (allocation, group, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alternatives->len, >, 1);
  for (guint i = 0; i < alternatives->len; i++)
    {
      EaBedCandidate *c = g_ptr_array_index (alternatives, i);

      if (c->room_id == old_room)
        continue;
      g_assert_true (ea_allocation_choose (allocation, group, c, &error));
      g_assert_no_error (error);
      break;
    }
  /* The rows are rebuilt: the household moved together. */
  mother = row_of (allocation, 4);
  g_assert_cmpint (mother->room_id, !=, old_room);
  g_assert_cmpint (mother->room_id, ==, row_of (allocation, 5)->room_id);
  g_assert_true (ea_allocation_set_skipped (allocation, group, TRUE, &error));
  g_assert_true (row_of (allocation, 4)->skipped);
  g_assert_cmpuint (ea_allocation_get_n_placed (allocation), ==, 6);

  /* Someone checks in to a proposed bed before the confirmation: nothing
   * of the proposal is stored. */
  row = row_of (allocation, 9);
  _ea_store_exec (store,
    "INSERT INTO persons (id, family_name, birth_date, gender, status, search_text, "
    "  sort_name, created_at, created_by) VALUES (30, 'Walk-in', '1970-01-01', 'm', 'present', "
    "  '', '', 'x', 1);", &error);
  g_assert_no_error (error);
  check_in (30, row->bed_id, NULL);
  g_assert_cmpuint (ea_allocation_commit (allocation, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count (*) FROM reservations"), ==, 0);

  /* A new proposal knows the walk-in; confirmed, it reserves every bed. */
  second = ea_allocation_new (housing, NULL, EA_RELIGION_IGNORE, &error);
  g_assert_no_error (error);
  g_assert_true (row_of (second, 9) == NULL || row_of (second, 9)->bed_id != row->bed_id);
  g_assert_cmpuint (ea_allocation_commit (second, &error), ==,
                    ea_allocation_get_n_placed (second));
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count (*) FROM reservations WHERE state = 'active'"), ==,
                   ea_allocation_get_n_placed (second));
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE action = 'reserve'"), ==,
                   ea_allocation_get_n_placed (second));
  g_assert_cmpuint (ea_allocation_commit (second, &error), ==, 0);
  g_clear_error (&error);

  /* Those reserved are not proposed again. */
  third = ea_allocation_new (housing, NULL, EA_RELIGION_IGNORE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_allocation_get_rows (third)->len, ==, 0);
  teardown ();
}

/* Only beds of @rooms are free; the district's own arrivals are gone. */
static const char only_rooms_sql[] =
  "UPDATE persons SET status = 'left', left_on = '2026-01-01';"
  "INSERT INTO bed_blocks (bed_id, reason, from_date, created_at, created_by) "
  "  SELECT id, 'damage', '2020-01-01', 'x', 1 FROM beds WHERE room_id NOT IN (%s);";

static void
only_rooms (const char *rooms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (only_rooms_sql, rooms);

  ea_test_exec (store, sql, &error);
  g_assert_no_error (error);
}

/* Issue "One clock": the allocation reserves a bed from the day of
 * arrival, and the reservation checks the rules on that night, so the
 * proposal ages everyone on that night too, not today. The clock says
 * 23.11.2026; the arrivals are expected on 26.11.2026. */
static void
test_allocate_ages_on_arrival (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaAllocation) allocation = NULL;
  g_autoptr(GPtrArray) alternatives = NULL;
  EaAllocationRow *son, *mother;

  /* A son who turns 18 on 25.11. is a man when he arrives: not in an area
   * for women (2.20), where the reservation would refuse him, but in the
   * family room 0.05 with his mother. */
  setup ();
  only_rooms ("5, 6");
  _ea_store_exec (store,
    "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, "
    "  expected_on, search_text, sort_name, created_at, created_by) VALUES "
    "  (40, 'Rahimi', 'Soraya', '1984-04-04', 'w', 'expected', '2026-11-26', '', '', 'x', 1),"
    "  (41, 'Rahimi', 'Jawad', '2008-11-25', 'm', 'expected', '2026-11-26', '', '', 'x', 1);"
    "INSERT INTO households (id, created_at, created_by) VALUES (40, 'x', 1);"
    "INSERT INTO household_members (household_id, person_id, role) VALUES "
    "  (40, 40, 'bezugsperson'), (40, 41, 'kind');", &error);
  g_assert_no_error (error);
  allocation = ea_allocation_new (housing, NULL, EA_RELIGION_IGNORE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_allocation_get_rows (allocation)->len, ==, 2);
  son = row_of (allocation, 41);
  mother = row_of (allocation, 40);
  g_assert_nonnull (son);
  g_assert_cmpint (son->age, ==, 18);
  g_assert_cmpstr (son->room, ==, "0.05");
  g_assert_cmpint (mother->room_id, ==, son->room_id);
  alternatives = ea_allocation_find_alternatives (allocation, son->group, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < alternatives->len; i++)
    g_assert_cmpstr (((EaBedCandidate *) g_ptr_array_index (alternatives, i))->room, !=, "2.20");
  g_assert_cmpuint (ea_allocation_commit (allocation, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count (*) FROM reservations WHERE state = 'active' "
                          "AND from_date = '2026-11-26'"), ==, 2);
  g_clear_object (&allocation);
  teardown ();

  /* The roommates are aged on that night as well: a girl of ten moves to
   * her mother in 1.03, where a young woman of another household lives,
   * 17 today and 18 when the girl arrives. The girl would then share the
   * bedroom with an adult outside her household: nothing is proposed. */
  setup ();
  only_rooms ("3");
  _ea_store_exec (store,
    "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, "
    "  expected_on, search_text, sort_name, created_at, created_by) VALUES "
    "  (40, 'Rahimi', 'Soraya', '1984-04-04', 'w', 'present', NULL, '', '', 'x', 1),"
    "  (41, 'Rahimi', 'Mina', '2016-01-01', 'w', 'expected', '2026-11-26', '', '', 'x', 1),"
    "  (42, 'Tesfay', 'Selam', '2008-11-25', 'w', 'present', NULL, '', '', 'x', 1);"
    "INSERT INTO households (id, created_at, created_by) VALUES (40, 'x', 1), (42, 'x', 1);"
    "INSERT INTO household_members (household_id, person_id, role) VALUES "
    "  (40, 40, 'bezugsperson'), (40, 41, 'kind'), (42, 42, 'bezugsperson');"
    "INSERT INTO stays (person_id, bed_id, from_date, created_at, created_by) VALUES "
    "  (40, 6, '2026-06-01', 'x', 1), (42, 7, '2026-06-01', 'x', 1);", &error);
  g_assert_no_error (error);
  allocation = ea_allocation_new (housing, NULL, EA_RELIGION_IGNORE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_allocation_get_rows (allocation)->len, ==, 0);
  g_assert_cmpuint (ea_allocation_get_unplaced (allocation)->len, ==, 1);
  g_assert_cmpint (((EaUnplaceable *) g_ptr_array_index (ea_allocation_get_unplaced (allocation),
                                                         0))->person_id, ==, 41);
  /* The reservation agrees. */
  g_assert_cmpint (ea_housing_reserve (housing, 41, 8, "2026-11-26", NULL, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_clear_error (&error);
  g_clear_object (&allocation);
  teardown ();
}

/* Keep-apart notes between persons and households, listed on the file
 * and enforced by the matcher. */
static void
test_keep_apart_notes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(EaSession) social = NULL;
  g_autoptr(GPtrArray) found = NULL;

  setup ();
  /* The district has 1–8; 2 against the household of 4 and 5. */
  g_assert_cmpuint (ea_keep_apart_add (housing, 2, 4, TRUE, "  Streit in der Küche ", &error),
                    ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_keep_apart_add (housing, 2, 5, FALSE, NULL, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (ea_keep_apart_add (housing, 4, 5, FALSE, NULL, &error), ==, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (ea_keep_apart_add (housing, 4, 4, FALSE, NULL, &error), ==, 0);
  g_clear_error (&error);

  notes = ea_keep_apart_list (housing, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpint (((EaKeepApart *) g_ptr_array_index (notes, 0))->other_id, ==, 2);
  g_assert_cmpstr (((EaKeepApart *) g_ptr_array_index (notes, 0))->reason, ==,
                   "Streit in der Küche");
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE object_type = 'keep-apart'"),
                   ==, 4);

  /* With the mother in 1.03, Amina is not offered that room any more. */
  check_in (4, 6, "2026-01-10");
  found = find (2, 0, NULL);
  g_assert_false (offers_room (found, "1.03"));

  social = ea_session_login (store, "sozial", "geheim123", &error);
  g_assert_no_error (error);
  g_assert_true (ea_keep_apart_remove (social,
                                       ((EaKeepApart *) g_ptr_array_index (notes, 0))->id,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count (*) FROM keep_apart WHERE person_a = 2 OR person_b = 2"),
                   ==, 1);
  teardown ();
}

/* The randomized test: many random districts with people already living
 * there, blocked beds and random groups of arrivals, placed and stored;
 * then every hard rule is checked on the result, with SQL of its own. */

static void
random_district (GRand *rand)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  static const char *reserved[] = { "none", "none", "none", "women", "families" };
  static const char *rules[] = { "men", "women", "family", "any", "any" };
  gint64 room = 0, bed = 0, person = 0, household = 0;
  guint n_facilities = g_rand_int_range (rand, 1, 4);
  g_autofree char *today = ea_clock_today ();
  g_autofree char *in_three_days = ea_date_add_days (today, 3);
  g_autofree char *expected_on = g_strdup_printf ("'%s'", in_three_days);

  g_string_append (sql, "DELETE FROM reservations; DELETE FROM stays; DELETE FROM bed_blocks;"
                        "DELETE FROM keep_apart; DELETE FROM household_members;"
                        "DELETE FROM households; DELETE FROM person_vulnerabilities;"
                        "DELETE FROM persons; DELETE FROM beds; DELETE FROM rooms;"
                        "DELETE FROM units; DELETE FROM facilities;");
  for (guint f = 1; f <= n_facilities; f++)
    {
      g_string_append_printf (sql, "INSERT INTO facilities (id, name, kind, created_at, "
                              "created_by) VALUES (%u, 'GU %u', 'communal', 'x', 1);", f, f);
      for (guint u = 1; u <= (guint) g_rand_int_range (rand, 1, 4); u++)
        {
          guint unit = f * 10 + u;

          g_string_append_printf (sql, "INSERT INTO units (id, facility_id, name, reserved_for) "
                                  "VALUES (%u, %u, 'E%u', '%s');", unit, f, u,
                                  reserved[g_rand_int_range (rand, 0, 5)]);
          for (guint r = 0; r < (guint) g_rand_int_range (rand, 1, 5); r++)
            {
              int capacity = g_rand_int_range (rand, 1, 7);
              int n_beds = capacity + g_rand_int_range (rand, 0, 2);

              room++;
              g_string_append_printf (sql, "INSERT INTO rooms (id, unit_id, name, area_m2, "
                                      "capacity, rule, barrier_free) VALUES (%lld, %u, '%lld', "
                                      "%d, %d, '%s', %d);", (long long) room, unit,
                                      (long long) room, capacity * g_rand_int_range (rand, 5, 11),
                                      capacity, rules[g_rand_int_range (rand, 0, 5)],
                                      g_rand_int_range (rand, 0, 5) == 0);
              for (int b = 0; b < n_beds; b++)
                {
                  bed++;
                  g_string_append_printf (sql, "INSERT INTO beds (id, room_id, label) VALUES "
                                          "(%lld, %lld, '%c');", (long long) bed,
                                          (long long) room, 'A' + b);
                  if (g_rand_int_range (rand, 0, 12) == 0)
                    g_string_append_printf (sql, "INSERT INTO bed_blocks (bed_id, reason, "
                                            "from_date, created_at, created_by) VALUES (%lld, "
                                            "'damage', '2020-01-01', 'x', 1);", (long long) bed);
                }
            }
        }
    }

  /* Households: single men and women, families of one or two adults with
   * up to four children, now and then an unaccompanied minor. Some live
   * here already (status present), the rest are expected. */
  for (guint h = 0; h < (guint) g_rand_int_range (rand, 4, 16); h++)
    {
      int kind = g_rand_int_range (rand, 0, 10);
      int adults = kind < 3 ? 1 : kind < 5 ? 1 : kind < 9 ? g_rand_int_range (rand, 1, 3) : 0;
      int children = kind < 5 ? 0 : kind < 9 ? g_rand_int_range (rand, 0, 5) : 1;
      const char *status = g_rand_int_range (rand, 0, 3) == 0 ? "present" : "expected";

      household++;
      g_string_append_printf (sql, "INSERT INTO households (id, created_at, created_by) VALUES "
                              "(%lld, 'x', 1);", (long long) household);
      for (int m = 0; m < adults + children; m++)
        {
          gboolean adult = m < adults;
          const char *gender = kind < 3 ? "m" : kind < 5 ? "w"
                             : g_rand_boolean (rand) ? "m" : "w";

          person++;
          g_string_append_printf (sql, "INSERT INTO persons (id, family_name, birth_date, gender, "
                                  "status, expected_on, search_text, sort_name, created_at, "
                                  "created_by) VALUES (%lld, 'P%lld', '%d-06-15', '%s', '%s', "
                                  "%s, '', '', 'x', 1);", (long long) person, (long long) person,
                                  adult ? g_rand_int_range (rand, 1950, 2004)
                                        : g_rand_int_range (rand, 2010, 2024),
                                  gender, status, g_str_equal (status, "expected")
                                    ? expected_on : "NULL");
          g_string_append_printf (sql, "INSERT INTO household_members (household_id, person_id, "
                                  "role) VALUES (%lld, %lld, '%s');", (long long) household,
                                  (long long) person, m == 0 ? "bezugsperson" : adult
                                    ? "ehegatte" : "kind");
          if (kind == 9)
            g_string_append_printf (sql, "INSERT INTO person_vulnerabilities (person_id, code) "
                                    "VALUES (%lld, 'uma');", (long long) person);
          else if (g_rand_int_range (rand, 0, 10) == 0)
            g_string_append_printf (sql, "INSERT INTO person_vulnerabilities (person_id, code) "
                                    "VALUES (%lld, 'rollstuhl');", (long long) person);
          if (person > 1 && g_rand_int_range (rand, 0, 8) == 0)
            g_string_append_printf (sql, "INSERT INTO keep_apart (person_a, person_b, "
                                    "created_at, created_by) VALUES (%d, %lld, 'x', 1) "
                                    "ON CONFLICT DO NOTHING;",
                                    g_rand_int_range (rand, 1, person), (long long) person);
        }
    }
  ea_test_exec (store, sql->str, NULL);
}

/* Those already living here move in through the check-in, which applies
 * its rules: a refusal just leaves the bed free. */
static void
random_residents (GRand *rand)
{
  g_autoptr(EaStmt) present = _ea_store_prepare (store,
    "SELECT id FROM persons WHERE status = 'present' ORDER BY id", NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int n_beds = count ("SELECT max (id) FROM beds");

  /* Read them all first: a check-in does not begin while a read is open. */
  while (_ea_stmt_step (present) == EA_STMT_ROW)
    {
      gint64 id = _ea_stmt_column_int64 (present, 0);

      g_array_append_val (ids, id);
    }
  _ea_stmt_reset (present);
  for (guint i = 0; i < ids->len; i++)
    for (int attempt = 0; attempt < 4; attempt++)
      {
        g_autoptr(GError) error = NULL;

        if (ea_housing_check_in (housing, g_array_index (ids, gint64, i),
                                 g_rand_int_range (rand, 1, n_beds + 1), "2025-06-01", &error) > 0)
          break;
      }
}

/* Every hard rule for each person the allocation placed, against those
 * who live in or hold a bed in the same room. */
static void
check_placed_rules (guint round)
{
  g_autoptr(EaStmt) placed = _ea_store_prepare (store,
    "SELECT v.person_id, v.bed_id, r.id, r.rule, r.capacity, r.area_m2, r.barrier_free, "
    "  u.reserved_for, p.gender, p.birth_date, coalesce (m.household_id, 0), "
    "  EXISTS (SELECT 1 FROM person_vulnerabilities x WHERE x.person_id = p.id "
    "          AND x.code = 'rollstuhl'), "
    "  EXISTS (SELECT 1 FROM person_vulnerabilities x WHERE x.person_id = p.id "
    "          AND x.code = 'uma'), "
    "  (SELECT count (*) FROM household_members y WHERE y.household_id = m.household_id), "
    "  EXISTS (SELECT 1 FROM household_members y JOIN persons q ON q.id = y.person_id "
    "          WHERE y.household_id = m.household_id AND q.gender = 'w'), v.from_date "
    "FROM reservations v JOIN beds b ON b.id = v.bed_id JOIN rooms r ON r.id = b.room_id "
    "JOIN units u ON u.id = r.unit_id JOIN persons p ON p.id = v.person_id "
    "LEFT JOIN household_members m ON m.person_id = p.id WHERE v.state = 'active'", NULL);
  g_autoptr(EaStmt) roommates = _ea_store_prepare (store,
    "WITH inside (person_id, bed_id) AS ("
    "  SELECT s.person_id, s.bed_id FROM stays s WHERE s.until_date IS NULL "
    "  UNION ALL SELECT v.person_id, v.bed_id FROM reservations v WHERE v.state = 'active') "
    "SELECT i.person_id, coalesce (m.household_id, 0), p.birth_date, i.bed_id "
    "FROM inside i JOIN beds b ON b.id = i.bed_id JOIN persons p ON p.id = i.person_id "
    "LEFT JOIN household_members m ON m.person_id = i.person_id WHERE b.room_id = ?1", NULL);
  guint n = 0;

  g_assert_cmpint (count ("SELECT count (*) FROM reservations v JOIN bed_blocks k "
                          "ON k.bed_id = v.bed_id"), ==, 0);
  while (_ea_stmt_step (placed) == EA_STMT_ROW)
    {
      gint64 person = _ea_stmt_column_int64 (placed, 0);
      gint64 bed = _ea_stmt_column_int64 (placed, 1);
      const char *rule = _ea_stmt_column_text (placed, 3);
      int capacity = _ea_stmt_column_int (placed, 4);
      double area = _ea_stmt_column_double (placed, 5);
      gboolean barrier_free = _ea_stmt_column_int (placed, 6);
      const char *reserved_for = _ea_stmt_column_text (placed, 7);
      const char *gender = _ea_stmt_column_text (placed, 8);
      /* Minors as the engine counts them: the exact age on the first
       * night, not the calendar year. */
      const char *from = _ea_stmt_column_text (placed, 15);
      gboolean minor = ea_partial_date_age (_ea_stmt_column_text (placed, 9),
                                            from) < 18;
      gint64 household = _ea_stmt_column_int64 (placed, 10);
      int inside = 0, on_bed = 0;
      gboolean adult_of_household = FALSE, other_household = FALSE;

      n++;
      g_test_message ("round %u: person %lld in room %lld", round, (long long) person,
                      (long long) _ea_stmt_column_int64 (placed, 2));
      g_assert_false (_ea_stmt_column_int (placed, 12));                  /* never a UMA */
      if (g_str_equal (rule, "men"))
        g_assert_cmpstr (gender, ==, "m");
      if (g_str_equal (rule, "women"))
        g_assert_cmpstr (gender, ==, "w");
      if (_ea_stmt_column_int (placed, 11))
        g_assert_true (barrier_free);
      if (g_str_equal (reserved_for, "women"))
        g_assert_true (g_str_equal (gender, "w") || (minor && _ea_stmt_column_int (placed, 14)));
      if (g_str_equal (reserved_for, "families"))
        g_assert_cmpint (_ea_stmt_column_int (placed, 13), >=, 2);

      _ea_stmt_reset (roommates);
      _ea_stmt_bind_int64 (roommates, 1, _ea_stmt_column_int64 (placed, 2));
      while (_ea_stmt_step (roommates) == EA_STMT_ROW)
        {
          gint64 other = _ea_stmt_column_int64 (roommates, 0);
          g_autofree char *apart = g_strdup_printf (
            "SELECT count (*) FROM keep_apart WHERE person_a = %lld AND person_b = %lld",
            (long long) MIN (person, other), (long long) MAX (person, other));

          inside++;
          on_bed += _ea_stmt_column_int64 (roommates, 3) == bed;
          if (other == person)
            continue;
          g_assert_cmpint (count (apart), ==, 0);
          other_household |= household == 0 || _ea_stmt_column_int64 (roommates, 1) != household;
          adult_of_household |= household != 0 && _ea_stmt_column_int64 (roommates, 1) ==
                                                   household &&
                                ea_partial_date_age (_ea_stmt_column_text (roommates,
                                                                                         2),
                                                     from) >= 18;
        }
      g_assert_cmpint (on_bed, ==, 1);                                   /* no bed twice */
      g_assert_cmpint (inside, <=, capacity);
      g_assert_cmpfloat (area / inside, >=, 7.0 - 1e-9);
      if (g_str_equal (rule, "family"))
        g_assert_false (other_household);
      if (minor && household != 0)
        g_assert_true (adult_of_household);
    }
  g_test_message ("round %u: %u placed", round, n);
}

static void
test_allocate_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint placed_total = 0, split_total = 0, expected_total = 0, unplaced_total = 0;
  /* Any day from 2026 to 2030 (drawn from the test's seed, so a failure
   * can be repeated with it): ages and arrivals count from that day. */
  g_autofree char *day = ea_date_from_day (ea_date_to_day ("2026-01-01") +
                                           (guint32) g_rand_int_range (rand, 0, 5 * 365 + 1));

  g_test_message ("the clock says %s", day);
  ea_test_pin_clock (day);
  setup ();
  for (guint round = 0; round < 60; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EaAllocation) allocation = NULL;
      GPtrArray *rows, *unplaced;
      int expected;

      random_district (rand);
      random_residents (rand);
      allocation = ea_allocation_new (housing, NULL, EA_RELIGION_IGNORE, &error);
      g_assert_no_error (error);
      rows = ea_allocation_get_rows (allocation);
      unplaced = ea_allocation_get_unplaced (allocation);
      /* Everyone expected is either in the proposal or named with a reason. */
      expected = count ("SELECT count (*) FROM persons WHERE status = 'expected'");
      g_assert_cmpint (rows->len + unplaced->len, ==, expected);
      expected_total += expected;
      unplaced_total += unplaced->len;
      for (guint i = 0; i < unplaced->len; i++)
        g_assert_cmpuint (strlen (((EaUnplaceable *) g_ptr_array_index (unplaced, i))->reason),
                          >, 10);
      for (guint i = 0; i + 1 < rows->len; i++)
        {
          EaAllocationRow *a = g_ptr_array_index (rows, i), *b = g_ptr_array_index (rows, i + 1);

          split_total += a->group == b->group && a->room_id != b->room_id;
        }
      if (rows->len > 0)
        {
          g_assert_cmpuint (ea_allocation_commit (allocation, &error), ==, rows->len);
          g_assert_no_error (error);
        }
      placed_total += rows->len;
      check_placed_rules (round);
    }
  /* The districts are tight enough that not everyone fits, and roomy
   * enough that many do: the test saw both, whatever the seed. (Those
   * not placed stay expected into the next round, so a person counts in
   * @expected_total once per round; some 45-55 % are placed, and a fixed
   * count of 200 failed for some seeds.) */
  g_test_message ("%u of %u placed, %u splits", placed_total, expected_total, split_total);
  g_assert_cmpuint (unplaced_total, >, 0);
  g_assert_cmpuint (placed_total * 4, >, expected_total);
  teardown ();
  ea_test_pin_clock (EA_TEST_NOW);
}

/* The weights come from the settings and change the rank, never the
 * rules; bad values and other roles are refused. The facility filter and
 * "Warum nicht?" of a search. */
static void
test_matcher_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaSession) admin = NULL;
  g_autoptr(EaBedMatcher) matcher = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) elsewhere = NULL;
  g_autofree char *why = NULL;
  EaMatchWeights weights, bad;
  gint64 man = 1;

  setup ();
  admin = ea_session_login (store, "admin", "geheim123", &error);
  g_assert_no_error (error);
  ea_match_weights_load (housing, &weights);
  g_assert_cmpfloat (weights.household, ==, 20);
  g_assert_cmpfloat (weights.barrier_free, ==, 5);

  /* Refused: another role, a weight out of range, an area out of range. */
  g_assert_false (ea_match_weights_save (housing, &weights, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_PERMISSION);
  g_clear_error (&error);
  bad = weights;
  bad.language = 60;
  g_assert_false (ea_match_weights_save (admin, &bad, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ea_housing_set_min_area (admin, 2, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count ("SELECT count (*) FROM settings WHERE key LIKE 'match_weight_%'"), ==, 0);

  /* A man alone: the barrier-free room 1.03 and the family room 0.05 rank
   * below the men's room 1.01; with the weights of barrier-free rooms and
   * of filling rooms 0, only the family room stays below. */
  matcher = ea_bed_matcher_new (housing, "2026-01-10", NULL, &error);
  before = ea_bed_matcher_find (matcher, &man, 1, EA_RELIGION_IGNORE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((EaBedCandidate *) g_ptr_array_index (before, 0))->room, ==, "1.01");
  g_assert_true (offers_room (before, "1.03"));
  why = ea_bed_matcher_dup_exclusions (matcher);
  g_assert_nonnull (strstr (why, "for the other gender"));
  g_clear_object (&matcher);

  weights.barrier_free = 0;
  weights.fill = 0;
  g_assert_true (ea_match_weights_save (admin, &weights, &error));
  g_assert_no_error (error);
  g_assert_true (ea_housing_set_min_area (admin, 13, &error));
  g_assert_cmpint (count ("SELECT count (*) FROM audit_log WHERE object_type = 'setting'"), ==, 2);
  matcher = ea_bed_matcher_new (housing, "2026-01-10", NULL, &error);
  after = ea_bed_matcher_find (matcher, &man, 1, EA_RELIGION_IGNORE, 0, NULL, &error);
  for (guint i = 0; i < after->len; i++)
    {
      EaBedCandidate *c = g_ptr_array_index (after, i);

      /* Family rooms stay last for someone alone. */
      g_assert_cmpfloat (c->score, ==, g_str_equal (c->rule, "family") ? 30 : 50);
      /* 13 m² per person: 14 m² rooms still take one, 26 m² two. */
      g_assert_cmpfloat (c->area, >=, 13);
    }

  /* Only one facility: the district has one, so a filter to another
   * finds nothing. */
  ea_bed_matcher_set_facility (matcher, 99);
  elsewhere = ea_bed_matcher_find (matcher, &man, 1, EA_RELIGION_IGNORE, 0, NULL, &error);
  g_assert_cmpuint (elsewhere->len, ==, 0);
  teardown ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ea_test_pin_clock (EA_TEST_NOW);

  g_test_add_func ("/housing/rules", test_rules);
  g_test_add_func ("/housing/pure-rules", test_pure_rules);
  g_test_add_func ("/matcher/rules", test_matcher_rules);
  g_test_add_func ("/matcher/occupied", test_matcher_occupied);
  g_test_add_func ("/matcher/split", test_matcher_split);
  g_test_add_func ("/matcher/place", test_matcher_place);
  g_test_add_func ("/matcher/settings", test_matcher_settings);
  g_test_add_func ("/allocate/proposal", test_allocate);
  g_test_add_func ("/allocate/random", test_allocate_random);
  g_test_add_func ("/allocate/ages-on-arrival", test_allocate_ages_on_arrival);
  g_test_add_func ("/housing/keep-apart-notes", test_keep_apart_notes);
  g_test_add_func ("/housing/keep-apart-and-block", test_keep_apart_and_block);
  g_test_add_func ("/housing/moves-keep-history", test_moves_keep_history);
  g_test_add_func ("/housing/check-out-once", test_check_out_once);
  g_test_add_func ("/housing/reservations", test_reservations);
  g_test_add_func ("/housing/check-placing", test_check_placing);
  g_test_add_func ("/housing/undo", test_undo);
  g_test_add_func ("/housing/occupancy-list-pdf", test_occupancy_list_pdf);
  g_test_add_func ("/housing/edit", test_edit);
  g_test_add_func ("/housing/german-message", test_german_message);

  return g_test_run ();
}
