-- Runs outside a transaction (metadata.toml): SQLite rebuilds a table to change a CHECK,
-- which needs foreign keys off, and that pragma is a no-op inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN;

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
ALTER TABLE license_files ADD COLUMN hwkc TEXT NOT NULL DEFAULT '';
UPDATE license_files SET hwkc = (SELECT hwkc FROM locations WHERE locations.id = license_files.location_id);

-- Licenses that left a line for a migration PO: the invariant gains that term. SQLite
-- changes a CHECK by rebuilding the table (sqlite.org/lang_altertable.html §7).
CREATE TABLE po_lines_new (
    id           TEXT PRIMARY KEY NOT NULL,
    po_id        TEXT NOT NULL REFERENCES purchase_orders (id),
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    part_number  TEXT NOT NULL REFERENCES parts (part_number),
    shipped      INTEGER NOT NULL CHECK (shipped > 0),
    available    INTEGER NOT NULL CHECK (available >= 0),
    attached     INTEGER NOT NULL CHECK (attached >= 0),
    activated    INTEGER NOT NULL CHECK (activated >= 0),
    reshipped    INTEGER NOT NULL CHECK (reshipped >= 0),
    migrated     INTEGER NOT NULL DEFAULT 0 CHECK (migrated >= 0),
    CHECK (shipped = available + attached + activated + reshipped + migrated)
);
INSERT INTO po_lines_new (id, po_id, partner_id, part_number, shipped, available, attached,
    activated, reshipped, migrated)
    SELECT id, po_id, partner_id, part_number, shipped, available, attached, activated,
    reshipped, 0 FROM po_lines;
DROP TABLE po_lines;
ALTER TABLE po_lines_new RENAME TO po_lines;
CREATE INDEX po_lines_po ON po_lines (po_id);
CREATE INDEX po_lines_partner ON po_lines (partner_id);

-- An activated attachment of a migrated location: it moved to the CP20 location's migration PO.
CREATE TABLE attachments_new (
    id             TEXT PRIMARY KEY NOT NULL,
    partner_id     TEXT NOT NULL REFERENCES partners (id),
    location_id    TEXT NOT NULL REFERENCES locations (id),
    po_line_id     TEXT NOT NULL REFERENCES po_lines (id),
    part_number    TEXT NOT NULL REFERENCES parts (part_number),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    state          TEXT NOT NULL CHECK (state IN ('attached', 'activated', 'migrated')),
    attached_at    TIMESTAMP NOT NULL,
    activated_at   TIMESTAMP,
    activation_id  TEXT
);
INSERT INTO attachments_new SELECT id, partner_id, location_id, po_line_id, part_number,
    quantity, state, attached_at, activated_at, activation_id FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_new RENAME TO attachments;
CREATE INDEX attachments_location ON attachments (location_id, state);
CREATE INDEX attachments_po_line ON attachments (po_line_id);
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
