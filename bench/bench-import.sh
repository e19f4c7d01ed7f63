#!/bin/sh
# The import figures of the arrivals issues: generated feeds of 100,000
# persons (about 65 MB) imported by eakte-cli, each against the floor
# measured in the same run (issue "Arrivals as they really come"):
#   xmllint --stream --noout on the same file, plus
#   the sqlite3 shell's .import of one CSV row per person into a table in
#   WAL mode with a unique key and two indexes.
# Two feeds: "varied" (120 family names, birth days spread over the year,
# the feed of the first arrivals issue) and "common" (two dozen family
# names, three in ten born on 01.01., as registrations have them). Also
# the import's resident memory peak.
#   bench/bench-import.sh BUILD-FOLDER WORKDIR
set -eu
build="$1"
work="$2"
cli="$build/app/cli/eakte-cli"
mkdir -p "$work"

now_ms () { date +%s%3N; }

measure () {
  kind="$1"
  feed="$work/feed-100k-$kind.xml"

  if [ "$kind" = common ]; then
    "$build/bench/bench-make-feed" "$feed" 100000 08315000 common
  else
    "$build/bench/bench-make-feed" "$feed" 100000
  fi
  echo "== feed \"$kind\": $(du -m "$feed" | cut -f1) MB, 100,000 persons"

  rm -f "$work/import.db" "$work/import.db-wal" "$work/import.db-shm" "$work/floor.db"*
  rm -rf "$work/import.db.documents"
  EAKTE_PASSWORD=demo "$cli" --db "$work/import.db" demo --persons 100 --facilities 2 >/dev/null

  # The floor's rows as CSV, written before the clock starts.
  awk '/<personId>/ { gsub(/.*<personId>|<\/personId>.*/, ""); id = $0 }
       /<azrNummer>/ { gsub(/.*<azrNummer>|<\/azrNummer>.*/, ""); azr = $0 }
       /<familienname>/ { gsub(/.*<familienname>|<\/familienname>.*/, ""); fam = $0 }
       /<vorname>/ { gsub(/.*<vorname>|<\/vorname>.*/, ""); giv = $0 }
       /<geburtsdatum>/ { gsub(/.*<geburtsdatum>|<\/geburtsdatum>.*/, ""); born = $0 }
       /<geschlecht>/ { gsub(/.*<geschlecht>|<\/geschlecht>.*/, ""); sex = $0 }
       /<\/person>/ { printf "%s,%s,%s,%s,%s,%s\n", id, azr, fam, giv, born, sex }' \
    "$feed" > "$work/floor.csv"
  sqlite3 "$work/floor.db" "PRAGMA journal_mode = WAL;" \
    "CREATE TABLE persons (platform_id TEXT NOT NULL UNIQUE, azr_number TEXT, family_name TEXT, given_names TEXT, birth_date TEXT, gender TEXT);" \
    "CREATE INDEX persons_name ON persons (family_name, given_names);" \
    "CREATE INDEX persons_born ON persons (birth_date);" > /dev/null

  t0=$(now_ms)
  xmllint --stream --noout "$feed"
  t1=$(now_ms)
  xmllint_ms=$((t1 - t0))
  t0=$(now_ms)
  sqlite3 "$work/floor.db" ".import --csv $work/floor.csv persons"
  t1=$(now_ms)
  sqlite_ms=$((t1 - t0))
  floor_ms=$((xmllint_ms + sqlite_ms))

  t0=$(now_ms)
  /usr/bin/time -f "%M" -o "$work/import.rss" env EAKTE_PASSWORD=demo \
    "$cli" --db "$work/import.db" --user admin --json import "$feed" > "$work/import.json" || true
  t1=$(now_ms)
  import_ms=$((t1 - t0))
  rss_kb=$(tail -n 1 "$work/import.rss")

  echo "floor: xmllint --stream ${xmllint_ms} ms + sqlite3 .import ${sqlite_ms} ms = ${floor_ms} ms"
  grep -E '"(created|rejected|duplicates_to_review)"' "$work/import.json" | tr -d ' \n'; echo
  echo "import: ${import_ms} ms = $(awk "BEGIN { printf \"%.2f\", $import_ms / $floor_ms }") x the floor (limit 3 x)"
  echo "import: resident memory peak $((rss_kb / 1024)) MiB (limit 150 MB)"
}

measure varied
measure common
