-- Probable duplicates (import/ea-import-apply.c) are looked for among the
-- persons born on the record's day who lack the key the record has: two
-- AZR numbers, or two platform ids, are two persons. On a feed where
-- thousands share 01.01. of a year, reading everyone born that day for
-- each record was most of an import's time; these indexes hold only the
-- persons without the key, which are few where the platform numbers
-- everyone. Plain SQL: the same on both engines.
CREATE INDEX persons_born_without_platform_id ON persons (birth_date) WHERE platform_id IS NULL;
CREATE INDEX persons_born_without_azr ON persons (birth_date) WHERE azr_number IS NULL;
