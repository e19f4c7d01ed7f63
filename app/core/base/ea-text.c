/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-text"

#include "config.h"

#include "ea-text.h"

#include <string.h>

/* Letters that carry no combining mark in Unicode and so survive NFD: the
 * Turkish dotless i, the German sharp s and their Nordic and Slavic kin.
 * Folding them lets a clerk type "yilmaz" and find "Yılmaz". */
static const struct {
  gunichar    letter;
  const char *ascii;
} special_letters[] = {
  { 0x0131, "i" },   /* ı */
  { 0x00DF, "ss" },  /* ß */
  { 0x1E9E, "ss" },  /* ẞ */
  { 0x00F8, "o" },   /* ø */
  { 0x00E6, "ae" },  /* æ */
  { 0x0153, "oe" },  /* œ */
  { 0x0111, "d" },   /* đ */
  { 0x0142, "l" },   /* ł */
  { 0x00F0, "d" },   /* ð */
  { 0x00FE, "th" },  /* þ */
  { 0x0127, "h" },   /* ħ */
};

/**
 * ea_text_fold:
 * @text: UTF-8 text
 *
 * Folds @text for search and sorting: lower case, diacritics removed,
 * special letters transliterated, runs of white space collapsed.
 *
 * Returns: (transfer full): the folded text
 */
char *
ea_text_fold (const char *text)
{
  g_autofree char *nfd = NULL;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (nfd));
  for (const char *p = nfd; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      gboolean replaced = FALSE;

      if (type == G_UNICODE_NON_SPACING_MARK ||
          type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          space = FALSE;
        }

      c = g_unichar_tolower (c);
      for (guint i = 0; i < G_N_ELEMENTS (special_letters); i++)
        {
          if (special_letters[i].letter == c)
            {
              g_string_append (out, special_letters[i].ascii);
              replaced = TRUE;
              break;
            }
        }
      if (!replaced)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
parse_digits (const char *p,
              int         n,
              int        *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }
  *out = v;
  return TRUE;
}

/**
 * ea_partial_date_parse:
 * @text: `YYYY-MM-DD`, where month and/or day may be `00` when unknown
 *
 * Parses a partially known date as the feed carries it (DSAusländer
 * 004.07). An unknown month with a known day is refused, as is year 0000
 * and a day that the month does not have.
 */
gboolean
ea_partial_date_parse (const char *text,
                       int        *year,
                       int        *month,
                       int        *day)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (!parse_digits (text, 4, &y) ||
      !parse_digits (text + 5, 2, &m) ||
      !parse_digits (text + 8, 2, &d))
    return FALSE;
  if (y == 0 || m > 12 || d > 31 || (m == 0 && d != 0))
    return FALSE;
  if (m != 0 && d != 0 && !g_date_valid_dmy (d, m, y))
    return FALSE;

  if (year) *year = y;
  if (month) *month = m;
  if (day) *day = d;
  return TRUE;
}

gboolean
ea_partial_date_is_valid (const char *iso)
{
  return ea_partial_date_parse (iso, NULL, NULL, NULL);
}

/**
 * ea_partial_date_format:
 * @iso: a partial date
 *
 * Returns: (transfer full): the date as the office writes it:
 *   `14.03.1986`, `00.07.2019` (day unknown) or `1990` (only the year)
 */
char *
ea_partial_date_format (const char *iso)
{
  int y, m, d;

  if (!ea_partial_date_parse (iso, &y, &m, &d))
    return g_strdup ("");
  if (m == 0)
    return g_strdup_printf ("%04d", y);
  return g_strdup_printf ("%02d.%02d.%04d", d, m, y);
}

/**
 * ea_partial_date_age:
 * @iso: a partial birth date
 * @on_iso: the day to compute the age on
 *
 * Unknown parts count as the latest possible day, so a child born in
 * "2019" is never made older than it can be.
 *
 * Returns: the age in whole years, or -1 when a date is invalid
 */
int
ea_partial_date_age (const char *iso,
                     const char *on_iso)
{
  int y, m, d, oy, om, od, age;

  if (!ea_partial_date_parse (iso, &y, &m, &d) ||
      !ea_partial_date_parse (on_iso, &oy, &om, &od))
    return -1;
  if (m == 0)
    m = 12;
  if (d == 0)
    d = 31;
  age = oy - y;
  if (om < m || (om == m && od < d))
    age--;
  return MAX (age, 0);
}

gboolean
ea_date_is_valid (const char *iso)
{
  int y, m, d;

  return ea_partial_date_parse (iso, &y, &m, &d) && m != 0 && d != 0;
}

/**
 * ea_date_format:
 * @iso: a full date `YYYY-MM-DD`, or %NULL
 *
 * Returns: (transfer full): `TT.MM.JJJJ`, or an empty string
 */
char *
ea_date_format (const char *iso)
{
  if (iso == NULL)
    return g_strdup ("");
  return ea_partial_date_format (iso);
}

char *
ea_date_add_days (const char *iso,
                  int         days)
{
  int y, m, d;
  GDate date;

  if (!ea_partial_date_parse (iso, &y, &m, &d) || m == 0 || d == 0)
    return NULL;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return g_strdup_printf ("%04d-%02d-%02d",
                          g_date_get_year (&date),
                          g_date_get_month (&date),
                          g_date_get_day (&date));
}

/**
 * ea_date_to_day:
 * @iso: a full date `YYYY-MM-DD`
 *
 * Day numbers make periods easy to count: the difference of two is the
 * number of days between them.
 *
 * Returns: the date's Julian day number, or 0 when @iso is not a full date
 */
guint32
ea_date_to_day (const char *iso)
{
  int y, m, d;
  int era, yoe, doy, doe;

  if (!ea_partial_date_parse (iso, &y, &m, &d) || m == 0 || d == 0)
    return 0;
  /* Days from 01.01.1970 by the proleptic Gregorian calendar (H. Hinnant's
   * days_from_civil), then moved to GDate's Julian numbering, in which
   * 01.01.1970 is day 719163: the statistics count a million stays with
   * this, and it is much quicker than a GDate. */
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (guint32) (era * 146097 + doe - 719468 + 719163);
}

/**
 * ea_date_from_day:
 * @day: a Julian day number from ea_date_to_day()
 *
 * Returns: (transfer full): the date as `YYYY-MM-DD`
 */
char *
ea_date_from_day (guint32 day)
{
  GDate date;

  g_return_val_if_fail (g_date_valid_julian (day), NULL);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

/**
 * ea_format_count:
 * @n: a number
 *
 * Returns: (transfer full): @n with German thousands separators, `1.234`
 */
char *
ea_format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (n));
  GString *out = g_string_new (n < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/**
 * ea_date_parse_input:
 * @text: a date as a person types it: `23.11.2026` or `2026-11-23`
 *
 * Returns: (transfer full) (nullable): the date as `YYYY-MM-DD`, or %NULL
 *   when @text is not a valid full date
 */
char *
ea_date_parse_input (const char *text)
{
  int d, m, y;
  char iso[16];

  if (text == NULL)
    return NULL;
  if (ea_date_is_valid (text))
    return g_strdup (text);
  if (strlen (text) == 10 && text[2] == '.' && text[5] == '.' &&
      parse_digits (text, 2, &d) && parse_digits (text + 3, 2, &m) &&
      parse_digits (text + 6, 4, &y))
    {
      g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
      if (ea_date_is_valid (iso))
        return g_strdup (iso);
    }
  return NULL;
}

/**
 * ea_partial_date_parse_input:
 * @text: a birth date as typed: `14.03.1986`, `00.07.2019` (day unknown),
 *   `00.00.2019` or `2019` (only the year), or ISO `2019-07-00`
 *
 * The inverse of ea_partial_date_format().
 *
 * Returns: (transfer full) (nullable): the ISO partial date, or %NULL when
 *   @text is none
 */
char *
ea_partial_date_parse_input (const char *text)
{
  g_autofree char *stripped = NULL;
  int d, m, y;
  char iso[16];

  if (text == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (text));
  if (ea_partial_date_is_valid (stripped))
    return g_steal_pointer (&stripped);
  if (strlen (stripped) == 4 && parse_digits (stripped, 4, &y))
    g_snprintf (iso, sizeof iso, "%04d-00-00", y);
  else if (strlen (stripped) == 10 && stripped[2] == '.' && stripped[5] == '.' &&
           parse_digits (stripped, 2, &d) && parse_digits (stripped + 3, 2, &m) &&
           parse_digits (stripped + 6, 4, &y))
    g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
  else
    return NULL;
  return ea_partial_date_is_valid (iso) ? g_strdup (iso) : NULL;
}

/**
 * ea_format_decimal:
 * @value: a number
 * @digits: digits after the decimal comma
 *
 * Returns: (transfer full): @value the German way, `18,5`
 */
char *
ea_format_decimal (double value,
                   int    digits)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *comma;

  g_ascii_formatd (buffer, sizeof buffer, digits == 0 ? "%.0f" : digits == 1 ? "%.1f" : "%.2f",
                   value);
  comma = strchr (buffer, '.');
  if (comma != NULL)
    *comma = ',';
  return g_strdup (buffer);
}
