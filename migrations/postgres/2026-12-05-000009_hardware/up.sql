-- Hardware replacement and the SV9100 CP10 → CP20 migration (SPEC §7).

-- A migrated CP10 location points at the CP20 location that took its licenses; it stays as a
-- read-only record (retired_at set, so its HWKC may serve again).
ALTER TABLE locations ADD COLUMN migrated_to TEXT REFERENCES locations (id);

-- A history entry may name the key it replaced, the vendor admin's reason, and the location
-- the licenses came from (a migration).
ALTER TABLE location_hwkc_history ADD COLUMN previous_hwkc TEXT;
ALTER TABLE location_hwkc_history ADD COLUMN note TEXT;
ALTER TABLE location_hwkc_history ADD COLUMN from_location_id TEXT REFERENCES locations (id);

-- Every file names the key it was made for: only a file for the location's current key is
-- served, so a file signed for replaced hardware never downloads again.
ALTER TABLE license_files ADD COLUMN hwkc TEXT;
UPDATE license_files SET hwkc = (SELECT hwkc FROM locations WHERE locations.id = license_files.location_id);
ALTER TABLE license_files ALTER COLUMN hwkc SET NOT NULL;

-- Licenses that left a line for a migration PO: the invariant gains that term.
ALTER TABLE po_lines ADD COLUMN migrated INTEGER NOT NULL DEFAULT 0 CHECK (migrated >= 0);
ALTER TABLE po_lines DROP CONSTRAINT po_lines_check;
ALTER TABLE po_lines ADD CONSTRAINT po_lines_check
    CHECK (shipped = available + attached + activated + reshipped + migrated);

-- An activated attachment of a migrated location: it moved to the CP20 location's migration PO.
ALTER TABLE attachments DROP CONSTRAINT attachments_state_check;
ALTER TABLE attachments ADD CONSTRAINT attachments_state_check
    CHECK (state IN ('attached', 'activated', 'migrated'));
