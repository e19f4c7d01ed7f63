-- The audit log extended by the server as a transaction commits.
--
-- Every seat's entries go into one hash chain, so the chain's lock
-- ("EAkC", store/ea-store.c) is held from reading the newest hash until
-- the transaction has committed, and every seat's commit queues for it.
-- Before, the seat held it over three round trips of its own (the head,
-- the entries, the count of changes) and COMMIT; on a busy machine each
-- round trip waits for the seat's process to be scheduled again, and the
-- queue at the lock was most of a check-in's time.
--
-- Now a seat writes its transaction's entries into audit_pending, without
-- any lock, and sends COMMIT. At COMMIT, the server runs the deferred
-- trigger below: it takes the chain's lock, links the entries to the
-- newest hash with the same SHA-256 as trust/ea-audit.c (which verifies
-- the chain on both engines), moves them into audit_log, counts the
-- change and tells the listening seats. Nothing of the seat runs while
-- the lock is held: it is held for the trigger and the commit's flush.
--
-- A seat's pending rows are its own: it inserts and deletes them in one
-- transaction, so no other transaction ever sees them.

CREATE TABLE audit_pending (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  xact        xid8 NOT NULL DEFAULT pg_current_xact_id (),
  at          text COLLATE "C" NOT NULL,
  -- as in audit_log: NULL for none, hashed as 0
  user_id     bigint,
  action      text COLLATE "C" NOT NULL,
  object_type text COLLATE "C" NOT NULL,
  object_id   bigint,
  person_id   bigint,
  detail      text COLLATE "C",
  -- 1 when the transaction is a change the other seats are told of (a
  -- read, a search or a login is not), else 0
  counted     bigint NOT NULL CHECK (counted IN (0, 1))
);
CREATE INDEX audit_pending_xact ON audit_pending (xact, seq);

-- The hash of an entry, as _ea_audit_hash () computes it: SHA-256 over
-- the previous hash and the fields, separated by the byte 0xff, which
-- cannot occur in UTF-8 text; a missing id as 0, a missing detail as
-- empty.
CREATE FUNCTION ea_audit_hash (prev_hash text, at text, user_id bigint, action text,
                               object_type text, object_id bigint, person_id bigint,
                               detail text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
SELECT encode (sha256 (convert_to (prev_hash, 'UTF8') || '\xff'::bytea ||
                       convert_to (at, 'UTF8') || '\xff'::bytea ||
                       convert_to (CAST (user_id AS text), 'UTF8') || '\xff'::bytea ||
                       convert_to (action, 'UTF8') || '\xff'::bytea ||
                       convert_to (object_type, 'UTF8') || '\xff'::bytea ||
                       convert_to (CAST (object_id AS text), 'UTF8') || '\xff'::bytea ||
                       convert_to (CAST (person_id AS text), 'UTF8') || '\xff'::bytea ||
                       convert_to (coalesce (detail, ''), 'UTF8')), 'hex')
$$;

-- At COMMIT: the transaction's pending entries onto the chain. A
-- constraint trigger fires once per row; the first firing takes all of
-- the transaction's rows, the others find that done (a setting local to
-- the transaction). Every seat's commit waits while this runs, so it does
-- as little as it can under the lock: the hashes one after another (they
-- form the chain), then all entries by one INSERT (an import's 10,000
-- entries take about 0.2 s; one by one, three times as long).
CREATE FUNCTION ea_audit_chain_pending () RETURNS trigger
  LANGUAGE plpgsql VOLATILE
  AS $$
DECLARE
  me text := CAST (pg_current_xact_id () AS text);
  prev text;
  entry record;
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
  i integer := 0;
  counted boolean := false;
  n bigint;
BEGIN
  IF current_setting ('eakte.audit_chained', true) IS NOT DISTINCT FROM me THEN
    RETURN NULL;
  END IF;
  PERFORM set_config ('eakte.audit_chained', me, true);
  -- A statement after the lock reads with a snapshot taken after it
  -- (READ COMMITTED): the newest hash as committed by then.
  PERFORM pg_advisory_xact_lock (1161915203);
  prev := coalesce ((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), repeat ('0', 64));
  FOR entry IN SELECT * FROM audit_pending WHERE xact = pg_current_xact_id () ORDER BY seq
  LOOP
    i := i + 1;
    seqs[i] := entry.seq;
    prevs[i] := prev;
    prev := ea_audit_hash (prev, entry.at, coalesce (entry.user_id, 0), entry.action,
                           entry.object_type, coalesce (entry.object_id, 0),
                           coalesce (entry.person_id, 0), entry.detail);
    hashes[i] := prev;
    counted := counted OR entry.counted = 1;
  END LOOP;
  INSERT INTO audit_log (at, user_id, action, object_type, object_id, person_id,
                         detail, prev_hash, hash)
    SELECT p.at, p.user_id, p.action, p.object_type, p.object_id, p.person_id, p.detail,
           l.prev_hash, l.hash
      FROM unnest (seqs, prevs, hashes) WITH ORDINALITY AS l (seq, prev_hash, hash, k)
      JOIN audit_pending p ON p.seq = l.seq
     ORDER BY l.k;
  DELETE FROM audit_pending WHERE xact = pg_current_xact_id ();
  IF counted THEN
    -- The count of changes, as the store's COUNT_CHANGE: the payload is
    -- the new count and the committing seat's server process, so that a
    -- seat knows its own change.
    INSERT INTO settings (key, value) VALUES ('change_count', '1')
      ON CONFLICT (key) DO UPDATE SET value = CAST (CAST (settings.value AS bigint) + 1 AS text)
      RETURNING CAST (value AS bigint) INTO n;
    PERFORM pg_notify ('eakte_changed', n || ' ' || pg_backend_pid ());
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER audit_pending_chain AFTER INSERT ON audit_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ea_audit_chain_pending ();
