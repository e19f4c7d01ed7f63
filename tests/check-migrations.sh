#!/bin/sh
# Migrations are numbered without gaps and all compiled into the program.
set -eu
cd "$1/migrations"
n=0
for f in $(ls [0-9][0-9][0-9][0-9]-*.sql | sort); do
  n=$((n + 1))
  num=$(printf '%04d' "$n")
  case "$f" in "$num"-*) ;; *) echo "migration $f: expected number $num"; exit 1 ;; esac
  grep -q "<file>$f</file>" migrations.gresource.xml || { echo "$f is not in migrations.gresource.xml"; exit 1; }
done
[ "$n" -gt 0 ] || { echo "no migrations"; exit 1; }
echo "$n migrations in order"
