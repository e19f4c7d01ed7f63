/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-clock"

#include "config.h"

#include "ea-clock.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "ea-error.h"

/* One clock for the whole program. Every "now" (audit entries, lockouts,
 * the platform's Retry-After) and every "today" (occupancy, check-ins,
 * reports, retention) is read here, so that a test, a demo or a support
 * case can set it, and nothing reads the wall clock behind its back.
 *
 * Days are the office's days: a German district office counts its nights
 * in Europe/Berlin, whatever zone the machine (a server, a thin client's
 * host) is set to. Midnight exists on every Berlin day (the clocks change
 * at 02:00 and 03:00), so a day's first instant is always 00:00. */

/* The rule of Europe/Berlin since 1996, for a machine without tzdata. */
#define OFFICE_ZONE_RULE "CET-1CEST,M3.5.0,M10.5.0/3"

G_LOCK_DEFINE_STATIC (pinned);
static GDateTime *pinned;       /* in UTC; NULL: the wall clock */

/**
 * ea_clock_get_zone:
 *
 * Returns: (transfer none): the office's time zone, Europe/Berlin
 */
GTimeZone *
ea_clock_get_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *found = g_time_zone_new_identifier ("Europe/Berlin");

      if (found == NULL)
        found = g_time_zone_new_identifier (OFFICE_ZONE_RULE);
      g_assert (found != NULL);
      g_once_init_leave (&zone, found);
    }
  return zone;
}

/**
 * ea_clock_now:
 *
 * Returns: (transfer full): the present instant, in the office's zone
 */
GDateTime *
ea_clock_now (void)
{
  g_autoptr(GDateTime) utc = NULL;

  G_LOCK (pinned);
  utc = pinned != NULL ? g_date_time_ref (pinned) : NULL;
  G_UNLOCK (pinned);
  if (utc == NULL)
    return g_date_time_new_now (ea_clock_get_zone ());
  return g_date_time_to_timezone (utc, ea_clock_get_zone ());
}

/**
 * ea_clock_today:
 *
 * Returns: (transfer full): the office's day, `YYYY-MM-DD`
 */
char *
ea_clock_today (void)
{
  g_autoptr(GDateTime) now = ea_clock_now ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * ea_clock_timestamp:
 *
 * The form in which the database keeps instants (audit entries, logins,
 * lockouts): UTC, to the second, sortable as text.
 *
 * Returns: (transfer full): the present instant as `YYYY-MM-DDTHH:MM:SSZ`
 */
char *
ea_clock_timestamp (void)
{
  g_autoptr(GDateTime) now = ea_clock_now ();
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * ea_clock_to_office:
 * @instant: any instant
 *
 * Returns: (transfer full): @instant in the office's zone, for showing it
 */
GDateTime *
ea_clock_to_office (GDateTime *instant)
{
  g_return_val_if_fail (instant != NULL, NULL);

  return g_date_time_to_timezone (instant, ea_clock_get_zone ());
}

/**
 * ea_clock_day_start:
 * @iso: a day, `YYYY-MM-DD`
 *
 * Returns: (transfer full) (nullable): the first instant of that office
 *   day, or %NULL when @iso is not a day
 */
GDateTime *
ea_clock_day_start (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_time_new (ea_clock_get_zone (), y, m, d, 0, 0, 0);
}

gboolean
ea_clock_is_pinned (void)
{
  gboolean is_pinned;

  G_LOCK (pinned);
  is_pinned = pinned != NULL;
  G_UNLOCK (pinned);
  return is_pinned;
}

/**
 * ea_clock_pin:
 * @when: a day (`2028-02-29`, taken at noon in the office), an office
 *   time (`2027-03-28T01:59:30`) or an instant with its zone
 *   (`2026-12-31T23:30:00Z`)
 * @error: a #GError
 *
 * Stops the clock at @when, for tests and demonstrations: from then on
 * every "now" of the program is @when until the clock is pinned again,
 * advanced or unpinned.
 *
 * Returns: whether @when was understood
 */
gboolean
ea_clock_pin (const char  *when,
              GError     **error)
{
  g_autoptr(GDateTime) at = NULL;
  int y, m, d;
  char end;

  g_return_val_if_fail (when != NULL, FALSE);

  if (sscanf (when, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && strlen (when) == 10)
    {
      if (g_date_valid_dmy (d, m, y))
        at = g_date_time_new (ea_clock_get_zone (), y, m, d, 12, 0, 0);
    }
  else
    at = g_date_time_new_from_iso8601 (when, ea_clock_get_zone ());
  if (at == NULL || g_date_time_get_year (at) < 1900 || g_date_time_get_year (at) > 9998)
    {
      /* Translators: the clock set for a test or a demonstration. */
      return ea_error_set (error, EA_ERROR_INVALID,
                           _("The clock “%s” is neither a day (2026-12-31) nor a time "
                             "(2026-12-31T23:30:00Z)."), when);
    }
  G_LOCK (pinned);
  g_clear_pointer (&pinned, g_date_time_unref);
  pinned = g_date_time_to_utc (at);
  G_UNLOCK (pinned);
  return TRUE;
}

/**
 * ea_clock_pin_from_environment:
 * @error: a #GError
 *
 * Pins the clock to `$EAKTE_NOW` when it is set, as ea_clock_pin() reads
 * it. The application and `eakte-cli` call this once at their start, so
 * that a test can run the real programs on a day of its choosing (and a
 * trainer can show the demo on a given day). It moves nothing that
 * faketime could not move as well.
 *
 * Returns: %FALSE with @error set when `$EAKTE_NOW` is not a time
 */
gboolean
ea_clock_pin_from_environment (GError **error)
{
  const char *when = g_getenv ("EAKTE_NOW");

  if (when == NULL || *when == '\0')
    return TRUE;
  return ea_clock_pin (when, error);
}

/**
 * ea_clock_unpin:
 *
 * Lets the clock follow the machine's wall clock again.
 */
void
ea_clock_unpin (void)
{
  G_LOCK (pinned);
  g_clear_pointer (&pinned, g_date_time_unref);
  G_UNLOCK (pinned);
}

/**
 * ea_clock_advance:
 * @span: how far to move a pinned clock on (or back, when negative)
 *
 * A clock that follows the wall clock is not moved.
 */
void
ea_clock_advance (GTimeSpan span)
{
  G_LOCK (pinned);
  if (pinned != NULL)
    {
      GDateTime *later = g_date_time_add (pinned, span);

      g_date_time_unref (pinned);
      pinned = later;
    }
  G_UNLOCK (pinned);
}
