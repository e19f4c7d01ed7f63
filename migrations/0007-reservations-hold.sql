-- Reservations that hold, and planned departures.
--
-- A bed held for an expected arrival could be given away: a check-in of
-- someone else into it succeeded without a word, and the database then
-- held an active reservation and another person's open stay in one bed.
-- The database itself now refuses overlapping active reservations of a
-- bed, a reservation of a bed another person stays in, and a stay in a bed
-- reserved for another person, whatever code writes them.

ALTER TABLE stays ADD COLUMN planned_until TEXT
  CHECK (planned_until IS NULL OR planned_until > from_date);

CREATE TRIGGER reservations_hold_insert BEFORE INSERT ON reservations
WHEN NEW.state = 'active'
BEGIN
  SELECT RAISE (ABORT, 'overlapping reservation of this bed')
   WHERE EXISTS (SELECT 1 FROM reservations v
                  WHERE v.bed_id = NEW.bed_id AND v.state = 'active'
                    AND v.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (v.until_date, '9999-12-31') > NEW.from_date);
  SELECT RAISE (ABORT, 'reservation of a bed another person stays in')
   WHERE EXISTS (SELECT 1 FROM stays s
                  WHERE s.bed_id = NEW.bed_id AND s.person_id <> NEW.person_id
                    AND s.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (s.until_date, '9999-12-31') > NEW.from_date);
END;

CREATE TRIGGER reservations_hold_update
BEFORE UPDATE OF state, bed_id, from_date, until_date ON reservations
WHEN NEW.state = 'active'
BEGIN
  SELECT RAISE (ABORT, 'overlapping reservation of this bed')
   WHERE EXISTS (SELECT 1 FROM reservations v
                  WHERE v.bed_id = NEW.bed_id AND v.state = 'active' AND v.id <> NEW.id
                    AND v.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (v.until_date, '9999-12-31') > NEW.from_date);
  SELECT RAISE (ABORT, 'reservation of a bed another person stays in')
   WHERE EXISTS (SELECT 1 FROM stays s
                  WHERE s.bed_id = NEW.bed_id AND s.person_id <> NEW.person_id
                    AND s.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (s.until_date, '9999-12-31') > NEW.from_date);
END;

CREATE TRIGGER stays_respect_reservations_insert BEFORE INSERT ON stays
BEGIN
  SELECT RAISE (ABORT, 'stay in a bed reserved for another person')
   WHERE EXISTS (SELECT 1 FROM reservations v
                  WHERE v.bed_id = NEW.bed_id AND v.state = 'active'
                    AND v.person_id <> NEW.person_id
                    AND v.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (v.until_date, '9999-12-31') > NEW.from_date);
END;

CREATE TRIGGER stays_respect_reservations_update
BEFORE UPDATE OF bed_id, from_date, until_date ON stays
BEGIN
  SELECT RAISE (ABORT, 'stay in a bed reserved for another person')
   WHERE EXISTS (SELECT 1 FROM reservations v
                  WHERE v.bed_id = NEW.bed_id AND v.state = 'active'
                    AND v.person_id <> NEW.person_id
                    AND v.from_date < coalesce (NEW.until_date, '9999-12-31')
                    AND coalesce (v.until_date, '9999-12-31') > NEW.from_date);
END;
