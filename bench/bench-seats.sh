#!/bin/sh
# Twenty seats at once on one office, PostgreSQL and SQLite in the same run:
#   bench/bench-seats.sh BUILD WORKDIR [SECONDS] [PERSONS]
# Makes the demo district (PERSONS persons, 100,000 by default, in 1,000
# facilities) as an SQLite file once (kept in WORKDIR), copies it onto a
# database of a throwaway PostgreSQL cluster (pg_virtualenv, TCP on this
# machine), writes a Zuweisungsliste of 10,000 persons, and runs
# bench-seats (ten housing managers, five searching, four opening files,
# one importing) for SECONDS (60) on each engine, from a fresh copy each:
# first flat out (every seat as fast as it can), then at the pace of
# people (bench-seats.c says how fast); BENCH_PACES="people" runs only
# the second.
set -eu
build="$1"
work="$2"
seconds="${3:-60}"
persons="${4:-100000}"
cli="$build/app/cli/eakte-cli"
mkdir -p "$work"

if [ -z "${PGHOST:-}" ]; then
  exec pg_virtualenv -t -v 15 -- "$0" "$@"
fi
server="host=$PGHOST port=${PGPORT:-5432} user=${PGUSER:-$(id -un)} sslmode=disable"
export XDG_DATA_HOME="$work/xdg" XDG_RUNTIME_DIR="$work/runtime"
mkdir -p -m 0700 "$XDG_RUNTIME_DIR"

facilities=$((persons / 100))
demo="$work/seats-$persons.db"
if [ ! -f "$demo" ]; then
  "$cli" --db "$demo" demo --persons "$persons" --facilities "$facilities" \
    --today 2026-11-23 >/dev/null
fi
feed="$work/seats-feed.xml"
[ -f "$feed" ] || "$build/bench/bench-make-feed" "$feed" 10000

echo "== seats: $(nproc) cores, $(uname -sr), $(date -u +%F), PostgreSQL $(psql -At -d postgres -c 'SHOW server_version'), $persons persons in $facilities facilities"
psql -q -d postgres -c "DROP DATABASE IF EXISTS bench_seats_base WITH (FORCE)" >/dev/null
psql -q -d postgres -c "CREATE DATABASE bench_seats_base" >/dev/null
start=$(date +%s)
EAKTE_USER=admin EAKTE_PASSWORD=demo "$cli" copy "$demo" "$server dbname=bench_seats_base" >/dev/null
echo "copy onto the server: $(( $(date +%s) - start )) s"
psql -q -d bench_seats_base -c "VACUUM ANALYZE" >/dev/null

# Each run on a fresh copy: on the server a database made from the copy
# as its template, on SQLite a copy of the file.
for pace in ${BENCH_PACES:-flat people}; do
  psql -q -d postgres -c "DROP DATABASE IF EXISTS bench_seats WITH (FORCE)" >/dev/null
  psql -q -d postgres -c "CREATE DATABASE bench_seats TEMPLATE bench_seats_base" >/dev/null
  "$build/bench/bench-seats" "$server dbname=bench_seats" "$seconds" "$feed" "$pace" ||
    echo "PostgreSQL: a check FAILED"

  rm -f "$work/seats-run.db" "$work/seats-run.db-wal" "$work/seats-run.db-shm"
  cp "$demo" "$work/seats-run.db"
  "$build/bench/bench-seats" "$work/seats-run.db" "$seconds" "$feed" "$pace" ||
    echo "SQLite: a check FAILED"
done
