-- SPDX-License-Identifier: EUPL-1.2
--
-- The whole schema of E-Akte Flüchtlingsmanagement. Dates are ISO 8601 text
-- ('YYYY-MM-DD'), times are UTC ISO 8601 text. A stay or reservation runs
-- from its first night (from_date) until the day of departure (until_date,
-- exclusive); an open stay has until_date NULL.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Code lists (gender, nationality, ...), seeded by migration with German labels.
CREATE TABLE codes (
  list     TEXT NOT NULL,
  code     TEXT NOT NULL,
  label    TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (list, code)
) STRICT, WITHOUT ROWID;

-- Users, roles and their facility scope.
CREATE TABLE roles (
  code  TEXT PRIMARY KEY,
  label TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  login                TEXT NOT NULL UNIQUE COLLATE NOCASE
                       CHECK (length(login) BETWEEN 1 AND 64),
  display_name         TEXT NOT NULL,
  password_hash        TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  locked_until         TEXT,
  last_login_at        TEXT,
  created_at           TEXT NOT NULL,
  created_by           INTEGER REFERENCES users (id)
) STRICT;

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role    TEXT NOT NULL REFERENCES roles (code),
  PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

-- Housing: facility -> unit -> room -> bed.
CREATE TABLE facilities (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  kind       TEXT NOT NULL CHECK (kind IN ('communal', 'flat', 'other')),
  street     TEXT,
  postcode   TEXT,
  place      TEXT,
  opened_on  TEXT,
  closed_on  TEXT,
  notes      TEXT,
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users (id),
  updated_at TEXT,
  updated_by INTEGER REFERENCES users (id)
) STRICT;

CREATE TABLE user_facilities (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  facility_id INTEGER NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, facility_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE units (
  id           INTEGER PRIMARY KEY,
  facility_id  INTEGER NOT NULL REFERENCES facilities (id),
  name         TEXT NOT NULL,
  reserved_for TEXT NOT NULL DEFAULT 'none'
               CHECK (reserved_for IN ('none', 'women', 'families')),
  closed_on    TEXT,
  UNIQUE (facility_id, name)
) STRICT;
CREATE INDEX units_facility ON units (facility_id);

CREATE TABLE rooms (
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES units (id),
  name         TEXT NOT NULL,
  floor        INTEGER NOT NULL DEFAULT 0,
  area_m2      REAL NOT NULL CHECK (area_m2 > 0),
  capacity     INTEGER NOT NULL CHECK (capacity > 0),
  rule         TEXT NOT NULL CHECK (rule IN ('men', 'women', 'family', 'any')),
  barrier_free INTEGER NOT NULL DEFAULT 0 CHECK (barrier_free IN (0, 1)),
  closed_on    TEXT,
  UNIQUE (unit_id, name)
) STRICT;
CREATE INDEX rooms_unit ON rooms (unit_id);

CREATE TABLE beds (
  id        INTEGER PRIMARY KEY,
  room_id   INTEGER NOT NULL REFERENCES rooms (id),
  label     TEXT NOT NULL,
  closed_on TEXT,
  UNIQUE (room_id, label)
) STRICT;
CREATE INDEX beds_room ON beds (room_id);

-- A bed is blocked (gesperrt) for a period with a reason; the history stays,
-- so the occupancy of any past day can be told.
CREATE TABLE bed_blocks (
  id         INTEGER PRIMARY KEY,
  bed_id     INTEGER NOT NULL REFERENCES beds (id),
  reason     TEXT NOT NULL CHECK (reason IN ('renovation', 'damage', 'quarantine', 'other')),
  note       TEXT,
  from_date  TEXT NOT NULL,
  until_date TEXT CHECK (until_date IS NULL OR until_date > from_date),
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX bed_blocks_bed ON bed_blocks (bed_id, from_date);

-- Persons.
CREATE TABLE persons (
  id               INTEGER PRIMARY KEY,
  platform_id      TEXT UNIQUE,
  azr_number       TEXT UNIQUE CHECK (azr_number IS NULL OR (length(azr_number) = 12
                     AND azr_number NOT GLOB '*[^0-9]*')),
  bamf_file_number TEXT,
  family_name      TEXT NOT NULL CHECK (length(family_name) > 0),
  given_names      TEXT,
  birth_name       TEXT,
  -- Partially known as in the feed: 'YYYY-MM-DD' with MM and/or DD '00'.
  birth_date       TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                     AND substr(birth_date, 1, 4) <> '0000'
                     AND CAST(substr(birth_date, 6, 2) AS INTEGER) <= 12
                     AND CAST(substr(birth_date, 9, 2) AS INTEGER) <= 31),
  birth_place      TEXT,
  birth_country    TEXT,
  gender           TEXT NOT NULL CHECK (gender IN ('m', 'w', 'd', 'x')),
  marital_status   TEXT,
  religion         TEXT,
  residence_status TEXT,
  schooling        TEXT,
  profession       TEXT,
  remark           TEXT,
  status           TEXT NOT NULL CHECK (status IN ('expected', 'present', 'left')),
  expected_on      TEXT,
  arrived_on       TEXT,
  left_on          TEXT,
  -- Derived by the store from the names and keys: folded for search and sort.
  search_text      TEXT NOT NULL,
  sort_name        TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  created_by       INTEGER NOT NULL REFERENCES users (id),
  updated_at       TEXT,
  updated_by       INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX persons_sort_name ON persons (sort_name, search_text);
CREATE INDEX persons_status ON persons (status);
CREATE INDEX persons_birth_date ON persons (birth_date);

CREATE TABLE person_nationalities (
  person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL CHECK (position BETWEEN 1 AND 4),
  code      TEXT NOT NULL,
  PRIMARY KEY (person_id, position),
  UNIQUE (person_id, code)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_nationalities_code ON person_nationalities (code);

CREATE TABLE person_languages (
  person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  code      TEXT NOT NULL,
  level     TEXT CHECK (level IS NULL OR level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'M')),
  PRIMARY KEY (person_id, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE person_vulnerabilities (
  person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  code      TEXT NOT NULL,
  note      TEXT,
  PRIMARY KEY (person_id, code)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_vulnerabilities_code ON person_vulnerabilities (code);

-- Familienverbund: a household, kept together.
CREATE TABLE households (
  id          INTEGER PRIMARY KEY,
  platform_id TEXT UNIQUE,
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users (id)
) STRICT;

CREATE TABLE household_members (
  household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
  person_id    INTEGER NOT NULL UNIQUE REFERENCES persons (id) ON DELETE CASCADE,
  role         TEXT NOT NULL CHECK (role IN ('bezugsperson', 'ehegatte', 'lebenspartner', 'kind',
                                             'elternteil', 'geschwister', 'sonstige')),
  PRIMARY KEY (household_id, person_id)
) STRICT, WITHOUT ROWID;

-- Konfliktvermerk: these two persons are not to be housed together.
CREATE TABLE keep_apart (
  id          INTEGER PRIMARY KEY,
  person_a    INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  person_b    INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  reason      TEXT,
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users (id),
  CHECK (person_a < person_b),
  UNIQUE (person_a, person_b)
) STRICT;

-- Belegung: the full history of who slept where.
CREATE TABLE stays (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES persons (id),
  bed_id     INTEGER NOT NULL REFERENCES beds (id),
  from_date  TEXT NOT NULL,
  until_date TEXT CHECK (until_date IS NULL OR until_date > from_date),
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX stays_bed ON stays (bed_id, from_date);
CREATE INDEX stays_person ON stays (person_id, from_date);
CREATE INDEX stays_open ON stays (bed_id) WHERE until_date IS NULL;

-- The database itself refuses two overlapping stays on one bed or of one
-- person, whatever code writes them.
CREATE TRIGGER stays_no_overlap_insert BEFORE INSERT ON stays
BEGIN
  SELECT RAISE (ABORT, 'overlapping stay on this bed')
   WHERE EXISTS (SELECT 1 FROM stays s
                  WHERE s.bed_id = NEW.bed_id
                    AND s.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (s.until_date, '9999-12-31') > NEW.from_date);
  SELECT RAISE (ABORT, 'overlapping stay of this person')
   WHERE EXISTS (SELECT 1 FROM stays s
                  WHERE s.person_id = NEW.person_id
                    AND s.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (s.until_date, '9999-12-31') > NEW.from_date);
END;

CREATE TRIGGER stays_no_overlap_update BEFORE UPDATE OF person_id, bed_id, from_date, until_date ON stays
BEGIN
  SELECT RAISE (ABORT, 'overlapping stay on this bed')
   WHERE EXISTS (SELECT 1 FROM stays s
                  WHERE s.id <> OLD.id
                    AND s.bed_id = NEW.bed_id
                    AND s.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (s.until_date, '9999-12-31') > NEW.from_date);
  SELECT RAISE (ABORT, 'overlapping stay of this person')
   WHERE EXISTS (SELECT 1 FROM stays s
                  WHERE s.id <> OLD.id
                    AND s.person_id = NEW.person_id
                    AND s.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (s.until_date, '9999-12-31') > NEW.from_date);
END;

-- Reservierung: a bed held for an expected arrival.
CREATE TABLE reservations (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES persons (id),
  bed_id     INTEGER NOT NULL REFERENCES beds (id),
  from_date  TEXT NOT NULL,
  until_date TEXT CHECK (until_date IS NULL OR until_date > from_date),
  state      TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'fulfilled', 'cancelled')),
  stay_id    INTEGER REFERENCES stays (id),
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX reservations_bed ON reservations (bed_id, from_date);
CREATE INDEX reservations_person ON reservations (person_id);

-- Fallnotizen: the current state of a note is its highest revision.
CREATE TABLE case_notes (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER REFERENCES persons (id) ON DELETE CASCADE,
  household_id INTEGER REFERENCES households (id) ON DELETE CASCADE,
  confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
  created_at   TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES users (id),
  CHECK ((person_id IS NULL) <> (household_id IS NULL))
) STRICT;
CREATE INDEX case_notes_person ON case_notes (person_id);
CREATE INDEX case_notes_household ON case_notes (household_id);

CREATE TABLE case_note_revisions (
  note_id    INTEGER NOT NULL REFERENCES case_notes (id) ON DELETE CASCADE,
  revision   INTEGER NOT NULL CHECK (revision >= 1),
  note_date  TEXT NOT NULL,
  category   TEXT NOT NULL CHECK (category IN ('beratung', 'gesundheit', 'schule-kita',
                                                'arbeit-ausbildung', 'behoerden', 'konflikt',
                                                'sonstiges')),
  body       TEXT NOT NULL,
  written_at TEXT NOT NULL,
  written_by INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (note_id, revision)
) STRICT, WITHOUT ROWID;

-- Documents: the file lives once in the content-addressed store beside the
-- database (documents/ab/cdef...), named by its SHA-256.
CREATE TABLE blobs (
  sha256    TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size      INTEGER NOT NULL CHECK (size >= 0),
  mime_type TEXT NOT NULL,
  added_at  TEXT NOT NULL
) STRICT;

CREATE TABLE documents (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER REFERENCES persons (id) ON DELETE CASCADE,
  sha256      TEXT NOT NULL REFERENCES blobs (sha256),
  filename    TEXT NOT NULL,
  category    TEXT NOT NULL CHECK (category IN ('ausweis', 'aufenthaltsdokument', 'zeugnis',
                                                'berufsnachweis', 'bescheid', 'gesundheit',
                                                'sonstiges', 'zuweisung')),
  title       TEXT NOT NULL,
  issued_on   TEXT,
  expires_on  TEXT,
  page_count  INTEGER,
  text_state  TEXT NOT NULL DEFAULT 'pending' CHECK (text_state IN ('pending', 'done', 'none', 'failed')),
  added_at    TEXT NOT NULL,
  added_by    INTEGER NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX documents_person ON documents (person_id);
CREATE INDEX documents_expires ON documents (expires_on) WHERE expires_on IS NOT NULL;

-- Text of documents (PDF text layer and OCR), for search.
CREATE VIRTUAL TABLE document_text USING fts5 (
  body,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE qualifications (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('schule', 'ausbildung', 'studium', 'berufserfahrung',
                                            'sprachkurs', 'sonstige')),
  title       TEXT NOT NULL,
  country     TEXT,
  year        INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2100),
  recognition TEXT NOT NULL DEFAULT 'keine' CHECK (recognition IN ('keine', 'beantragt', 'teilweise',
                                                                   'voll', 'abgelehnt')),
  document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX qualifications_person ON qualifications (person_id);

-- Transfers (Zuweisungen) as the platform announced them.
CREATE TABLE import_runs (
  id                   INTEGER PRIMARY KEY,
  started_at           TEXT NOT NULL,
  finished_at          TEXT,
  user_id              INTEGER NOT NULL REFERENCES users (id),
  source               TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('xml', 'csv', 'xlsx', 'platform')),
  message_id           TEXT,
  sequence             INTEGER,
  raw_sha256           TEXT REFERENCES blobs (sha256),
  state                TEXT NOT NULL CHECK (state IN ('running', 'done', 'partial', 'refused', 'failed')),
  created              INTEGER NOT NULL DEFAULT 0,
  updated              INTEGER NOT NULL DEFAULT 0,
  unchanged            INTEGER NOT NULL DEFAULT 0,
  cancelled            INTEGER NOT NULL DEFAULT 0,
  rejected             INTEGER NOT NULL DEFAULT 0,
  duplicates_to_review INTEGER NOT NULL DEFAULT 0,
  messages             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(messages))
) STRICT;
CREATE UNIQUE INDEX import_runs_sequence ON import_runs (sequence)
  WHERE sequence IS NOT NULL AND state IN ('done', 'partial');

CREATE TABLE transfers (
  id             INTEGER PRIMARY KEY,
  platform_id    TEXT NOT NULL UNIQUE,
  decided_on     TEXT NOT NULL,
  arrival_on     TEXT NOT NULL,
  origin_id      TEXT,
  origin_name    TEXT,
  state          TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'cancelled')),
  import_run_id  INTEGER REFERENCES import_runs (id)
) STRICT;

CREATE TABLE transfer_persons (
  transfer_id INTEGER NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,
  person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  PRIMARY KEY (transfer_id, person_id)
) STRICT, WITHOUT ROWID;

-- Records held for review: probable duplicates and invalid records.
CREATE TABLE import_reviews (
  id            INTEGER PRIMARY KEY,
  import_run_id INTEGER NOT NULL REFERENCES import_runs (id),
  kind          TEXT NOT NULL CHECK (kind IN ('duplicate', 'invalid', 'unknown-code')),
  person_id     INTEGER REFERENCES persons (id) ON DELETE CASCADE,
  record        TEXT NOT NULL CHECK (json_valid(record)),
  message       TEXT NOT NULL,
  decided_at    TEXT,
  decided_by    INTEGER REFERENCES users (id),
  decision      TEXT CHECK (decision IS NULL OR decision IN ('merged', 'kept-apart', 'dismissed'))
) STRICT;

CREATE TABLE import_mappings (
  name    TEXT PRIMARY KEY,
  mapping TEXT NOT NULL CHECK (json_valid(mapping))
) STRICT;

-- Protokoll: append-only and hash-chained; each entry's hash covers the
-- previous entry's hash.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER REFERENCES users (id),
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   INTEGER,
  person_id   INTEGER,
  detail      TEXT,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_log_user ON audit_log (user_id, at);
CREATE INDEX audit_log_person ON audit_log (person_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'the audit log is append-only');
END;
