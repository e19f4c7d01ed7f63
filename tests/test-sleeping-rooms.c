/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>

#include "eakte-core.h"
#include "ea-store-private.h"
#include "ea-accounts-private.h"
#include "ea-test-util.h"

/* Issue "Rules that protect people": sleeping rooms, reservations that
 * hold, planned departures and the look ahead, on a small district built
 * by hand (one scenario per rule and path) and on random ones (thousands
 * of random changes, every rule checked on every room and night after
 * each). */

static EaStore *store;
static EaSession *housing;

/* Three rooms for anyone, a family room, a men's room; persons:
 *  1 Reza, man         2 Amina, woman        3 Rania, mother (hh 3)
 *  4 Lina, girl of 8, Rania's (hh 3)         5 Omar, man
 *  6 Sam, gender d     7 Yusuf, father (hh 7)  8 Adam, boy of 10, Yusuf's
 *  9 Jonas, man        10 Elif, woman */
static const char district[] =
  "INSERT INTO facilities (id, name, kind, created_at, created_by) VALUES "
  "  (1, 'GU Schutz', 'communal', 'x', 1), (2, 'GU Zweite', 'communal', 'x', 1);"
  "INSERT INTO units (id, facility_id, name, reserved_for) VALUES (1, 1, 'EG', 'none'),"
  "  (2, 2, 'EG', 'none');"
  "INSERT INTO rooms (id, unit_id, name, area_m2, capacity, rule, barrier_free) VALUES "
  "  (1, 1, 'A', 40, 4, 'any', 0), (2, 1, 'B', 40, 4, 'any', 0),"
  "  (3, 1, 'C', 40, 4, 'any', 0), (4, 1, 'F', 40, 4, 'family', 0),"
  "  (5, 2, 'M', 40, 4, 'men', 0);"
  "INSERT INTO beds (id, room_id, label) VALUES "
  "  (1, 1, 'A'), (2, 1, 'B'), (3, 1, 'C'), (4, 1, 'D'),"
  "  (5, 2, 'A'), (6, 2, 'B'), (7, 2, 'C'), (8, 2, 'D'),"
  "  (9, 3, 'A'), (10, 3, 'B'), (11, 3, 'C'), (12, 3, 'D'),"
  "  (13, 4, 'A'), (14, 4, 'B'), (15, 4, 'C'), (16, 4, 'D'),"
  "  (17, 5, 'A'), (18, 5, 'B'), (19, 5, 'C'), (20, 5, 'D');"
  "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, search_text, "
  "  sort_name, created_at, created_by, expected_on) VALUES "
  "  (1, 'Ahmadi', 'Reza', '1990-01-01', 'm', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (2, 'Haddad', 'Amina', '1995-03-00', 'w', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (3, 'Kaya', 'Rania', '1988-05-05', 'w', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (4, 'Kaya', 'Lina', '2018-07-00', 'w', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (5, 'Noori', 'Omar', '1980-00-00', 'm', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (6, 'Rahimi', 'Sam', '1999-09-09', 'd', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (7, 'Saleh', 'Yusuf', '1979-02-02', 'm', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (8, 'Saleh', 'Adam', '2016-04-04', 'm', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (9, 'Berger', 'Jonas', '1985-10-10', 'm', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (10, 'Demir', 'Elif', '1991-11-11', 'w', 'expected', '', '', 'x', 1, '2026-11-25');"
  "INSERT INTO households (id, created_at, created_by) VALUES (1, 'x', 1), (2, 'x', 1),"
  "  (3, 'x', 1), (5, 'x', 1), (6, 'x', 1), (7, 'x', 1), (9, 'x', 1), (10, 'x', 1);"
  "INSERT INTO household_members (household_id, person_id, role) VALUES "
  "  (1, 1, 'bezugsperson'), (2, 2, 'bezugsperson'), (3, 3, 'bezugsperson'), (3, 4, 'kind'),"
  "  (5, 5, 'bezugsperson'), (6, 6, 'bezugsperson'), (7, 7, 'bezugsperson'), (7, 8, 'kind'),"
  "  (9, 9, 'bezugsperson'), (10, 10, 'bezugsperson');";

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
  g_assert_true (ea_test_exec (store, district, &error));
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
check_in (gint64 person,
          gint64 bed)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ea_housing_check_in (housing, person, bed, NULL, &error), >, 0);
  g_assert_no_error (error);
}

/* A refusal of @code whose message holds @part. */
static void
refused (gint64       result,
         GError     **error,
         EaError      code,
         const char  *part)
{
  g_assert_cmpint (result, ==, 0);
  g_assert_error (*error, EA_ERROR, code);
  g_test_message ("%s", (*error)->message);
  if (part != NULL && strstr ((*error)->message, part) == NULL)
    g_error ("“%s” does not say “%s”", (*error)->message, part);
  g_clear_error (error);
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

/* Each new rule on each path: check-in, move, reservation, find-bed and
 * allocation. */
static void
test_rules_on_every_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *soon = ea_date_add_days (today, 2);
  g_autofree char *later = ea_date_add_days (today, 9);
  g_autoptr(EaBedMatcher) matcher = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) unplaceable = NULL;
  gint64 one[1];

  setup ();
  /* Room A: Reza. Room B: Rania and her daughter. */
  check_in (1, 1);
  check_in (3, 5);

  /* Check-in. A woman of another household in a room where a man sleeps. */
  refused (ea_housing_check_in (housing, 2, 2, NULL, &error), &error, EA_ERROR_RULE,
           "women and men share one only as one household");
  /* A girl moves only to an adult of her household: not alone into C. */
  refused (ea_housing_check_in (housing, 4, 9, NULL, &error), &error, EA_ERROR_RULE,
           "adult of their household");
  check_in (4, 6);
  /* An unrelated woman may not share a room with another's child. */
  refused (ea_housing_check_in (housing, 10, 7, NULL, &error), &error, EA_ERROR_RULE,
           "minor would share the bedroom with adults outside their household");
  /* A person of gender d with a man of another household: only when
   * confirmed; then yes. */
  refused (ea_housing_check_in (housing, 6, 2, NULL, &error), &error, EA_ERROR_CONFIRM,
           "Confirm");
  /* The refusal says which confirmation lifts it. */
  g_assert_cmpint (ea_housing_check_in (housing, 6, 2, NULL, &error), ==, 0);
  g_assert_cmpint (ea_place_flag_for_error (error), ==, EA_PLACE_CONFIRM_SHARED_ROOM);
  g_clear_error (&error);
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM audit_log "
                                             "WHERE action = 'confirm-shared-room'"), ==, 0);
  g_assert_cmpint (ea_housing_check_in_full (housing, 6, 2, NULL, EA_PLACE_CONFIRM_SHARED_ROOM,
                                             &error), >, 0);
  g_assert_no_error (error);
  /* Who confirmed it is on record, with the person. */
  g_assert_cmpint (ea_test_query_int (store, "SELECT count(*) FROM audit_log "
                                             "WHERE action = 'confirm-shared-room' "
                                             "AND object_type = 'stay' AND person_id = 6"), ==, 1);
  /* Right after the check-in it confirms. */
  g_assert_cmpint (ea_test_query_int (store, "SELECT c.id - i.id FROM audit_log c "
                                             "JOIN audit_log i ON i.object_id = c.object_id "
                                             "AND i.action = 'check-in' AND i.object_type = 'stay' "
                                             "WHERE c.action = 'confirm-shared-room' "
                                             "AND c.person_id = 6"), ==, 1);
  /* A man of another household with the person of gender d: confirm too. */
  refused (ea_housing_check_in (housing, 5, 3, NULL, &error), &error, EA_ERROR_CONFIRM, NULL);

  /* Move: Reza out of A into the mother's room B is refused. */
  ea_test_pin_clock (soon);
  refused (ea_housing_move (housing, 1, 7, NULL, NULL, &error), &error, EA_ERROR_RULE, NULL);
  ea_test_pin_clock (EA_TEST_NOW);

  /* Reservation: a bed in room B for Jonas, a man of another household. */
  refused (ea_housing_reserve (housing, 9, 8, soon, later, &error), &error, EA_ERROR_RULE,
           "share one only as one household");
  /* Who sleeps there on any night counts: Elif is held room C from
   * later on, so Omar, moving in today for good, may not. */
  g_assert_cmpint (ea_housing_reserve (housing, 10, 10, later, NULL, &error), >, 0);
  g_assert_no_error (error);
  refused (ea_housing_check_in (housing, 5, 11, NULL, &error), &error, EA_ERROR_RULE,
           "women and men");

  /* Find-bed: for Amina, never room A (a man, the person of gender d)
   * nor the men's room; for the boy alone nothing, with the reason; for
   * Sam of gender d, nothing shared, the reason named. */
  matcher = ea_bed_matcher_new (housing, today, NULL, &error);
  g_assert_no_error (error);
  one[0] = 2;
  found = ea_bed_matcher_find (matcher, one, 1, EA_RELIGION_IGNORE, 0, &unplaceable, &error);
  g_assert_no_error (error);
  g_assert_false (offers_room (found, "A"));
  g_assert_false (offers_room (found, "M"));
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&unplaceable, g_ptr_array_unref);
  one[0] = 8;
  found = ea_bed_matcher_find (matcher, one, 1, EA_RELIGION_IGNORE, 0, &unplaceable, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_nonnull (strstr (((EaUnplaceable *) g_ptr_array_index (unplaceable, 0))->reason,
                            "adult of the household"));
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&unplaceable, g_ptr_array_unref);
  {
    /* Father and son together: one room, the boy with his father. */
    gint64 family[] = { 7, 8 };

    found = ea_bed_matcher_find (matcher, family, 2, EA_RELIGION_IGNORE, 0, &unplaceable,
                                 &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, >, 0);
    g_assert_false (offers_room (found, "A"));
    g_assert_false (offers_room (found, "B"));
    g_assert_true (ea_bed_matcher_place (matcher, g_ptr_array_index (found, 0), TRUE, &error));
    g_assert_no_error (error);
  }
  teardown ();
}

/* Two more rooms for anyone, and three more persons: 11 Kim (gender x),
 * 12 Nadia and 13 Sara (women), each a household of their own. */
static const char more_rooms[] =
  "INSERT INTO rooms (id, unit_id, name, area_m2, capacity, rule, barrier_free) VALUES "
  "  (6, 1, 'D', 40, 4, 'any', 0), (7, 1, 'E', 40, 4, 'any', 0);"
  "INSERT INTO beds (id, room_id, label) VALUES (21, 6, 'A'), (22, 6, 'B'), (23, 6, 'C'),"
  "  (24, 6, 'D'), (25, 7, 'A'), (26, 7, 'B'), (27, 7, 'C'), (28, 7, 'D');"
  "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, search_text, "
  "  sort_name, created_at, created_by, expected_on) VALUES "
  "  (11, 'Lee', 'Kim', '1997-01-01', 'x', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (12, 'Sharifi', 'Nadia', '1993-02-02', 'w', 'expected', '', '', 'x', 1, '2026-11-25'),"
  "  (13, 'Osman', 'Sara', '1996-03-03', 'w', 'expected', '', '', 'x', 1, '2026-11-25');"
  "INSERT INTO households (id, created_at, created_by) VALUES (11, 'x', 1), (12, 'x', 1),"
  "  (13, 'x', 1);"
  "INSERT INTO household_members (household_id, person_id, role) VALUES "
  "  (11, 11, 'bezugsperson'), (12, 12, 'bezugsperson'), (13, 13, 'bezugsperson');";

static gint64
stay_of (gint64 person)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM stays WHERE person_id = %"
                                          G_GINT64_FORMAT " AND until_date IS NULL", person);

  return ea_test_query_int (store, sql);
}

/* What the first test leaves to one scenario each: every sleeping-room
 * rule by its message on a move and a reservation, a minor whose parent
 * comes only later, find-bed and "Warum nicht?" for the rules, and an
 * undo that would bring an unrelated man and woman together. */
static void
test_each_rule_each_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *soon = ea_date_add_days (today, 2);
  g_autofree char *later = ea_date_add_days (today, 9);
  g_autoptr(EaBedMatcher) matcher = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) unplaceable = NULL;
  g_autofree char *why = NULL;
  gint64 reza_stay, sam_stay, omar_old, omar_new, one[1];

  setup ();
  g_assert_true (ea_test_exec (store, more_rooms, &error));
  g_assert_no_error (error);
  /* A: Reza. B: Rania and Lina. C: Amina and Elif. E: Omar. M: Jonas.
   * F: Sam. */
  check_in (1, 1);
  check_in (3, 5);
  check_in (4, 6);
  check_in (2, 9);
  check_in (10, 10);
  check_in (5, 25);
  check_in (9, 17);
  check_in (6, 13);
  ea_test_pin_clock (soon);

  /* Move, each rule by its message. */
  refused (ea_housing_move (housing, 2, 2, NULL, NULL, &error), &error, EA_ERROR_RULE,
           "women and men share one only as one household");
  refused (ea_housing_move (housing, 10, 7, NULL, NULL, &error), &error, EA_ERROR_RULE,
           "minor would share the bedroom with adults outside their household");
  refused (ea_housing_move (housing, 4, 21, NULL, NULL, &error), &error, EA_ERROR_RULE,
           "adult of their household");
  g_assert_cmpint (stay_of (4), >, 0);
  g_assert_cmpint (ea_test_query_int (store, "SELECT bed_id FROM stays WHERE person_id = 4 "
                                             "AND until_date IS NULL"), ==, 6);
  /* Sam of gender d from the family room into the women's room C: only
   * confirmed. */
  refused (ea_housing_move (housing, 6, 11, NULL, NULL, &error), &error, EA_ERROR_CONFIRM,
           "Confirm this");
  g_assert_cmpint (ea_housing_move_full (housing, 6, 11, NULL, EA_PLACE_CONFIRM_SHARED_ROOM,
                                         NULL, &error), >, 0);
  g_assert_no_error (error);
  sam_stay = stay_of (6);

  /* Reservation, each rule by its message: a boy alone; a man in the
   * women's room; a person of gender x with others. */
  refused (ea_housing_reserve (housing, 8, 22, soon, NULL, &error), &error, EA_ERROR_RULE,
           "adult of their household");
  refused (ea_housing_reserve (housing, 7, 12, soon, NULL, &error), &error, EA_ERROR_RULE,
           "women and men");
  /* Kim (x) where Sam (d) sleeps with two women: only confirmed. */
  refused (ea_housing_reserve (housing, 11, 12, soon, NULL, &error), &error, EA_ERROR_CONFIRM,
           "Confirm this");

  /* A minor whose parent comes only later: the father holds D from the
   * later day, so the boy may not sleep there before him, neither
   * reserved nor checked in; from that day on he may. */
  g_assert_cmpint (ea_housing_reserve (housing, 7, 22, later, NULL, &error), >, 0);
  g_assert_no_error (error);
  refused (ea_housing_reserve (housing, 8, 23, soon, NULL, &error), &error, EA_ERROR_RULE,
           "adult of their household");
  refused (ea_housing_check_in (housing, 8, 24, NULL, &error), &error, EA_ERROR_RULE,
           "adult of their household");
  g_assert_cmpint (ea_housing_reserve (housing, 8, 23, later, NULL, &error), >, 0);
  g_assert_no_error (error);

  /* Find-bed from today on: the boy is never offered D before his
   * father comes; Kim (x) no room shared with others, and "Warum nicht?"
   * says so; Nadia no room with a man, and it says so. */
  matcher = ea_bed_matcher_new (housing, soon, NULL, &error);
  g_assert_no_error (error);
  one[0] = 11;
  found = ea_bed_matcher_find (matcher, one, 1, EA_RELIGION_IGNORE, 0, &unplaceable, &error);
  g_assert_no_error (error);
  g_assert_false (offers_room (found, "A"));
  g_assert_false (offers_room (found, "B"));
  g_assert_false (offers_room (found, "C"));
  g_assert_false (offers_room (found, "D"));
  g_assert_false (offers_room (found, "E"));
  g_assert_false (offers_room (found, "M"));
  why = ea_bed_matcher_dup_exclusions (matcher);
  g_assert_nonnull (why);
  g_test_message ("%s", why);
  g_assert_nonnull (strstr (why, "gender diverse or not stated"));
  g_clear_pointer (&why, g_free);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&unplaceable, g_ptr_array_unref);
  one[0] = 12;
  found = ea_bed_matcher_find (matcher, one, 1, EA_RELIGION_IGNORE, 0, &unplaceable, &error);
  g_assert_no_error (error);
  g_assert_false (offers_room (found, "A"));
  g_assert_false (offers_room (found, "E"));
  g_assert_false (offers_room (found, "D"));
  why = ea_bed_matcher_dup_exclusions (matcher);
  g_assert_nonnull (why);
  g_assert_nonnull (strstr (why, "of the other gender"));
  g_clear_pointer (&why, g_free);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&unplaceable, g_ptr_array_unref);
  g_clear_object (&matcher);

  /* Undo. Reza leaves A, Nadia moves in: taking his check-out back
   * would put a man and an unrelated woman in one bedroom. */
  reza_stay = stay_of (1);
  g_assert_cmpint (ea_housing_check_out (housing, 1, NULL, &error), ==, reza_stay);
  g_assert_no_error (error);
  check_in (12, 2);
  g_assert_false (ea_housing_undo_check_out (housing, reza_stay, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_assert_nonnull (strstr (error->message, "cannot be undone"));
  g_assert_nonnull (strstr (error->message, "women and men"));
  g_clear_error (&error);
  g_assert_cmpint (stay_of (1), ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'undo-check-out'"),
                   ==, 0);

  /* Omar moves from E to the men's room; Sara moves into E; taking his
   * move back is refused the same way, and nothing changes. */
  omar_old = stay_of (5);
  omar_new = ea_housing_move (housing, 5, 18, NULL, NULL, &error);
  g_assert_no_error (error);
  check_in (13, 26);
  g_assert_false (ea_housing_undo_move (housing, omar_old, omar_new, &error));
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_assert_nonnull (strstr (error->message, "cannot be undone"));
  g_clear_error (&error);
  g_assert_cmpint (stay_of (5), ==, omar_new);

  /* The shared bedroom Sam confirmed stays confirmed when a check-out
   * is taken back. */
  ea_test_pin_clock (later);
  g_assert_cmpint (ea_housing_check_out (housing, 6, NULL, &error), ==, sam_stay);
  g_assert_no_error (error);
  g_assert_true (ea_housing_undo_check_out (housing, sam_stay, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stay_of (6), ==, sam_stay);
  ea_test_pin_clock (EA_TEST_NOW);
  teardown ();
}

/* Allocation places nobody against the rules: the expected arrivals of
 * the district above, all at once. */
static void
test_allocation_keeps_rooms (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaAllocation) allocation = NULL;

  setup ();
  check_in (1, 1);
  allocation = ea_allocation_new (housing, NULL, EA_RELIGION_IGNORE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ea_allocation_commit (allocation, &error), >, 0);
  g_assert_no_error (error);
  /* No woman reserved into Reza's room A; the girl with her mother; the
   * person of gender d alone or not at all. */
  g_assert_cmpint (count ("SELECT count(*) FROM reservations v JOIN beds b ON b.id = v.bed_id "
                          "JOIN persons p ON p.id = v.person_id WHERE b.room_id = 1 "
                          "AND p.gender <> 'm' AND v.state = 'active'"), ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM reservations v JOIN beds b ON b.id = v.bed_id "
                          "WHERE v.person_id = 4 AND v.state = 'active' AND b.room_id NOT IN "
                          "(SELECT b2.room_id FROM reservations w JOIN beds b2 ON b2.id = w.bed_id "
                          "WHERE w.person_id = 3 AND w.state = 'active')"), ==, 0);
  g_assert_cmpint (count ("SELECT count(*) FROM reservations v JOIN beds b ON b.id = v.bed_id "
                          "WHERE v.person_id = 6 AND v.state = 'active' AND EXISTS (SELECT 1 "
                          "FROM reservations w JOIN beds c ON c.id = w.bed_id WHERE "
                          "c.room_id = b.room_id AND w.person_id <> 6 AND w.state = 'active')"),
                   ==, 0);
  teardown ();
}

/* A reserved bed is not given away: refused by name, cancelled only on
 * purpose, refused by the database itself; the room plan and the counts
 * say it is held from a later day, and find-bed does not offer it. */
static void
test_reservations_hold (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *later = ea_date_add_days (today, 14);
  g_autofree char *shown = ea_date_format (later);
  g_autofree char *after_hold = ea_date_add_days (later, 2);
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GListModel) occupancy = NULL;
  g_autoptr(EaBedMatcher) matcher = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *overlap = NULL;
  EaOccupancyTotals totals;
  EaPlanBed *bed17 = NULL;
  gint64 reservation, one[1] = { 9 };

  setup ();
  reservation = ea_housing_reserve (housing, 5, 17, later, NULL, &error);
  g_assert_cmpint (reservation, >, 0);
  g_assert_no_error (error);

  /* The room plan of today: free until then, then held, and for whom. */
  plan = ea_housing_room_plan (housing, 2, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint b = 0; b < ((EaPlanRoom *) g_ptr_array_index (plan, 0))->beds->len; b++)
    {
      EaPlanBed *bed = g_ptr_array_index (((EaPlanRoom *) g_ptr_array_index (plan, 0))->beds, b);

      if (bed->bed_id == 17)
        bed17 = bed;
    }
  g_assert_nonnull (bed17);
  g_assert_cmpint (bed17->status, ==, EA_BED_FREE);
  g_assert_cmpstr (bed17->reserved_from, ==, later);
  g_assert_cmpstr (bed17->reserved_name, ==, "Noori, Omar");
  occupancy = ea_occupancy_list (housing, NULL, &error);
  ea_occupancy_sum (occupancy, &totals);
  g_assert_cmpuint (totals.free_reserved_later, ==, 1);

  /* Find-bed does not offer the held bed for good. */
  matcher = ea_bed_matcher_new (housing, today, NULL, &error);
  found = ea_bed_matcher_find (matcher, one, 1, EA_RELIGION_IGNORE, 0, NULL, &error);
  for (guint i = 0; i < found->len; i++)
    {
      EaBedCandidate *c = g_ptr_array_index (found, i);

      for (guint k = 0; k < c->bed_ids->len; k++)
        g_assert_cmpint (g_array_index (c->bed_ids, gint64, k), !=, 17);
    }

  /* Checking someone else in: refused, naming the hold. */
  message = g_strdup_printf ("Bed A in room M is reserved from %s for Noori, Omar", shown);
  refused (ea_housing_check_in (housing, 9, 17, NULL, &error), &error, EA_ERROR_RESERVED, message);
  g_assert_cmpint (ea_housing_check_in (housing, 9, 17, NULL, &error), ==, 0);
  g_assert_cmpint (ea_place_flag_for_error (error), ==, EA_PLACE_CANCEL_RESERVATION);
  g_clear_error (&error);
  g_assert_cmpint (ea_place_flag_for_error (NULL), ==, EA_PLACE_DEFAULT);
  refused (ea_housing_reserve (housing, 9, 17, NULL, after_hold, &error), &error,
           EA_ERROR_RESERVED, message);
  /* Cancelled in the same step, on purpose. */
  g_assert_cmpint (ea_housing_check_in_full (housing, 9, 17, NULL, EA_PLACE_CANCEL_RESERVATION,
                                             &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count ("SELECT count(*) FROM reservations WHERE state = 'cancelled'"), ==, 1);
  g_assert_cmpint (count ("SELECT count(*) FROM audit_log WHERE action = 'cancel-reservation'"),
                   ==, 1);

  /* The database itself refuses overlapping holds and a stay in a bed
   * held for another, whatever code writes them. */
  g_assert_cmpint (ea_housing_reserve (housing, 1, 18, later, NULL, &error), >, 0);
  g_assert_false (ea_test_exec (store, "INSERT INTO reservations (person_id, bed_id, "
                                         "from_date, created_at, created_by) VALUES "
                                         "(2, 18, '2026-01-01', 'x', 1)", &error));
  g_assert_nonnull (strstr (error->message, "overlapping reservation"));
  g_clear_error (&error);
  overlap = g_strdup_printf ("INSERT INTO stays (person_id, bed_id, from_date, created_at, "
                             "created_by) VALUES (2, 18, '%s', 'x', 1)", today);
  g_assert_false (ea_test_exec (store, overlap, &error));
  g_assert_nonnull (strstr (error->message, "reserved for another person"));
  teardown ();
}

/* Planned departures and the look ahead count what is to come. */
static void
test_look_ahead (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *in3 = ea_date_add_days (today, 3);
  g_autofree char *in5 = ea_date_add_days (today, 5);
  g_autoptr(EaOutlook) outlook = NULL;
  g_autoptr(GListModel) future = NULL;
  g_autofree char *pdf = NULL;
  EaOccupancyTotals totals;
  EaOutlookFacility *first = NULL;

  setup ();
  check_in (1, 1);
  check_in (9, 2);
  /* Reza plans to leave in three days; a bed is blocked until day 5;
   * Amina is held a bed from day 3 on. */
  g_assert_false (ea_housing_plan_departure (housing, 1, today, &error));
  g_clear_error (&error);
  g_assert_true (ea_housing_plan_departure (housing, 1, in3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_block_bed (housing, 9, "damage", NULL, NULL, in5, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_reserve (housing, 2, 10, in3, NULL, &error), >, 0);
  g_assert_no_error (error);

  outlook = ea_outlook_new (housing, NULL, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outlook->n_days, ==, 14);
  for (guint i = 0; i < outlook->facilities->len; i++)
    if (((EaOutlookFacility *) g_ptr_array_index (outlook->facilities, i))->facility_id == 1)
      first = g_ptr_array_index (outlook->facilities, i);
  g_assert_nonnull (first);
  g_assert_cmpuint (first->capacity, ==, 16);
  /* Today: two occupied, one blocked; day 3: one occupied (Reza gone),
   * one held; day 5: the block is over. */
  g_assert_cmpuint (first->occupied[0], ==, 2);
  g_assert_cmpuint (first->blocked[0], ==, 1);
  g_assert_cmpuint (first->occupied[3], ==, 1);
  g_assert_cmpuint (first->departures[3], ==, 1);
  g_assert_cmpuint (first->reserved[3], ==, 1);
  g_assert_cmpuint (first->blocked[5], ==, 0);
  g_assert_cmpuint (first->returning[5], ==, 1);
  g_assert_cmpuint (ea_outlook_facility_free (first, 0), ==, 13);
  g_assert_cmpuint (ea_outlook_facility_free (first, 5), ==, 14);
  /* The other seven arrivals without a bed are due from day 2: the
   * district is never short of free beds. */
  g_assert_cmpuint (outlook->waiting[0], ==, 0);
  g_assert_cmpuint (outlook->waiting[13], ==, 7);
  g_assert_false (outlook->short_of_beds[13]);

  /* The occupancy of day 4, as planned; no further than 90 days. */
  {
    g_autofree char *day4 = ea_outlook_dup_day (outlook, 4);

    future = ea_occupancy_list (housing, day4, &error);
    g_assert_no_error (error);
  }
  ea_occupancy_sum (future, &totals);
  g_assert_cmpuint (totals.occupied, ==, 1);
  g_assert_cmpuint (totals.reserved, ==, 1);
  g_clear_object (&future);
  {
    g_autofree char *far = ea_date_add_days (today, 91);

    g_assert_null (ea_occupancy_list (housing, far, &error));
    g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* The printed list. */
  {
    g_autofree char *dir = ea_test_dir_make_tmp ();

    pdf = g_build_filename (dir, "vorschau.pdf", NULL);
  }
  g_unlink (pdf);
  g_assert_true (ea_outlook_write_pdf (outlook, housing, pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
    PopplerDocument *document = poppler_document_new_from_file (uri, NULL, &error);
    PopplerPage *page;
    g_autofree char *text = NULL;
    g_autofree char *day3 = ea_date_format (in3);

    g_assert_no_error (error);
    g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);
    page = poppler_document_get_page (document, 0);
    text = poppler_page_get_text (page);
    /* The day 3 column, the facility's line, and the district's. */
    day3[6] = '\0';
    g_assert_nonnull (strstr (text, day3));
    g_assert_nonnull (strstr (text, first->name));
    g_assert_nonnull (strstr (text, "Expected without a bed"));
    g_object_unref (page);
    g_object_unref (document);
  }
  /* Never over a file that is there. */
  g_assert_false (ea_outlook_write_pdf (outlook, housing, pdf, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_unlink (pdf);
  teardown ();
}

/* A long list goes on as many pages as it needs, every facility once,
 * the district's lines at the end. */
static void
test_outlook_pages (void)
{
  EaOutlook outlook = { .from = (char *) "2026-11-23", .n_days = 14 };
  guint free_days[14] = { 0 }, none[14] = { 0 };
  cairo_surface_t *surface;
  g_autofree char *dir = ea_test_dir_make_tmp ();
  g_autofree char *pdf = g_build_filename (dir, "vorschau-lang.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
  PopplerDocument *document;
  g_autoptr(GError) error = NULL;
  gboolean short_of_beds[14] = { FALSE };
  cairo_t *cr;
  int pages;

  outlook.facilities = g_ptr_array_new_with_free_func (g_free);
  outlook.free = free_days;
  outlook.waiting = none;
  outlook.short_of_beds = short_of_beds;
  for (guint i = 0; i < 120; i++)
    {
      EaOutlookFacility *f = g_new0 (EaOutlookFacility, 1);

      f->name = g_strdup_printf ("Haus %03u", i);
      f->free_men = f->free_women = f->free_family = f->free_any = none;
      g_ptr_array_add (outlook.facilities, f);
    }
  pages = ea_outlook_paginate (&outlook, 595);
  g_assert_cmpint (pages, >=, 3);
  surface = cairo_pdf_surface_create (pdf, 842, 595);
  cr = cairo_create (surface);
  for (int page = 0; page < pages; page++)
    {
      ea_outlook_draw_page (&outlook, "Landkreis", cr, page, 842, 595);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, pages);
  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *name = g_strdup_printf ("Haus %03u", i);
      guint found = 0;

      for (int page = 0; page < pages; page++)
        {
          PopplerPage *p = poppler_document_get_page (document, page);
          g_autofree char *text = poppler_page_get_text (p);

          found += strstr (text, name) != NULL;
          g_assert_true ((strstr (text, "District: free beds") != NULL) == (page == pages - 1));
          g_object_unref (p);
        }
      g_assert_cmpuint (found, ==, 1);
    }
  for (guint i = 0; i < outlook.facilities->len; i++)
    g_free (((EaOutlookFacility *) g_ptr_array_index (outlook.facilities, i))->name);
  g_ptr_array_unref (outlook.facilities);
  g_object_unref (document);
  g_unlink (pdf);
}

/* Random districts and random changes: after each that went through,
 * every room on every night keeps every rule. */

typedef struct
{
  gint64      person;
  gint64      household;
  char        gender;
  char       *birth;
  guint32     from;
  guint32     until;   /* 0: open */
  gint64      bed;
  gboolean    stay;
} Presence;

static void
presence_clear (Presence *p)
{
  g_free (p->birth);
}

static void
assert_rooms_keep_rules (const char *after)
{
  g_autoptr(EaStmt) rooms = _ea_store_prepare (store,
    "SELECT id, capacity, area_m2 FROM rooms", NULL);

  while (_ea_stmt_step (rooms) == EA_STMT_ROW)
    {
      gint64 room = _ea_stmt_column_int64 (rooms, 0);
      int capacity = _ea_stmt_column_int (rooms, 1);
      double area = _ea_stmt_column_double (rooms, 2);
      g_autoptr(EaStmt) in = _ea_store_prepare (store,
        "SELECT x.person_id, coalesce (m.household_id, -x.person_id), p.gender, p.birth_date, "
        "  x.from_date, x.until_date, x.bed_id, x.stay FROM "
        "  (SELECT person_id, bed_id, from_date, until_date, 1 AS stay FROM stays "
        "   UNION ALL SELECT person_id, bed_id, from_date, until_date, 0 FROM reservations "
        "   WHERE state = 'active') x JOIN beds b ON b.id = x.bed_id "
        "JOIN persons p ON p.id = x.person_id "
        "LEFT JOIN household_members m ON m.person_id = x.person_id WHERE b.room_id = ?1", NULL);
      g_autoptr(GArray) all = g_array_new (FALSE, TRUE, sizeof (Presence));

      g_array_set_clear_func (all, (GDestroyNotify) presence_clear);
      _ea_stmt_bind_int64 (in, 1, room);
      while (_ea_stmt_step (in) == EA_STMT_ROW)
        {
          Presence p = {
            .person = _ea_stmt_column_int64 (in, 0),
            .household = _ea_stmt_column_int64 (in, 1),
            .gender = (_ea_stmt_column_text (in, 2))[0],
            .birth = g_strdup (_ea_stmt_column_text (in, 3)),
            .from = ea_date_to_day (_ea_stmt_column_text (in, 4)),
            .until = _ea_stmt_column_is_null (in, 5) ? 0
                     : ea_date_to_day (_ea_stmt_column_text (in, 5)),
            .bed = _ea_stmt_column_int64 (in, 6),
            .stay = _ea_stmt_column_int (in, 7),
          };

          g_array_append_val (all, p);
        }
      for (guint i = 0; i < all->len; i++)
        {
          Presence *a = &g_array_index (all, Presence, i);
          g_autoptr(GHashTable) there = g_hash_table_new (g_int64_hash, g_int64_equal);
          guint at_once;

          /* Who is there on the night a's presence begins, each once. */
          for (guint j = 0; j < all->len; j++)
            {
              Presence *b = &g_array_index (all, Presence, j);

              if (b->from <= a->from && (b->until == 0 || b->until > a->from))
                g_hash_table_add (there, &b->person);
            }
          at_once = g_hash_table_size (there);

          for (guint j = 0; j < all->len; j++)
            {
              Presence *b = &g_array_index (all, Presence, j);
              guint32 night = MAX (a->from, b->from);
              g_autofree char *iso = NULL;
              int age_a, age_b;

              if ((a->until != 0 && a->until <= night) || (b->until != 0 && b->until <= night))
                continue;
              if (a->person == b->person)
                continue;
              if (a->bed == b->bed)
                g_error ("%s: bed %lld holds persons %lld and %lld at once", after,
                         (long long) a->bed, (long long) a->person, (long long) b->person);
              if (a->household == b->household)
                continue;
              iso = ea_date_from_day (night);
              age_a = ea_partial_date_age (a->birth, iso);
              age_b = ea_partial_date_age (b->birth, iso);
              if ((a->gender == 'm' && b->gender == 'w') || (a->gender == 'w' && b->gender == 'm'))
                g_error ("%s: room %lld has unrelated man %lld and woman %lld", after,
                         (long long) room, (long long) a->person, (long long) b->person);
              if ((age_a < 18) != (age_b < 18))
                g_error ("%s: room %lld has minor and unrelated adult (%lld, %lld)", after,
                         (long long) room, (long long) a->person, (long long) b->person);
              if (a->gender == 'd' || a->gender == 'x' || b->gender == 'd' || b->gender == 'x')
                g_error ("%s: room %lld has a person of gender d or x with others", after,
                         (long long) room);
            }
          if ((int) at_once > capacity || area / at_once < 7.0 - 1e-9)
            for (guint k = 0; k < all->len; k++)
              {
                Presence *p = &g_array_index (all, Presence, k);
                g_autofree char *f = ea_date_from_day (p->from);
                g_autofree char *u = p->until ? ea_date_from_day (p->until) : g_strdup ("-");

                g_test_message ("  person %lld bed %lld %s %s..%s", (long long) p->person,
                                (long long) p->bed, p->stay ? "stay" : "reserved", f, u);
              }
          if ((int) at_once > capacity || area / at_once < 7.0 - 1e-9)
            g_error ("%s: room %lld holds %u persons on one night (capacity %d, %.0f m²)", after,
                     (long long) room, at_once, capacity, area);
        }
    }
}

static void
random_district (GRand *rand)
{
  static const char *rules[] = { "men", "women", "family", "any", "any", "any" };
  static const char genders[] = "mmmwwwdx";
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = ea_clock_today ();
  gint64 room = 0, bed = 0, person = 0;

  g_string_append (sql, "INSERT INTO facilities (id, name, kind, created_at, created_by) VALUES "
                        "(1, 'GU Zufall', 'communal', 'x', 1);"
                        "INSERT INTO units (id, facility_id, name, reserved_for) VALUES "
                        "(1, 1, 'EG', 'none');");
  for (int r = g_rand_int_range (rand, 3, 9); r > 0; r--)
    {
      int capacity = g_rand_int_range (rand, 1, 5);

      room++;
      g_string_append_printf (sql, "INSERT INTO rooms (id, unit_id, name, area_m2, capacity, "
                              "rule, barrier_free) VALUES (%lld, 1, 'R%lld', %d, %d, '%s', 1);",
                              (long long) room, (long long) room,
                              capacity * g_rand_int_range (rand, 6, 10), capacity,
                              rules[g_rand_int_range (rand, 0, G_N_ELEMENTS (rules))]);
      for (int b = 0; b < capacity + g_rand_int_range (rand, 0, 2); b++)
        {
          bed++;
          g_string_append_printf (sql, "INSERT INTO beds (id, room_id, label) VALUES "
                                  "(%lld, %lld, '%c');", (long long) bed, (long long) room,
                                  'A' + b);
        }
    }
  /* Households of one or two adults with up to three children, singles
   * of all four genders. */
  for (int h = 1; h <= g_rand_int_range (rand, 5, 14); h++)
    {
      int adults = g_rand_int_range (rand, 1, 3);
      int children = adults == 1 && g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 0, 4);

      g_string_append_printf (sql, "INSERT INTO households (id, created_at, created_by) VALUES "
                              "(%d, 'x', 1);", h);
      for (int m = 0; m < adults + children; m++)
        {
          gboolean adult = m < adults;
          char gender = genders[g_rand_int_range (rand, 0, adults + children == 1 ? 8 : 6)];
          g_autofree char *expected = ea_date_add_days (today, g_rand_int_range (rand, 0, 10));

          person++;
          g_string_append_printf (sql, "INSERT INTO persons (id, family_name, birth_date, gender, "
                                  "status, expected_on, search_text, sort_name, created_at, "
                                  "created_by) VALUES (%lld, 'P%lld', '%d-%02d-15', '%c', "
                                  "'expected', '%s', '', '', 'x', 1);"
                                  "INSERT INTO household_members (household_id, person_id, role) "
                                  "VALUES (%d, %lld, '%s');", (long long) person,
                                  (long long) person,
                                  adult ? g_rand_int_range (rand, 1960, 2006)
                                        : g_rand_int_range (rand, 2009, 2025),
                                  g_rand_int_range (rand, 1, 13), gender, expected, h,
                                  (long long) person, m == 0 ? "bezugsperson" : adult
                                    ? "ehegatte" : "kind");
        }
    }
  g_assert_true (ea_test_exec (store, sql->str, &error));
  g_assert_no_error (error);
}

/* A roommate who comes later is compared as of the night they come: Mia
 * Berger, 17 today (23.11.2026), holds a bed of room A from 05.12.2026,
 * when she is 18. Lina Kaya (8), checked in today with her mother in
 * room A, would share the bedroom with an unrelated adult from then on:
 * refused, as the bed finder for her finds no bed there either. */
static void
test_roommate_comes_of_age (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaBedMatcher) matcher = NULL;
  g_autoptr(GPtrArray) found = NULL;

  setup ();
  g_assert_true (ea_test_exec (store,
    "INSERT INTO persons (id, family_name, given_names, birth_date, gender, status, "
    "  search_text, sort_name, created_at, created_by, expected_on) VALUES "
    "  (11, 'Berger', 'Mia', '2008-12-01', 'w', 'expected', '', '', 'x', 1, '2026-12-05');"
    "INSERT INTO households (id, created_at, created_by) VALUES (11, 'x', 1);"
    "INSERT INTO household_members (household_id, person_id, role) VALUES "
    "  (11, 11, 'bezugsperson');", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ea_housing_reserve (housing, 11, 1, "2026-12-05", NULL, &error), >, 0);
  g_assert_no_error (error);
  check_in (3, 2);

  matcher = ea_bed_matcher_new (housing, NULL, NULL, &error);
  g_assert_no_error (error);
  found = ea_bed_matcher_find (matcher, (gint64[]) { 4 }, 1, EA_RELIGION_IGNORE, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (((EaBedCandidate *) g_ptr_array_index (found, i))->room_id, !=, 1);

  g_assert_cmpint (ea_housing_check_in (housing, 4, 3, NULL, &error), <=, 0);
  g_assert_error (error, EA_ERROR, EA_ERROR_RULE);
  g_assert_nonnull (strstr (error->message, "minor"));
  g_assert_cmpint (count ("SELECT count (*) FROM stays WHERE person_id = 4"), ==, 0);
  teardown ();
}

static void
test_random_changes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint done = 0, tried = 0;

  for (guint district_no = 0; district_no < 12; district_no++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *today = NULL;
      /* Check-outs and moves to take back later, when others have
       * changed the rooms meanwhile. */
      g_autoptr(GArray) left = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 n_persons, n_beds;

      store = ea_test_new_store ("08315000");
      g_assert_cmpint (_ea_accounts_create_user (store, 1, "verwaltung", "V", "geheim123",
                                                 "housing", &error), >, 0);
      housing = ea_session_login (store, "verwaltung", "geheim123", &error);
      g_assert_no_error (error);
      random_district (rand);
      n_persons = count ("SELECT max (id) FROM persons");
      n_beds = count ("SELECT max (id) FROM beds");

      for (guint step = 0; step < 300; step++)
        {
          gint64 person = g_rand_int_range (rand, 1, (gint32) n_persons + 1);
          gint64 bed = g_rand_int_range (rand, 1, (gint32) n_beds + 1);
          int op = g_rand_int_range (rand, 0, 14);
          g_autofree char *what = NULL;
          gboolean ok = FALSE;

          g_clear_error (&error);
          today = (g_free (today), ea_clock_today ());
          tried++;
          if (op < 4)
            {
              what = g_strdup_printf ("check-in %lld to bed %lld", (long long) person,
                                      (long long) bed);
              ok = ea_housing_check_in (housing, person, bed, NULL, &error) > 0;
            }
          else if (op < 6)
            {
              what = g_strdup_printf ("move %lld to bed %lld", (long long) person,
                                      (long long) bed);
              {
                gint64 old_stay = 0;
                gint64 new_stay = ea_housing_move (housing, person, bed, NULL, &old_stay,
                                                   &error);

                ok = new_stay > 0;
                if (ok)
                  {
                    g_array_append_val (moved, old_stay);
                    g_array_append_val (moved, new_stay);
                  }
              }
            }
          else if (op < 8)
            {
              g_autofree char *from = ea_date_add_days (today, g_rand_int_range (rand, 0, 15));
              g_autofree char *until = ea_date_add_days (from, g_rand_int_range (rand, 1, 30));

              what = g_strdup_printf ("reservation of bed %lld for %lld", (long long) bed,
                                      (long long) person);
              ok = ea_housing_reserve (housing, person, bed, from,
                                       g_rand_boolean (rand) ? until : NULL, &error) > 0;
            }
          else if (op < 9)
            {
              what = g_strdup_printf ("check-out of %lld", (long long) person);
              {
                gint64 stay = ea_housing_check_out (housing, person, NULL, &error);

                ok = stay > 0;
                if (ok)
                  g_array_append_val (left, stay);
              }
            }
          else if (op == 12 && left->len > 0)
            {
              gint64 stay = g_array_index (left, gint64, g_rand_int_range (rand, 0,
                                                                            (gint32) left->len));

              what = g_strdup_printf ("undo of the check-out of stay %lld", (long long) stay);
              ok = ea_housing_undo_check_out (housing, stay, &error);
            }
          else if (op == 13 && moved->len > 0)
            {
              guint i = 2 * (guint) g_rand_int_range (rand, 0, (gint32) moved->len / 2);

              what = g_strdup_printf ("undo of the move to stay %lld",
                                      (long long) g_array_index (moved, gint64, i + 1));
              ok = ea_housing_undo_move (housing, g_array_index (moved, gint64, i),
                                         g_array_index (moved, gint64, i + 1), &error);
            }
          else if (op < 10)
            {
              g_autoptr(EaAllocation) allocation = ea_allocation_new (housing, NULL,
                                                                      EA_RELIGION_IGNORE,
                                                                      &error);

              what = g_strdup ("allocation");
              ok = allocation != NULL && ea_allocation_get_n_placed (allocation) > 0 &&
                   ea_allocation_commit (allocation, &error) > 0;
            }
          else if (op < 12)
            {
              /* The days go by. */
              ea_clock_advance (G_TIME_SPAN_DAY * g_rand_int_range (rand, 1, 4));
              what = g_strdup ("days later");
              ok = TRUE;
            }
          if (ok)
            {
              done++;
              assert_rooms_keep_rules (what);
            }
        }
      g_clear_object (&housing);
      g_clear_object (&store);
      ea_test_pin_clock (EA_TEST_NOW);
    }
  g_test_message ("%u of %u random changes went through, the rules held after each", done,
                  tried);
  g_assert_cmpuint (done, >, 500);
}

/* The demo district keeps the rules too: every room of several seeds on
 * every night of its history. */
static void
test_demo_keeps_rules (void)
{
  for (guint32 seed = 1; seed <= 4; seed++)
    {
      g_autofree char *what = g_strdup_printf ("the demo of seed %u", seed);

      store = ea_test_new_demo (seed, 700, 8, NULL);
      assert_rooms_keep_rules (what);
      g_clear_object (&store);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ea_test_pin_clock (EA_TEST_NOW);

  g_test_add_func ("/sleeping-rooms/rules-on-every-path", test_rules_on_every_path);
  g_test_add_func ("/sleeping-rooms/each-rule-each-path", test_each_rule_each_path);
  g_test_add_func ("/sleeping-rooms/allocation", test_allocation_keeps_rooms);
  g_test_add_func ("/reservations/hold", test_reservations_hold);
  g_test_add_func ("/outlook/planned", test_look_ahead);
  g_test_add_func ("/outlook/pages", test_outlook_pages);
  g_test_add_func ("/sleeping-rooms/roommate-comes-of-age", test_roommate_comes_of_age);
  g_test_add_func ("/sleeping-rooms/random-changes", test_random_changes);
  g_test_add_func ("/sleeping-rooms/demo", test_demo_keeps_rules);
  return g_test_run ();
}
