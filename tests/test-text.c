/* SPDX-License-Identifier: EUPL-1.2 */
#include "config.h"

#include "eakte-core.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/partial-dates", test_partial_dates);
  g_test_add_func ("/text/date-input", test_date_input);
  g_test_add_func ("/text/format-count", test_format_count);

  g_test_add_func ("/text/day-numbers", test_day_numbers);
  g_test_add_func ("/text/partial-round-trip", test_partial_round_trip);
  return g_test_run ();
}
