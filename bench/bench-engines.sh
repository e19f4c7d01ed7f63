#!/bin/sh
# The office's engine against the embedded one, in the same run:
#   bench/bench-engines.sh BUILD WORKDIR [OLD-EAKTE-CLI]
# Times the same eakte-cli commands on an SQLite file and on a PostgreSQL
# database of a throwaway cluster (pg_virtualenv, a Unix socket on this
# machine, so the figures hold no network), three runs each, and copying
# the office from one to the other; then several seats at once: N
# processes each making 40 changes on the server, against one alone.
# With OLD-EAKTE-CLI (a build of an earlier commit), the SQLite figures of
# both builds alternate, to show what the engine seam costs the embedded
# engine.
set -eu
build="$1"
work="$2"
old="${3:-}"
cli="$build/app/cli/eakte-cli"
mkdir -p "$work"

if [ -z "${PGHOST:-}" ]; then
  exec pg_virtualenv -t -v 15 -- "$0" "$@"
fi
server="host=$PGHOST port=${PGPORT:-5432} user=${PGUSER:-$(id -un)} sslmode=disable"
export EAKTE_NOW=2026-11-23T10:00:00+01:00 XDG_DATA_HOME="$work/xdg"

seconds () {
  start=$(date +%s.%N)
  "$@" >/dev/null || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

fresh_db () {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
  psql -q -d postgres -c "CREATE DATABASE $1" >/dev/null
}

echo "== engines: $(nproc) cores, $(uname -sr), $(date -u +%F), PostgreSQL $(psql -At -d postgres -c 'SHOW server_version')"
for run in 1 2 3; do
  rm -f "$work/engines.db" "$work/engines.db-wal" "$work/engines.db-shm"
  fresh_db bench_engines
  pg="$server dbname=bench_engines"
  lite_demo=$(seconds "$cli" --db "$work/engines.db" demo --today 2026-11-23)
  pg_demo=$(seconds "$cli" --db "$pg" demo --today 2026-11-23)
  lite_occ=$(EAKTE_USER=leitung EAKTE_PASSWORD=demo seconds "$cli" --db "$work/engines.db" occupancy --json)
  pg_occ=$(EAKTE_USER=leitung EAKTE_PASSWORD=demo seconds "$cli" --db "$pg" occupancy --json)
  lite_alloc=$(EAKTE_USER=verwaltung EAKTE_PASSWORD=demo seconds "$cli" --db "$work/engines.db" allocate --json)
  pg_alloc=$(EAKTE_USER=verwaltung EAKTE_PASSWORD=demo seconds "$cli" --db "$pg" allocate --json)
  lite_audit=$(EAKTE_USER=admin EAKTE_PASSWORD=demo seconds "$cli" --db "$work/engines.db" audit verify)
  pg_audit=$(EAKTE_USER=admin EAKTE_PASSWORD=demo seconds "$cli" --db "$pg" audit verify)
  fresh_db bench_copy
  copy=$(EAKTE_USER=admin EAKTE_PASSWORD=demo seconds "$cli" copy "$work/engines.db" "$server dbname=bench_copy")
  echo "run $run: demo (2,500 persons) SQLite ${lite_demo}s, PostgreSQL ${pg_demo}s;" \
       "occupancy ${lite_occ}s / ${pg_occ}s; allocate proposal ${lite_alloc}s / ${pg_alloc}s;" \
       "audit verify ${lite_audit}s / ${pg_audit}s; copy SQLite → PostgreSQL ${copy}s"
done

# Several seats at once: each process notes a planned day of moving out
# for a resident of its own and takes it back, 20 times, on the server (a
# change with its audit entry each); the store queues the writers.
seats="${BENCH_SEATS:-10}"
pg="$server dbname=bench_engines"
persons=$(psql -At -d bench_engines -c "SELECT person_id FROM stays WHERE until_date IS NULL ORDER BY person_id LIMIT $seats")
start=$(date +%s.%N)
for person in $persons; do
  (
    for i in $(seq 1 20); do
      for day in 2026-12-31 none; do
        EAKTE_USER=verwaltung EAKTE_PASSWORD=demo "$cli" --db "$pg" checkout "$person" --planned "$day" \
          >/dev/null 2>&1 || echo "seat $person: a change failed" >&2
      done
    done
  ) &
done
wait
end=$(date +%s.%N)
echo "seats: $seats processes × 40 changes on PostgreSQL: $(echo "$end - $start" | bc)s"
start=$(date +%s.%N)
for i in $(seq 1 20); do
  EAKTE_USER=verwaltung EAKTE_PASSWORD=demo "$cli" --db "$pg" checkout "${persons%%
*}" --planned 2026-12-31 >/dev/null 2>&1
done
end=$(date +%s.%N)
echo "one seat alone, 20 changes: $(echo "$end - $start" | bc)s"
EAKTE_USER=admin EAKTE_PASSWORD=demo "$cli" --db "$pg" audit verify

if [ -n "$old" ]; then
  echo "== the embedded engine, this build against $old (alternating)"
  for run in 1 2 3; do
    for which in old new; do
      bin=$cli
      [ "$which" = old ] && bin=$old
      rm -f "$work/seam.db" "$work/seam.db-wal" "$work/seam.db-shm"
      d=$(seconds "$bin" --db "$work/seam.db" demo --today 2026-11-23)
      o=$(EAKTE_USER=leitung EAKTE_PASSWORD=demo seconds "$bin" --db "$work/seam.db" occupancy --json)
      a=$(EAKTE_USER=verwaltung EAKTE_PASSWORD=demo seconds "$bin" --db "$work/seam.db" allocate --json)
      echo "run $run $which: demo ${d}s, occupancy ${o}s, allocate proposal ${a}s"
    done
  done
fi
