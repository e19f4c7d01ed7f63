#!/bin/sh
# One clock: nothing in the program reads the wall clock behind the back
# of app/core/base/ea-clock.c, neither in C nor in SQL (SQLite's 'now' and
# 'localtime' would follow the machine, not the clock a test has set).
# Timeouts and durations (g_get_monotonic_time, GTimer) are not dates and
# may be read anywhere.
set -eu
top="$1"
pattern="g_date_time_new_now|g_get_real_time|g_date_set_time|gettimeofday|clock_gettime|\
[^_a-z]time \(NULL\)|[^_a-z]time\(NULL\)|localtime|gmtime|'now'|[^_]CURRENT_(DATE|TIME|TIMESTAMP)|\
g_date_time_to_local|g_date_time_new_local|g_time_zone_new_local|g_date_time_new_from_unix_local"
found=$(grep -rnE "$pattern" "$top/app" "$top/migrations" | grep -v '^[^:]*app/core/base/ea-clock\.c:' || true)
if [ -n "$found" ]; then
  echo "$found"
  echo "these lines read the wall clock or the machine's zone; use ea_clock_now () or ea_clock_today ()"
  exit 1
fi
echo "every now and today goes through ea-clock.c"
