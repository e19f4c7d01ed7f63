#!/bin/sh
# Each subsystem of core keeps its SQL in one file of its own,
# app/core/<layer>/ea-<layer>-sql.c, with ea-<layer>-sql-private.h naming
# its statements; the store keeps the engine's own. No other file of the
# program writes SQL: no string holds a statement's keywords, and the
# store's shared fragments (EA_SQL_*) are used only there. A second engine
# is then checked file by file, one per subsystem.
set -eu
top="$1"
keywords='SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|SAVEPOINT|RELEASE|ROLLBACK|PRAGMA|WHERE|JOIN|ORDER BY|GROUP BY|VALUES|IS NULL|IS NOT NULL|coalesce \('
files=$(find "$top/app" -name '*.[ch]' \
          ! -path "$top/app/core/store/*" \
          ! -name 'ea-*-sql.c' ! -name 'ea-*-sql-private.h' | sort)
status=0
# A string literal (text after a quote that is not a character constant)
# with an SQL keyword as a whole word, or a use of the store's fragments.
found=$(grep -nE "(^|[^'])\"([^\"\\\\]|\\\\.)*\\b($keywords)\\b|\\bEA_SQL_[A-Z_]+" $files || true)
if [ -n "$found" ]; then
  echo "SQL outside the subsystems' ea-*-sql.c files:"
  echo "$found" | sed "s|^$top/||"
  status=1
fi
# In the -sql.c files, what each engine names its own way comes from the
# store's fragments (EA_SQL_JOINED, EA_SQL_CONTAINS, EA_SQL_MONTHS_BEFORE,
# EA_SQL_TEMP, EA_SQL_TEXT_MATCHES), never in SQLite's words.
sqlite_words='group_concat|instr \(|[^_]date \(|strftime|julianday|temp\.| MATCH |GLOB|INSERT OR|PRAGMA'
own=$(grep -nE "\"([^\"\\]|\\.)*($sqlite_words)" "$top"/app/core/*/ea-*-sql.c || true)
if [ -n "$own" ]; then
  echo "SQLite's own words in a subsystem's SQL, instead of the store's fragments:"
  echo "$own" | sed "s|^$top/||"
  status=1
fi
for layer in "$top"/app/core/*/; do
  name=$(basename "$layer")
  case "$name" in store|base|no-gtk) continue ;; esac
  for sql in "$layer"ea-*-sql.c; do
    [ -e "$sql" ] || continue
    if [ "$(basename "$sql")" != "ea-$name-sql.c" ]; then
      echo "$name/ has SQL in $(basename "$sql"), not in ea-$name-sql.c"
      status=1
    fi
  done
done
[ "$status" -eq 0 ] && echo "each subsystem keeps its SQL in its ea-<layer>-sql.c"
exit "$status"
