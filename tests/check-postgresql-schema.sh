#!/bin/sh
# The PostgreSQL schema (migrations/postgresql/) on a real server: it
# builds with the shared code lists in one transaction, has the tables,
# columns, keys and indexes that SQLite has after all migrations, and
# refuses what SQLite refuses, in the same words -- every statement below
# runs on both engines where SQLite knows it. The overlaps are also
# refused between two transactions writing at once. ea_months_before ()
# counts as SQLite's date modifier does.
#
# Uses the server that PGHOST names (it makes and drops its own
# databases there), or starts a throwaway one with pg_virtualenv
# (postgresql-common), as root or as a user.
set -eu
top=$(cd "$1" && pwd)
schema="$top/migrations/postgresql/0007-schema.sql"
# The migrations after its schema (0007), in order, as the store applies
# them on a server: PostgreSQL's own file of a number where there is one,
# else the shared one.
later=$(for f in "$top"/migrations/[0-9][0-9][0-9][0-9]-*.sql; do
          name=$(basename "$f")
          [ "$(expr "${name%%-*}" + 0)" -gt 7 ] || continue
          own=$(ls "$top"/migrations/postgresql/"${name%%-*}"-*.sql 2>/dev/null | head -n 1)
          echo "${own:-$f}"
        done)
codes="$top/migrations/0002-code-lists.sql"

if [ -z "${PGHOST:-}" ]; then
  if ! command -v pg_virtualenv >/dev/null 2>&1; then
    echo "pg_virtualenv (postgresql-common) is not installed: skipped"
    exit 77
  fi
  # -t: the cluster's files in a temporary folder, also as root.
  exec pg_virtualenv -t sh "$0" "$top"
fi
for tool in psql createdb dropdb sqlite3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed: skipped"; exit 77; }
done

work=$(mktemp -d)
db="ea_schema_test_$$"
cleanup () {
  # Sessions of a failed race may still hold the database.
  dropdb --if-exists --force "$db" 2>/dev/null || true
  dropdb --if-exists --force "${db}_exec" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
lite="$work/lite.db"

failures=0
fail () {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# psql on the test database: quiet, stopping at the first error, which it
# prints with its SQLSTATE ("ERROR:  23P01: ...").
pg () {
  psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" "$@"
}
# The same database as SQLite has it after all migrations, foreign keys on
# as the program's connection has them.
lite () {
  sqlite3 -bail -cmd 'PRAGMA foreign_keys = ON' "$lite" "$@"
}

# ---------------------------------------------------------------------------
# Building: the schema file and the code lists in one transaction; and once
# more as the store sends them, both files as one query string (libpq's
# PQexec, which psql -c uses), into a second database.

# A UTF-8 locale: text search folds the case of Ä, Ö, Ü only under one.
# The columns compare bytewise (COLLATE "C") under any.
createdb -E UTF8 -T template0 --locale=C.UTF-8 "$db"
createdb -E UTF8 -T template0 --locale=C.UTF-8 "${db}_exec"
if ! pg --single-transaction -f "$schema" -f "$codes" $(for f in $later; do echo -f "$f"; done) \
       > "$work/build.out" 2>&1; then
  cat "$work/build.out"
  echo "FAIL: the schema and the code lists do not build in one transaction"
  exit 1
fi
if ! psql -X -q -v ON_ERROR_STOP=1 -d "${db}_exec" \
       -c "$(cat "$schema" "$codes" $later)" > "$work/exec.out" 2>&1; then
  cat "$work/exec.out"
  fail "the schema and the code lists do not run as one query string (PQexec)"
fi

for f in "$top"/migrations/[0-9][0-9][0-9][0-9]-*.sql; do
  sqlite3 -bail "$lite" < "$f" || { echo "FAIL: SQLite refuses $f"; exit 1; }
done

# ---------------------------------------------------------------------------
# The same schema: tables, columns in order with their types and NOT NULL,
# foreign keys with ON DELETE, unique keys and the named indexes. The
# server's own tables: document_text's word index, blob_parts, where it
# keeps the documents' contents (SQLite keeps them as files), and
# audit_pending, the entries it links into the chain at COMMIT (0009).

compare () {
  what="$1"
  if ! diff -u "$work/lite.txt" "$work/pg.txt" > "$work/diff.txt"; then
    fail "$what differ (- SQLite, + PostgreSQL):"
    sed -n '3,40p' "$work/diff.txt"
  fi
}

lite > "$work/lite.txt" <<'SQL'
SELECT m.name, c.cid + 1, c.name,
       CASE upper (c.type) WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text'
                           WHEN 'REAL' THEN 'double precision' WHEN 'BLOB' THEN 'bytea'
                           ELSE c.type END,
       CASE WHEN c."notnull" OR c.pk > 0 THEN 1 ELSE 0 END
  FROM sqlite_schema m, pragma_table_info (m.name) c
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'document_text%'
 ORDER BY 1, 2;
SQL
pg > "$work/pg.txt" <<'SQL'
SELECT c.relname::text COLLATE "C" AS t, a.attnum, a.attname,
       format_type (a.atttypid, NULL), a.attnotnull::integer
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0
   AND NOT a.attisdropped AND c.relname NOT IN ('document_text', 'blob_parts', 'audit_pending')
 ORDER BY t, a.attnum;
SQL
compare "the tables' columns"

lite > "$work/lite.txt" <<'SQL'
SELECT m.name, f."from", f."table", f."to", f.on_delete
  FROM sqlite_schema m, pragma_foreign_key_list (m.name) f
 WHERE m.type = 'table'
 ORDER BY 1, 2, 3;
SQL
pg > "$work/pg.txt" <<'SQL'
SELECT c.relname::text COLLATE "C" AS t, a.attname::text COLLATE "C" AS col,
       r.relname::text COLLATE "C" AS ref, ra.attname,
       CASE k.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
                          WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'
                          WHEN 'd' THEN 'SET DEFAULT' END
       || CASE WHEN cardinality (k.conkey) <> 1 THEN ' (several columns)' ELSE '' END
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
  JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
 WHERE k.contype = 'f' AND c.relnamespace = 'public'::regnamespace AND c.relname NOT IN ('blob_parts', 'audit_pending')
 ORDER BY t, col, ref;
SQL
compare "the foreign keys"

# Indexes: table, columns, unique, partial, and the name of those made by
# CREATE INDEX. SQLite's INTEGER PRIMARY KEY is the rowid, not an index.
lite > "$work/lite.txt" <<'SQL'
SELECT * FROM (
  SELECT m.name AS t,
         (SELECT group_concat (name, ',')
            FROM (SELECT name FROM pragma_index_info (l.name) ORDER BY seqno)) AS cols,
         l."unique", l.partial, CASE l.origin WHEN 'c' THEN l.name ELSE '-' END
    FROM sqlite_schema m, pragma_index_list (m.name) l
   WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'document_text%'
  UNION ALL
  SELECT m.name, c.name, 1, 0, '-'
    FROM sqlite_schema m, pragma_table_info (m.name) c
   WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'document_text%'
     AND c.pk = 1 AND upper (c.type) = 'INTEGER'
     AND (SELECT count (*) FROM pragma_table_info (m.name) WHERE pk > 0) = 1)
 ORDER BY 1, 2, 3, 4, 5;
SQL
pg > "$work/pg.txt" <<'SQL'
SELECT t.relname::text COLLATE "C" AS t,
       (SELECT string_agg (a.attname, ',' ORDER BY k.n)
          FROM unnest (i.indkey::smallint[]) WITH ORDINALITY AS k (attnum, n)
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)
         COLLATE "C" AS cols,
       i.indisunique::integer AS u, (i.indpred IS NOT NULL)::integer AS p,
       CASE WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            THEN '-' ELSE x.relname::text END COLLATE "C" AS name
  FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
 WHERE t.relnamespace = 'public'::regnamespace AND t.relkind = 'r'
   AND t.relname NOT IN ('document_text', 'blob_parts', 'audit_pending') AND NOT i.indisexclusion
 ORDER BY t, cols, u, p, name;
SQL
# prev_hash is unique on PostgreSQL only (see the schema), and so is the
# trigram index of the person search (0008-many-seats.sql).
grep -vx -e "audit_log|prev_hash|1|0|-" -e "persons|search_text|0|0|persons_search_trigrams" \
  "$work/pg.txt" > "$work/pg-shared.txt" || true
mv "$work/pg-shared.txt" "$work/pg.txt"
compare "the unique keys and indexes"

# Text compares bytewise everywhere but in the login, which ignores case.
got=$(pg -c "SELECT string_agg (c.relname || '.' || a.attname || ' ' || coalesce (l.collname, '-'), ', ')
               FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
               LEFT JOIN pg_collation l ON l.oid = a.attcollation
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                AND a.attnum > 0 AND a.atttypid = 'text'::regtype
                AND coalesce (l.collname, '-') <> 'C'") || true
[ "$got" = "users.login ea_nocase" ] ||
  fail "users.login must be the one text column not COLLATE \"C\", in ea_nocase; found \"$got\""
got=$(pg -c "SELECT string_agg (attname, ',' ORDER BY attnum) FROM pg_attribute
              WHERE attrelid = 'document_text'::regclass AND attnum > 0") || true
[ "$got" = "rowid,body,body_tsv" ] || fail "document_text has the columns $got"

# ---------------------------------------------------------------------------
# What the server accepts and refuses.

# Each step runs on SQLite at once, and is queued for PostgreSQL: the
# queue runs in one session (a connection costs a tenth of a second), each
# statement in a transaction of its own, its error caught and printed as
# "SQLSTATE: message" -- or "accepted".
: > "$work/queue.sql"
: > "$work/expect.txt"
queue () {  # kind, what, PostgreSQL's words, statement
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$work/expect.txt"
  case "$1" in
    same) printf 'SELECT pg_temp.value ($ea$%s$ea$);\n' "$4" >> "$work/queue.sql" ;;
    *) printf 'SELECT pg_temp.try ($ea$%s$ea$);\n' "$4" >> "$work/queue.sql" ;;
  esac
}
pg_run_queue () {
  [ -s "$work/expect.txt" ] || return 0
  if ! pg -f - > "$work/results.txt" 2> "$work/out" <<SQL
CREATE FUNCTION pg_temp.try (statement text) RETURNS text LANGUAGE plpgsql AS \$\$
BEGIN
  EXECUTE statement;
  RETURN 'accepted';
EXCEPTION WHEN others THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END
\$\$;
CREATE FUNCTION pg_temp.value (query text) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE
  answer text;
BEGIN
  EXECUTE query INTO answer;
  RETURN answer;
EXCEPTION WHEN others THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END
\$\$;
\i $work/queue.sql
SQL
  then
    fail "the queued statements did not run on PostgreSQL:"
    sed 's/^/  /' "$work/out"
  fi
  while IFS="$(printf '\t')" read -r kind what expect && read -r got <&3; do
    case "$kind" in
      ok) [ "$got" = accepted ] || fail "PostgreSQL refuses $what: $got" ;;
      refused)
        case "$got" in
          accepted) fail "PostgreSQL accepts $what" ;;
          23*) case "$got" in
                 *"$expect"*) ;;
                 *) fail "PostgreSQL refuses $what, but not with \"$expect\": $got" ;;
               esac ;;
          *) fail "PostgreSQL refuses $what, but not with an SQLSTATE of class 23: $got" ;;
        esac ;;
      same) [ "$got" = "$expect" ] || fail "$what: PostgreSQL answers \"$got\", not \"$expect\"" ;;
    esac
  done < "$work/expect.txt" 3< "$work/results.txt"
  [ "$(wc -l < "$work/expect.txt")" = "$(wc -l < "$work/results.txt")" ] ||
    fail "PostgreSQL answered $(wc -l < "$work/results.txt") of $(wc -l < "$work/expect.txt") statements"
  : > "$work/queue.sql"
  : > "$work/expect.txt"
}

# Runs $2 on both engines; both must accept it. $1 says what it is.
ok () {
  lite "$2" > "$work/out" 2>&1 || { fail "SQLite refuses $1:"; sed 's/^/  /' "$work/out"; }
  queue ok "$1" - "$2"
}
# $1 what is refused, $2 words that PostgreSQL's error must hold (after its
# SQLSTATE), $3 SQLite's words or - when SQLite does not know the statement
# or allows it, $4 the statement. PostgreSQL must refuse it with an
# SQLSTATE of class 23, which the store takes for a broken rule.
refused () {
  queue refused "$1" "$2" "$4"
  [ "$3" != - ] || return 0
  if lite "$4" > "$work/out" 2>&1; then
    fail "SQLite accepts $1"
  elif ! grep -qF -- "$3" "$work/out"; then
    fail "SQLite refuses $1, but not with \"$3\":"
    sed 's/^/  /' "$work/out"
  fi
}
# Both engines answer the query $2 with $3.
same () {
  got_lite=$(lite "$2" 2>&1) || true
  [ "$got_lite" = "$3" ] || fail "$1: SQLite answers \"$got_lite\", not \"$3\""
  queue same "$1" "$3" "$2"
}

stay () {  # person bed from until|-
  until_date="'$4'"; [ "$4" != - ] || until_date=NULL
  echo "INSERT INTO stays (person_id, bed_id, from_date, until_date, created_at, created_by)
        VALUES ($1, $2, '$3', $until_date, '2026-01-01T08:00:00Z', 1)"
}
reservation () {  # person bed from until|- state
  until_date="'$4'"; [ "$4" != - ] || until_date=NULL
  echo "INSERT INTO reservations (person_id, bed_id, from_date, until_date, state, created_at,
                                  created_by)
        VALUES ($1, $2, '$3', $until_date, '$5', '2026-01-01T08:00:00Z', 1)"
}
person () {  # family name, birth date, azr number|NULL
  echo "INSERT INTO persons (family_name, birth_date, azr_number, gender, status, search_text,
                             sort_name, created_at, created_by)
        VALUES ('$1', '$2', $3, 'w', 'present', '$1', '$1', '2026-01-01T08:00:00Z', 1)"
}

ok "the first account" \
  "INSERT INTO users (login, display_name, password_hash, created_at)
   VALUES ('admin', 'Verwaltung', '\$argon2id\$v=19\$m=65536,t=2,p=1\$c2FsdA\$aGFzaA',
           '2026-01-01T08:00:00Z')"
ok "a facility" \
  "INSERT INTO facilities (name, kind, created_at, created_by)
   VALUES ('Gemeinschaftsunterkunft Nord', 'communal', '2026-01-01T08:00:00Z', 1)"
ok "a unit" "INSERT INTO units (facility_id, name) VALUES (1, 'Erdgeschoss')"
ok "a room" \
  "INSERT INTO rooms (unit_id, name, area_m2, capacity, rule) VALUES (1, '1.01', 42.5, 6, 'any')"
ok "six beds" \
  "INSERT INTO beds (room_id, label)
   VALUES (1, 'A'), (1, 'B'), (1, 'C'), (1, 'D'), (1, 'E'), (1, 'F')"
for i in 1 2 3 4 5 6 7 8 9 10; do
  ok "person $i" "$(person "Person$i" 1990-05-17 NULL)"
done

# Stays: a bed holds one at a time, a person is in one bed at a time.
ok "a stay" "$(stay 1 1 2026-01-01 2026-02-01)"
ok "the next stay in a bed, from the day the last one ended" "$(stay 2 1 2026-02-01 -)"
ok "a person's next stay, from the day the last one ended" "$(stay 1 2 2026-02-01 2026-03-01)"
refused "a second stay in a bed over the same days" "23P01: overlapping stay on this bed" \
  "overlapping stay on this bed" "$(stay 3 1 2026-01-15 2026-01-20)"
refused "a second open stay in a bed" "23P01: overlapping stay on this bed" \
  "overlapping stay on this bed" "$(stay 3 1 2027-01-01 -)"
refused "a second stay of a person over the same days" "23P01: overlapping stay of this person" \
  "overlapping stay of this person" "$(stay 1 3 2026-01-31 2026-02-02)"
refused "a stay moved to begin before the person's last one ended" \
  "23P01: overlapping stay of this person" "overlapping stay of this person" \
  "UPDATE stays SET from_date = '2026-01-31' WHERE person_id = 1 AND bed_id = 2"
refused "a stay given to a person who is in another bed then" \
  "23P01: overlapping stay of this person" "overlapping stay of this person" \
  "UPDATE stays SET person_id = 2 WHERE person_id = 1 AND bed_id = 2"
refused "a stay that ends before it begins" "23514:" "CHECK constraint failed" \
  "$(stay 4 4 2026-05-01 2026-05-01)"
refused "a planned departure before the stay" "23514:" "CHECK constraint failed" \
  "UPDATE stays SET planned_until = '2025-12-31' WHERE person_id = 2"
ok "a planned departure" "UPDATE stays SET planned_until = '2026-06-30' WHERE person_id = 2"

# The exclusion constraints refuse the overlaps without the triggers, as
# they must between two transactions at once. (The triggers are off only
# inside the statements' own transaction, which fails.)
refused "a second stay in a bed (the constraint alone)" \
  'violates exclusion constraint "stays_bed_no_overlap"' - \
  "ALTER TABLE stays DISABLE TRIGGER USER; $(stay 3 1 2026-01-15 2026-01-20);
   ALTER TABLE stays ENABLE TRIGGER USER"
refused "a second stay of a person (the constraint alone)" \
  'violates exclusion constraint "stays_person_no_overlap"' - \
  "ALTER TABLE stays DISABLE TRIGGER USER; $(stay 1 3 2026-01-31 2026-02-02);
   ALTER TABLE stays ENABLE TRIGGER USER"
refused "overlapping active reservations (the constraint alone)" \
  'violates exclusion constraint "reservations_bed_no_overlap"' - \
  "ALTER TABLE reservations DISABLE TRIGGER USER;
   $(reservation 4 3 2026-03-01 2026-04-01 active); $(reservation 5 3 2026-03-31 - active);
   ALTER TABLE reservations ENABLE TRIGGER USER"

# Reservations hold the bed.
ok "a reservation" "$(reservation 4 3 2026-03-01 2026-04-01 active)"
ok "the next reservation of the bed, from the day the last one ends" \
  "$(reservation 5 3 2026-04-01 2026-05-01 active)"
ok "a cancelled reservation over an active one" \
  "$(reservation 5 3 2026-03-15 2026-03-20 cancelled)"
refused "a second active reservation of a bed" "23P01: overlapping reservation of this bed" \
  "overlapping reservation of this bed" "$(reservation 6 3 2026-03-15 2026-03-20 active)"
refused "a cancelled reservation made active over another" \
  "23P01: overlapping reservation of this bed" "overlapping reservation of this bed" \
  "UPDATE reservations SET state = 'active' WHERE state = 'cancelled'"
refused "a reservation of a bed another person stays in" \
  "23P01: reservation of a bed another person stays in" \
  "reservation of a bed another person stays in" "$(reservation 3 1 2026-06-01 - active)"
ok "a reservation of the bed one stays in" "$(reservation 2 1 2026-06-01 2026-07-01 active)"
ok "the stay of the reservation's person" "$(stay 4 3 2026-03-01 2026-04-01)"
# A stay that breaks two rules is refused by the rule SQLite checks first.
refused "a stay in a bed reserved for another person" \
  "23P01: stay in a bed reserved for another person" \
  "stay in a bed reserved for another person" "$(stay 6 3 2026-03-10 2026-03-12)"
ok "a stay in a free bed" "$(stay 6 4 2026-04-10 2026-04-20)"
refused "a stay moved into a bed reserved for another person" \
  "23P01: stay in a bed reserved for another person" \
  "stay in a bed reserved for another person" \
  "UPDATE stays SET bed_id = 3 WHERE person_id = 6"

# The audit log is append-only and one chain.
hash0=0000000000000000000000000000000000000000000000000000000000000000
audit () {  # prev_hash hash
  echo "INSERT INTO audit_log (at, user_id, action, object_type, object_id, prev_hash, hash)
        VALUES ('2026-01-01T08:00:00Z', 1, 'create', 'person', 1, '$1', '$2')"
}
ok "the first entry of the audit log" "$(audit $hash0 h1)"
ok "the next entry of the audit log" "$(audit h1 h2)"
refused "a change of the audit log" "23000: the audit log is append-only" \
  "the audit log is append-only" "UPDATE audit_log SET detail = 'x'"
refused "a deletion from the audit log" "23000: the audit log is append-only" \
  "the audit log is append-only" "DELETE FROM audit_log WHERE hash = 'h2'"
refused "emptying the audit log" "23000: the audit log is append-only" - "TRUNCATE audit_log"
refused "a second entry after the same one" 'audit_log_prev_hash_key' - "$(audit h1 h3)"
same "entries in the audit log" "SELECT count (*) FROM audit_log" 2

# A login is unique and found regardless of case.
refused "a login that differs only in case" '23505:' "UNIQUE constraint failed: users.login" \
  "INSERT INTO users (login, display_name, password_hash, created_at)
   VALUES ('ADMIN', 'Zweite', '\$argon2id\$x', '2026-01-01T08:00:00Z')"
same "the account of the login ADMIN" "SELECT id FROM users WHERE login = 'ADMIN'" 1
refused "a login longer than 64 characters" "23514:" "CHECK constraint failed" \
  "INSERT INTO users (login, display_name, password_hash, created_at)
   VALUES ('$(printf '%065d' 0)', 'Lang', '\$argon2id\$x', '2026-01-01T08:00:00Z')"
# SQLite's LIKE ignores the case of A-Z: so does the CHECK on PostgreSQL.
ok "a password hash in capitals" \
  "INSERT INTO users (login, display_name, password_hash, created_at, created_by)
   VALUES ('Sachbearbeitung', 'Sachbearbeitung', '\$ARGON2ID\$x', '2026-01-01T08:00:00Z', 1)"
refused "a password hash that is not argon2id" "23514:" "CHECK constraint failed" \
  "INSERT INTO users (login, display_name, password_hash, created_at)
   VALUES ('klartext', 'Klartext', 'geheim', '2026-01-01T08:00:00Z')"
ok "a role" "INSERT INTO user_roles (user_id, role)
             SELECT id, 'housing' FROM users WHERE login = 'Sachbearbeitung'"

# CHECKs written differently on PostgreSQL (GLOB, CAST, json_valid).
ok "a birth date known by the year, and an AZR number" \
  "$(person Teilweise 1990-00-00 "'123456789012'")"
refused "a birth month 13" "23514:" "CHECK constraint failed" "$(person Falsch 1990-13-01 NULL)"
refused "a birth date that is no date" "23514:" "CHECK constraint failed" \
  "$(person Falsch 17.05.1990 NULL)"
refused "a birth year 0000" "23514:" "CHECK constraint failed" "$(person Falsch 0000-05-17 NULL)"
refused "an AZR number with a letter" "23514:" "CHECK constraint failed" \
  "$(person Falsch 1990-05-17 "'12345678901A'")"
refused "an FlüAG month that is no month" "23514:" "CHECK constraint failed" \
  "INSERT INTO flueag_reported (month, person_id, reported_at) VALUES ('2026-1', 1, 'x')"
ok "an FlüAG month" \
  "INSERT INTO flueag_reported (month, person_id, reported_at) VALUES ('2026-01', 1, 'x')"
refused "import messages that are no JSON" "23514:" "CHECK constraint failed" \
  "INSERT INTO import_runs (started_at, user_id, source, kind, state, messages)
   VALUES ('2026-01-01T08:00:00Z', 1, 'a.xml', 'xml', 'done', '[{\"a\": 1}')"
ok "an import with its messages" \
  "INSERT INTO import_runs (started_at, user_id, source, kind, state, sequence, messages)
   VALUES ('2026-01-01T08:00:00Z', 1, 'a.xml', 'xml', 'done', 7, '[{\"a\": 1}]')"
refused "a platform sequence number imported twice" "23505:" \
  "UNIQUE constraint failed: import_runs.sequence" \
  "INSERT INTO import_runs (started_at, user_id, source, kind, state, sequence)
   VALUES ('2026-01-02T08:00:00Z', 1, 'b.xml', 'xml', 'partial', 7)"
ok "a refused import of the same sequence number" \
  "INSERT INTO import_runs (started_at, user_id, source, kind, state, sequence)
   VALUES ('2026-01-02T08:00:00Z', 1, 'b.xml', 'xml', 'refused', 7)"
refused "keep-apart with the persons the wrong way round" "23514:" "CHECK constraint failed" \
  "INSERT INTO keep_apart (person_a, person_b, created_at, created_by)
   VALUES (2, 1, '2026-01-01T08:00:00Z', 1)"

# Foreign keys, and what a deletion takes along.
refused "a stay in a bed that does not exist" "23503:" "FOREIGN KEY constraint failed" \
  "$(stay 7 99 2026-01-01 -)"
refused "a deletion of a user who wrote" "23503:" "FOREIGN KEY constraint failed" \
  "DELETE FROM users WHERE id = 1"
ok "a language" "INSERT INTO person_languages (person_id, code, level) VALUES (7, 'deu', 'A2')"
ok "the deletion of an account" "DELETE FROM users WHERE login = 'Sachbearbeitung'"
ok "the deletion of a person" "DELETE FROM persons WHERE family_name = 'Person7'"
same "roles and languages left after deletions" \
  "SELECT (SELECT count (*) FROM user_roles) + (SELECT count (*) FROM person_languages)" 0
pg_run_queue

# The documents' text: rowid as on SQLite, words found by prefix.
pg -c "INSERT INTO document_text (rowid, body) VALUES (41, 'Schulzeugnis der REALSCHULE KÖLN')" \
  > "$work/out" 2>&1 || fail "PostgreSQL refuses a document's text: $(cat "$work/out")"
got=$(pg -c "SELECT rowid FROM document_text
              WHERE body_tsv @@ to_tsquery ('ea_text', '''realsch'':*')
                AND body_tsv @@ to_tsquery ('ea_text', '''köln'':*')" 2>&1) || true
[ "$got" = 41 ] || fail "a prefix query on document_text finds \"$got\", not 41"
pg -c "DELETE FROM document_text WHERE rowid = 41" > "$work/out" 2>&1 ||
  fail "PostgreSQL does not delete a document's text: $(cat "$work/out")"

# ---------------------------------------------------------------------------
# Two transactions at once: A writes and waits, uncommitted, until B waits
# for it (10 s at the most); then A commits, and B must be refused. No
# trigger sees an uncommitted row: the exclusion constraints and the
# triggers' lock of the bed must hold.

race_wait='DO $$
BEGIN
  FOR i IN 1 .. 400 LOOP
    PERFORM pg_stat_clear_snapshot ();
    EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity
                       WHERE application_name = '"'ea_race_b'"' AND wait_event_type = '"'Lock'"');
    PERFORM pg_sleep (0.025);
  END LOOP;
END
$$;'
race () {  # what, A's statement, B's statement, the words of B's refusal
  printf 'BEGIN;\n%s;\n%s\nCOMMIT;\n' "$2" "$race_wait" |
    PGAPPNAME=ea_race_a pg > "$work/race-a.out" 2>&1 &
  race_a=$!
  n=0
  until [ "$(pg -c "SELECT count (*) FROM pg_stat_activity
                     WHERE application_name = 'ea_race_a' AND query LIKE 'DO%'")" = 1 ]; do
    n=$((n + 1))
    if [ "$n" -gt 300 ] || ! kill -0 "$race_a" 2>/dev/null; then
      wait "$race_a" || true
      fail "$1: the first transaction did not write"
      sed 's/^/  /' "$work/race-a.out"
      return 0
    fi
    sleep 0.1
  done
  if PGAPPNAME=ea_race_b pg -c "$3" > "$work/out" 2>&1; then
    fail "PostgreSQL accepts $1"
  elif ! grep -qF -- "$4" "$work/out"; then
    fail "PostgreSQL refuses $1, but not with \"$4\":"
    sed 's/^/  /' "$work/out"
  fi
  wait "$race_a" || { fail "$1: the first transaction failed"; sed 's/^/  /' "$work/race-a.out"; }
}
race "a reservation of a bed someone moves into at the same time" \
  "$(stay 8 4 2026-08-01 -)" "$(reservation 9 4 2026-08-10 2026-08-20 active)" \
  "23P01: reservation of a bed another person stays in"
race "a stay in a bed reserved for another person at the same time" \
  "$(reservation 9 2 2026-09-01 2026-10-01 active)" "$(stay 10 2 2026-09-05 2026-09-10)" \
  "23P01: stay in a bed reserved for another person"
race "two stays in one bed at the same time" \
  "$(stay 9 6 2027-01-01 -)" "$(stay 10 6 2027-02-01 -)" "23P01:"
race "two stays of one person at the same time" \
  "$(stay 10 5 2027-01-01 2027-01-10)" "$(stay 10 3 2027-01-05 2027-01-15)" \
  'violates exclusion constraint "stays_person_no_overlap"'
race "two reservations of one bed at the same time" \
  "$(reservation 3 5 2027-03-01 2027-04-01 active)" \
  "$(reservation 4 5 2027-03-15 2027-03-20 active)" "23P01:"

# ---------------------------------------------------------------------------
# ea_months_before () against SQLite's date (day, '-N months'): every month's
# end and some other days of five years, back by 0 to 120 months, and what
# SQLite does with odd input.

{
  echo "VALUES (0, '2026-08-31', 6)"
  n=0
  for year in 2000 2023 2024 2026 2100; do
    for month in 01 02 03 04 05 06 07 08 09 10 11 12; do
      for day in 01 15 28 29 30 31; do
        for months in 0 1 2 6 11 12 13 25 120; do
          n=$((n + 1))
          echo ", ($n, '$year-$month-$day', $months)"
        done
      done
    done
  done
  for odd in "'2026-02-30', 0" "'2026-02-31', 1" "'2026-02-00', 1" "'2026-13-01', 1" \
             "'2026-00-10', 1" "'2026-03-32', 1" "'2026-3-31', 1" "'31.03.2026', 1" \
             "'2026-01-31', -1" "'2026-03-31', 24000" "'', 1"; do
    n=$((n + 1))
    echo ", ($n, $odd)"
  done
} > "$work/days.sql"
{ echo "SELECT column1, column2, column3, date (column2, '-' || column3 || ' months') FROM ("
  cat "$work/days.sql"; echo ") ORDER BY 1;"; } | sqlite3 > "$work/lite.txt"
{ echo "SELECT column1, column2, column3, ea_months_before (column2, column3) FROM ("
  cat "$work/days.sql"; echo ") AS days ORDER BY 1;"; } | pg > "$work/pg.txt"
pairs=$(wc -l < "$work/lite.txt")
[ "$pairs" -gt 2000 ] || fail "SQLite computed only $pairs days before"
grep -q '^0|2026-08-31|6|2026-03-03$' "$work/lite.txt" ||
  fail "SQLite no longer says 2026-08-31 less 6 months is 2026-03-03"
compare "ea_months_before () and SQLite's date modifier (number|day|months|result)"

if [ "$failures" -gt 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "the PostgreSQL schema is SQLite's and keeps its rules ($pairs days before compared)"
