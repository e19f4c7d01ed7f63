-- What many seats at once need: the search of the person list from an
-- index on both engines.
--
-- The list is read in the order of sort_name, search_text and id, and a
-- word is looked for in search_text. With all three in the index, the
-- server reads the list from the index alone, in its order, without
-- touching the table or sorting (SQLite's indexes hold the rowid, the id,
-- anyway). PostgreSQL's own 0008 adds a trigram index for words of three
-- letters or more.

DROP INDEX persons_sort_name;
CREATE INDEX persons_sort_name ON persons (sort_name, search_text, id);
