-- Löschfristen: when a person's file was anonymised after the retention
-- period of their personal data, so that it is done once.
ALTER TABLE persons ADD COLUMN anonymised_at TEXT;
