/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "eakte-core.h"
#include "ea-test-util.h"

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Yılmaz", "yilmaz" },
    { "Öztürk", "ozturk" },
    { "Müller", "muller" },
    { "Gülşen Çelik", "gulsen celik" },
    { "  Straße   Groß ", "strasse gross" },
    { "İbrahim", "ibrahim" },
    { "Condé", "conde" },
    { "Al-Hassan", "al-hassan" },
    { "Łukasz Øberg", "lukasz oberg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = ea_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_partial_dates (void)
{
  static const struct { const char *iso, *shown; } valid[] = {
    { "1986-03-14", "14.03.1986" },
    { "2019-07-00", "00.07.2019" },
    { "1990-00-00", "1990" },
    { "2024-02-29", "29.02.2024" },
  };
  static const char *invalid[] = {
    "0000-00-00", "1990-00-05", "1990-13-01", "2023-02-29", "1990-1-1", "90-01-01",
    "abcd-ef-gh", "", "1990-04-31",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *shown = ea_partial_date_format (valid[i].iso);
      g_assert_true (ea_partial_date_is_valid (valid[i].iso));
      g_assert_cmpstr (shown, ==, valid[i].shown);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (ea_partial_date_is_valid (invalid[i]));

  /* Full dates only where a day is needed. */
  g_assert_true (ea_date_is_valid ("2026-11-23"));
  g_assert_false (ea_date_is_valid ("2026-11-00"));

  /* Unknown parts never make a person older than they can be. */
  g_assert_cmpint (ea_partial_date_age ("2019-07-00", "2026-07-15"), ==, 6);
  g_assert_cmpint (ea_partial_date_age ("2019-07-00", "2026-08-01"), ==, 7);
  g_assert_cmpint (ea_partial_date_age ("1990-00-00", "2026-06-30"), ==, 35);
  g_assert_cmpint (ea_partial_date_age ("1986-03-14", "2026-03-14"), ==, 40);
}

static void
test_date_input (void)
{
  g_autofree char *a = ea_date_parse_input ("23.11.2026");
  g_autofree char *b = ea_date_parse_input ("2026-11-23");
  g_autofree char *c = ea_date_parse_input ("31.02.2026");
  g_autofree char *d = ea_date_parse_input ("morgen");
  g_autofree char *plus = ea_date_add_days ("2026-12-30", 3);

  g_assert_cmpstr (a, ==, "2026-11-23");
  g_assert_cmpstr (b, ==, "2026-11-23");
  g_assert_null (c);
  g_assert_null (d);
  g_assert_cmpstr (plus, ==, "2027-01-02");
}

static void
test_format_count (void)
{
  static const struct { gint64 n; const char *out; } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1.000" }, { 2500, "2.500" },
    { 100000, "100.000" }, { 1234567, "1.234.567" }, { -4200, "-4.200" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = ea_format_count (cases[i].n);
      g_assert_cmpstr (s, ==, cases[i].out);
    }
}

/* Partially known birth dates: shown as the office writes them, and
 * read back from there to the same stored value. */
static void
test_partial_round_trip (void)
{
  static const char *dates[] = {
    "1986-03-14", "2019-07-00", "2019-00-00", "1950-12-00", "2000-02-29",
  };
  static const char *bad[] = {
    "31.02.2019", "00.13.2019", "14.00.2019", "0000", "19", "14.3.1986", "morgen", "",
    "2019-00-05",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *shown = ea_partial_date_format (dates[i]);
      g_autofree char *back = ea_partial_date_parse_input (shown);

      g_assert_cmpstr (back, ==, dates[i]);
    }
  {
    g_autofree char *year = ea_partial_date_parse_input (" 2019 ");
    g_autofree char *unknown_day = ea_partial_date_parse_input ("00.07.2019");
    g_autofree char *shown = ea_partial_date_format ("2019-00-00");

    g_assert_cmpstr (year, ==, "2019-00-00");
    g_assert_cmpstr (unknown_day, ==, "2019-07-00");
    g_assert_cmpstr (shown, ==, "2019");
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *none = ea_partial_date_parse_input (bad[i]);

      if (none != NULL)
        g_error ("%s read as %s", bad[i], none);
    }
}

/* Day numbers agree with GDate's Julian days over two centuries, round
 * trip, and refuse what is no full date. */
static void
test_day_numbers (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 1, 1900);
  while (g_date_get_year (&date) <= 2100)
    {
      g_autofree char *iso = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date),
                                              g_date_get_month (&date), g_date_get_day (&date));
      g_autofree char *back = NULL;
      guint32 day = ea_date_to_day (iso);

      g_assert_cmpuint (day, ==, g_date_get_julian (&date));
      back = ea_date_from_day (day);
      g_assert_cmpstr (back, ==, iso);
      g_date_add_days (&date, 1);
    }
  g_assert_cmpuint (ea_date_to_day ("2024-02-30"), ==, 0);
  g_assert_cmpuint (ea_date_to_day ("2024-07-00"), ==, 0);
  g_assert_cmpuint (ea_date_to_day ("gestern"), ==, 0);
  g_assert_cmpuint (ea_date_to_day ("2024-03-01") - ea_date_to_day ("2024-02-28"), ==, 2);
}

/* The clock says the office's day in Berlin, whatever the machine's zone,
 * also in the nights the clocks change, and refuses what is no time. */
static void
test_clock (void)
{
  static const struct { const char *when, *today, *stamp; } cases[] = {
    /* New Year's Eve in UTC is already New Year's Day in Berlin. */
    { "2026-12-31T23:30:00Z", "2027-01-01", "2026-12-31T23:30:00Z" },
    { "2026-12-31T22:59:59Z", "2026-12-31", "2026-12-31T22:59:59Z" },
    /* A day alone is taken at noon in the office. */
    { "2028-02-29", "2028-02-29", "2028-02-29T11:00:00Z" },
    { "2027-07-31", "2027-07-31", "2027-07-31T10:00:00Z" },
    /* The spring night: 01:59:59 CET, then 03:00 CEST. */
    { "2027-03-28T00:59:59Z", "2027-03-28", "2027-03-28T00:59:59Z" },
    { "2027-03-28T03:00:00+02:00", "2027-03-28", "2027-03-28T01:00:00Z" },
    { "2027-03-27T23:30:00Z", "2027-03-28", "2027-03-27T23:30:00Z" },
    /* The autumn night: 02:30 happens twice; 23:30 UTC is the next day. */
    { "2027-10-31T00:30:00Z", "2027-10-31", "2027-10-31T00:30:00Z" },
    { "2027-10-31T01:30:00Z", "2027-10-31", "2027-10-31T01:30:00Z" },
    { "2027-10-30T22:30:00Z", "2027-10-31", "2027-10-30T22:30:00Z" },
    { "2027-10-31T22:59:59Z", "2027-10-31", "2027-10-31T22:59:59Z" },
    { "2027-10-31T23:00:00Z", "2027-11-01", "2027-10-31T23:00:00Z" },
    /* A local time without a zone is the office's. */
    { "2030-06-30T23:59:00", "2030-06-30", "2030-06-30T21:59:00Z" },
  };
  static const char *bad[] = { "2027-02-29", "morgen", "2026-13-01", "", "9999-12-31T23:00:00Z",
                               "1899-12-31" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *today = NULL;
      g_autofree char *stamp = NULL;

      g_assert_true (ea_clock_pin (cases[i].when, &error));
      g_assert_no_error (error);
      today = ea_clock_today ();
      stamp = ea_clock_timestamp ();
      g_assert_cmpstr (today, ==, cases[i].today);
      g_assert_cmpstr (stamp, ==, cases[i].stamp);
    }

  /* A refused time leaves the clock as it was. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *today = NULL;

      g_assert_false (ea_clock_pin (bad[i], &error));
      g_assert_error (error, EA_ERROR, EA_ERROR_INVALID);
      today = ea_clock_today ();
      g_assert_cmpstr (today, ==, "2030-06-30");
    }

  /* Advancing a pinned clock crosses month ends and leap days. */
  ea_test_pin_clock ("2028-02-28T23:30:00+01:00");
  ea_clock_advance (G_TIME_SPAN_HOUR);
  {
    g_autofree char *today = ea_clock_today ();

    g_assert_cmpstr (today, ==, "2028-02-29");
  }
  ea_clock_advance (G_TIME_SPAN_DAY);
  {
    g_autofree char *today = ea_clock_today ();

    g_assert_cmpstr (today, ==, "2028-03-01");
  }

  /* The clock follows the machine's again when unpinned. */
  ea_clock_unpin ();
  g_assert_false (ea_clock_is_pinned ());
  {
    g_autoptr(GDateTime) wall = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) now = ea_clock_now ();

    g_assert_cmpint (ABS (g_date_time_difference (now, wall)), <, 60 * G_TIME_SPAN_SECOND);
  }
  ea_test_pin_clock (EA_TEST_NOW);
}

/* An office day is 23 hours long in spring, 25 in autumn and 24 else;
 * it begins at midnight in Berlin. */
static void
test_clock_days (void)
{
  static const struct { const char *day; int hours; const char *start; } days[] = {
    { "2027-03-28", 23, "2027-03-27T23:00:00Z" },
    { "2027-10-31", 25, "2027-10-30T22:00:00Z" },
    { "2028-02-29", 24, "2028-02-28T23:00:00Z" },
    { "2026-12-31", 24, "2026-12-30T23:00:00Z" },
    { "2029-07-01", 24, "2029-06-30T22:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GDateTime) start = ea_clock_day_start (days[i].day);
      g_autoptr(GDateTime) next = g_date_time_add_days (start, 1);
      g_autoptr(GDateTime) utc = g_date_time_to_utc (start);
      g_autofree char *shown = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

      g_assert_cmpstr (shown, ==, days[i].start);
      g_assert_cmpint (g_date_time_difference (next, start), ==, days[i].hours * G_TIME_SPAN_HOUR);
    }
  g_assert_null (ea_clock_day_start ("2027-02-29"));
  g_assert_null (ea_clock_day_start ("bald"));
  g_assert_null (ea_clock_day_start (NULL));
}

/* Ages are whole years on the day asked, for a leap-day birthday too. */
static void
test_ages (void)
{
  g_assert_cmpint (ea_partial_date_age ("2010-02-28", "2028-02-27"), ==, 17);
  g_assert_cmpint (ea_partial_date_age ("2010-02-28", "2028-02-28"), ==, 18);
  g_assert_cmpint (ea_partial_date_age ("2008-02-29", "2026-02-28"), ==, 17);
  g_assert_cmpint (ea_partial_date_age ("2008-02-29", "2026-03-01"), ==, 18);
  g_assert_cmpint (ea_partial_date_age ("2010-00-00", "2028-12-30"), ==, 17);
  g_assert_cmpint (ea_partial_date_age ("2010-00-00", "2028-12-31"), ==, 18);
  g_assert_cmpint (ea_partial_date_age ("2010-07-00", "2028-07-30"), ==, 17);
  g_assert_cmpint (ea_partial_date_age ("2010-07-00", "2028-07-31"), ==, 18);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ea_test_pin_clock (EA_TEST_NOW);

  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/partial-dates", test_partial_dates);
  g_test_add_func ("/text/date-input", test_date_input);
  g_test_add_func ("/text/format-count", test_format_count);

  g_test_add_func ("/text/day-numbers", test_day_numbers);
  g_test_add_func ("/text/partial-round-trip", test_partial_round_trip);
  g_test_add_func ("/clock/today-and-now", test_clock);
  g_test_add_func ("/clock/office-days", test_clock_days);
  g_test_add_func ("/text/ages", test_ages);
  return g_test_run ();
}
