-- FlüAG-Bestandsmeldung: which person was reported for which month, so that
-- a person entered after the month's report went out is reported once, late,
-- in a Nachmeldung.
CREATE TABLE flueag_reported (
  month       TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  reported_at TEXT NOT NULL,
  late        INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
  PRIMARY KEY (month, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX flueag_reported_person ON flueag_reported (person_id);
