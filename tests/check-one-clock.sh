#!/bin/sh
# One clock: nothing in the program reads the wall clock behind the back
# of app/core/base/ea-clock.c, neither in C nor in SQL (SQLite's 'now' and
# 'localtime' would follow the machine, not the clock a test has set), and
# nothing reads the machine's zone (a NULL zone is the machine's).
# Timeouts and durations (g_get_monotonic_time, GTimer) are not dates and
# may be read anywhere. tests/check-one-clock-catches.sh shows what this
# catches and what it lets pass.
set -eu
top="$1"
# C's time () with any argument (NULL, 0, &t, a pointer), but not the word
# in a sentence ("at the same time (which …").
c_time='(^|[^_a-zA-Z0-9.>])time ?\( ?(NULL|nullptr|0|&[^()]*|[A-Za-z_][A-Za-z0-9_]*) ?\)'
pattern="g_date_time_new_now|g_get_real_time|g_get_current_time|g_date_set_time|\
gettimeofday|clock_gettime|timespec_get|$c_time|\
localtime|gmtime|mktime|(^|[^_a-z])ctime ?\(|tzset|'now'|[^_]CURRENT_(DATE|TIME|TIMESTAMP)|\
(^|[^_a-zA-Z0-9])(date|datetime|julianday|unixepoch) ?\( ?\)|\
g_date_time_[a-z_]*local|g_time_zone_new_local|g_time_zone_new(_identifier)? ?\( ?NULL"
found=$(grep -rnE "$pattern" "$top/app" "$top/migrations" | grep -v '^[^:]*app/core/base/ea-clock\.c:' || true)
if [ -n "$found" ]; then
  echo "$found"
  echo "these lines read the wall clock or the machine's zone; use ea_clock_now () or ea_clock_today ()"
  exit 1
fi
echo "every now and today goes through ea-clock.c"
