#!/bin/sh
# The import figure of the arrivals issue: a generated feed of 100,000
# persons (about 65 MB) imported by eakte-cli, against the floor measured in
# the same run: xmllint --stream --noout on the same file plus inserting
# the same persons with the sqlite3 shell in one transaction. Also the
# import's resident memory peak.
#   bench/bench-import.sh BUILD-FOLDER WORKDIR
set -eu
build="$1"
work="$2"
cli="$build/app/cli/eakte-cli"
feed="$work/feed-100k.xml"
mkdir -p "$work"

now_ms () { date +%s%3N; }

"$build/bench/bench-make-feed" "$feed" 100000
echo "feed: $(du -m "$feed" | cut -f1) MB, 100,000 persons"

rm -f "$work/import.db" "$work/import.db-wal" "$work/import.db-shm" "$work/floor.db"*
rm -rf "$work/import.db.documents"
EAKTE_PASSWORD=demo "$cli" --db "$work/import.db" demo --persons 100 --facilities 2 >/dev/null
cp "$work/import.db" "$work/floor.db"

t0=$(now_ms)
xmllint --stream --noout "$feed"
t1=$(now_ms)
xmllint_ms=$((t1 - t0))

# The same persons as SQL, written before the clock starts.
awk 'BEGIN { print "BEGIN;" }
     /<personId>/ { gsub(/.*<personId>|<\/personId>.*/, ""); id = $0 }
     /<familienname>/ { gsub(/.*<familienname>|<\/familienname>.*/, ""); fam = $0 }
     /<vorname>/ { gsub(/.*<vorname>|<\/vorname>.*/, ""); giv = $0 }
     /<geburtsdatum>/ { gsub(/.*<geburtsdatum>|<\/geburtsdatum>.*/, ""); born = $0 }
     /<geschlecht>/ { gsub(/.*<geschlecht>|<\/geschlecht>.*/, ""); sex = $0 }
     /<\/person>/ { printf "INSERT INTO persons (platform_id, family_name, given_names, birth_date, gender, status, search_text, sort_name, created_at, created_by) VALUES (\x27%s\x27, \x27%s\x27, \x27%s\x27, \x27%s\x27, \x27%s\x27, \x27expected\x27, \x27%s %s\x27, \x27%s %s\x27, \x272026-11-23\x27, 1);\n", id, fam, giv, born, sex, fam, giv, fam, giv }
     END { print "COMMIT;" }' "$feed" > "$work/floor.sql"
t0=$(now_ms)
sqlite3 "$work/floor.db" < "$work/floor.sql"
t1=$(now_ms)
sqlite_ms=$((t1 - t0))

t0=$(now_ms)
/usr/bin/time -f "%M" -o "$work/import.rss" env EAKTE_PASSWORD=demo \
  "$cli" --db "$work/import.db" --user admin --json import "$feed" > "$work/import.json" || true
t1=$(now_ms)
import_ms=$((t1 - t0))
rss_kb=$(tail -n 1 "$work/import.rss")
floor_ms=$((xmllint_ms + sqlite_ms))

echo "floor: xmllint --stream ${xmllint_ms} ms + sqlite3 inserts ${sqlite_ms} ms = ${floor_ms} ms"
grep -E '"(created|rejected|duplicates_to_review)"' "$work/import.json" | tr -d ' \n'; echo
echo "import: ${import_ms} ms = $(awk "BEGIN { printf \"%.2f\", $import_ms / $floor_ms }") x the floor (limit 3 x)"
echo "import: resident memory peak $((rss_kb / 1024)) MiB (limit 150 MB)"
