#!/bin/sh
# Migrations are numbered without gaps and all compiled into the program.
# PostgreSQL's own files (migrations/postgresql/) may leave gaps: each
# replaces the shared migration of its number (and the first, those before
# it); they too must be compiled in, under their own names.
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
last=0
pg=0
for path in $(ls postgresql/[0-9][0-9][0-9][0-9]-*.sql 2>/dev/null | sort); do
  f=${path#postgresql/}
  num=${f%%-*}
  v=$(expr "$num" + 0)
  [ "$v" -gt "$last" ] || { echo "PostgreSQL migration $f: its number is taken"; exit 1; }
  [ "$v" -le "$n" ] || { echo "PostgreSQL migration $f: there is no shared migration $num"; exit 1; }
  last=$v
  pg=$((pg + 1))
  grep -q "<file alias=\"$f\">$path</file>" migrations.gresource.xml ||
    { echo "$path is not in migrations.gresource.xml (as <file alias=\"$f\">$path</file>)"; exit 1; }
done
if [ "$pg" -gt 0 ] &&
   ! grep -q '<gresource prefix="/de/eakte/Fluechtlingsmanagement/migrations/postgresql">' \
     migrations.gresource.xml; then
  echo "migrations.gresource.xml has no resources under .../migrations/postgresql"
  exit 1
fi
echo "$n migrations in order, $pg of them for PostgreSQL"
