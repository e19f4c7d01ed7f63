-- What many seats at once need of the server: the search of the person
-- list from indexes (as the shared 0008-many-seats.sql, and a trigram
-- index), and the audit log's head read under the chain's lock in one
-- round trip.
--
-- The list is read in the order of sort_name, search_text and id, and a
-- word is looked for in search_text: with all three in the index, the
-- server reads the list from the index alone, in its order, without
-- touching the table or sorting. A word of three letters or more is
-- found through a trigram index (pg_trgm, a trusted extension of
-- postgresql-contrib, as btree_gist is), in a few milliseconds among
-- 100,000 persons instead of a scan of all of them; the store writes the
-- search as LIKE with ea_like_pattern () (EA_SQL_CONTAINS), which the
-- planner folds into a constant pattern for the index.

DROP INDEX persons_sort_name;
CREATE INDEX persons_sort_name ON persons (sort_name, search_text, id);

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX persons_search_trigrams ON persons USING gin (search_text gin_trgm_ops);

-- "%needle%" with the needle's \, % and _ taken as they are. A plain SQL
-- function, so that the planner puts its body in place.
CREATE FUNCTION ea_like_pattern (needle text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT '%' || replace (replace (replace (needle, '\', '\\'), '%', '\%'), '_', '\_') || '%' $$;

-- The newest hash of the audit log, for the entries that a transaction
-- appends at its end (trust/ea-audit.c): first the chain's lock, held
-- until the transaction ends (the number is "EAkC", store/ea-store.c),
-- then the hash as committed by then. VOLATILE, so that the second
-- statement reads with a snapshot taken after the lock: one round trip
-- instead of two while every seat's commit waits for the lock.
CREATE FUNCTION ea_audit_head () RETURNS text
  LANGUAGE plpgsql VOLATILE
  AS $$
BEGIN
  PERFORM pg_advisory_xact_lock (1161915203);
  RETURN (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1);
END
$$;
