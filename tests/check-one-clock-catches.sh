#!/bin/sh
# The check of one clock (check-one-clock.sh) on lines written for it: it
# must refuse each way of reading the wall clock or the machine's zone,
# in C and in SQL, and let the program's own clock, durations and the
# word "time" in a sentence pass.
set -eu
check="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/app/core/base" "$work/migrations"

# Runs the check on a program of one line; prints what it answered.
verdict () {
  printf '%s\n' "$1" > "$work/app/core/some-file.c"
  if sh "$check" "$work" > "$work/out" 2>&1; then echo pass; else echo refused; fi
}

failed=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  if [ "$(verdict "$line")" != refused ]; then
    echo "not caught: $line"
    failed=1
  fi
done <<'LINES'
  time_t now = time (NULL);
  now = time(NULL);
  time(&t);
  (void) time (&now);
  seconds = time (0);
  t = time (clock_seconds);
  struct tm *tm = localtime (&t);
  localtime_r (&t, &tm);
  gmtime_r (&t, &tm);
  struct tm *utc = gmtime(&t);
  clock_gettime (CLOCK_REALTIME, &ts);
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  gettimeofday (&tv, NULL);
  timespec_get (&ts, TIME_UTC);
  g_date_set_time_t (date, t);
  g_date_set_time_val (date, &tv);
  g_get_current_time (&tv);
  gint64 us = g_get_real_time ();
  GDateTime *now = g_date_time_new_now_local ();
  GDateTime *now = g_date_time_new_now_utc ();
  GDateTime *at = g_date_time_new_from_unix_local (t);
  GDateTime *shown = g_date_time_to_local (at);
  GTimeZone *zone = g_time_zone_new_local ();
  GTimeZone *zone = g_time_zone_new_identifier (NULL);
  time_t t = mktime (&tm);
  const char *text = ctime (&t);
  tzset ();
  "SELECT date ('now')"
  "SELECT datetime ()"
  "SELECT julianday()"
  "UPDATE stays SET until_date = CURRENT_DATE"
  "SELECT date (at, 'localtime')"
LINES

while IFS= read -r line; do
  [ -n "$line" ] || continue
  if [ "$(verdict "$line")" != pass ]; then
    echo "refused by mistake: $line"
    cat "$work/out"
    failed=1
  fi
done <<'LINES'
  g_autoptr(GDateTime) now = ea_clock_now ();
  g_autofree char *today = ea_clock_today ();
  gint64 started = g_get_monotonic_time ();
  /* SQLite's own present time (which our SQL never asks for) */
  /* at the same time (in one transaction) */
  runtime (self);
  self->time (x);
  g_date_time_new_from_iso8601 (text, ea_clock_get_zone ());
  "SELECT date (:day, '+1 day')"
  if (stat.st_ctime > 0)
LINES

# And the program itself passes.
sh "$check" "$(dirname "$0")/.." > /dev/null || { echo "the program itself does not pass"; failed=1; }
[ "$failed" -eq 0 ] && echo "check-one-clock.sh catches every way tried"
exit "$failed"
