#!/bin/sh
# Each subsystem of core keeps its SQL in one file of its own,
# app/core/<layer>/ea-<layer>-sql.c, with ea-<layer>-sql-private.h naming
# its statements; the store keeps the engine's own. No other file of the
# program writes SQL: no string holds a statement's keywords, and the
# store's shared fragments (EA_SQL_*) are used only there. A second engine
# is then checked file by file, one per subsystem.
set -eu
top=$(cd "$1" && pwd)
status=0

# The subsystems' SQL files, and nothing else of that name.
sql_files=$(for layer in "$top"/app/core/*/; do
              name=$(basename "$layer")
              for f in "${layer}ea-$name-sql.c" "${layer}ea-$name-sql-private.h"; do
                if [ -e "$f" ]; then echo "$f"; fi
              done
            done)
files=$(find "$top/app" -name '*.[ch]' ! -path "$top/app/core/store/*" | sort \
        | grep -vxF "$sql_files")

# A string literal (text after a quote that is not a character constant)
# with an SQL keyword as a whole word (upper case, as our SQL is written;
# messages are not), a comparison with a quoted value, or a use of the
# store's fragments.
keywords='SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|SAVEPOINT|RELEASE|ROLLBACK|PRAGMA|FROM|WHERE|JOIN|AND|OR|SET|LIMIT|UNION|EXISTS|CASE|WHEN|ORDER BY|GROUP BY|DESC|ASC|VALUES|IS NULL|IS NOT NULL|coalesce'
found=$(grep -nHE "(^|[^'])\"([^\"\\\\]|\\\\.)*(\\b($keywords)\\b|<> ')|\\bEA_SQL_[A-Z_]+" $files || true)
if [ -n "$found" ]; then
  echo "SQL outside the subsystems' ea-<layer>-sql.c files:"
  echo "$found" | sed "s|^$top/||"
  status=1
fi

# In the SQL files, what each engine names its own way comes from the
# store's fragments (EA_SQL_JOINED, EA_SQL_CONTAINS, EA_SQL_LEAST,
# EA_SQL_GREATEST, EA_SQL_MONTHS_BEFORE, EA_SQL_TEMP, EA_SQL_TEXT_MATCHES),
# never in SQLite's words; min and max only as aggregates of one value.
sqlite_words='group_concat|instr ?\(|(^|[^_a-z])date ?\(|strftime|julianday|temp\.|[^a-z_]MATCH[^a-z_]|GLOB|INSERT OR|REPLACE INTO|PRAGMA|ifnull|iif ?\(|printf ?\(|(^|[^_a-z])(min|max) ?\([^(),]*,'
own=$(grep -nHE "\"([^\"\\\\]|\\\\.)*($sqlite_words)" $sql_files || true)
if [ -n "$own" ]; then
  echo "SQLite's own words in a subsystem's SQL, instead of the store's fragments:"
  echo "$own" | sed "s|^$top/||"
  status=1
fi

# Only the subsystems' folders hold SQL files, each one under its name.
stray=$(find "$top/app" -name '*-sql.c' -o -name '*-sql-private.h' | grep -vxF "$sql_files" || true)
if [ -n "$stray" ]; then
  echo "SQL files that are not a subsystem's ea-<layer>-sql.c:"
  echo "$stray" | sed "s|^$top/||"
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "each subsystem keeps its SQL in its ea-<layer>-sql.c"
fi
exit "$status"
