-- Licenses: the part catalog, purchase orders in partners' bins, attachments to locations,
-- activations and the license files they produce, the audit trail and idempotency keys.

CREATE TABLE parts (
    part_number           TEXT PRIMARY KEY NOT NULL,
    description           TEXT NOT NULL,
    kind                  TEXT NOT NULL CHECK (kind IN ('quantity', 'version', 'option')),
    feature               TEXT NOT NULL,
    amount                INTEGER NOT NULL CHECK (amount >= 0),
    system_types          TEXT NOT NULL,
    swa_millis_per_month  INTEGER NOT NULL CHECK (swa_millis_per_month >= 0),
    free_of_charge        BOOLEAN NOT NULL
);

CREATE TABLE purchase_orders (
    id          TEXT PRIMARY KEY NOT NULL,
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    po_number   TEXT NOT NULL,
    so_number   TEXT NOT NULL,
    swa_months  INTEGER,
    extra_info  TEXT,
    origin      TEXT NOT NULL CHECK (origin IN ('shipment', 'reship', 'migration', 'dect_upload')),
    shipped_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX purchase_orders_partner_po_key ON purchase_orders (partner_id, po_number);

-- The quantity invariant lives in the table itself: no statement can break it.
CREATE TABLE po_lines (
    id           TEXT PRIMARY KEY NOT NULL,
    po_id        TEXT NOT NULL REFERENCES purchase_orders (id),
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    part_number  TEXT NOT NULL REFERENCES parts (part_number),
    shipped      INTEGER NOT NULL CHECK (shipped > 0),
    available    INTEGER NOT NULL CHECK (available >= 0),
    attached     INTEGER NOT NULL CHECK (attached >= 0),
    activated    INTEGER NOT NULL CHECK (activated >= 0),
    reshipped    INTEGER NOT NULL CHECK (reshipped >= 0),
    CHECK (shipped = available + attached + activated + reshipped)
);
CREATE INDEX po_lines_po ON po_lines (po_id);
CREATE INDEX po_lines_partner ON po_lines (partner_id);

CREATE TABLE attachments (
    id             TEXT PRIMARY KEY NOT NULL,
    partner_id     TEXT NOT NULL REFERENCES partners (id),
    location_id    TEXT NOT NULL REFERENCES locations (id),
    po_line_id     TEXT NOT NULL REFERENCES po_lines (id),
    part_number    TEXT NOT NULL REFERENCES parts (part_number),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    state          TEXT NOT NULL CHECK (state IN ('attached', 'activated')),
    attached_at    TIMESTAMP NOT NULL,
    activated_at   TIMESTAMP,
    activation_id  TEXT
);
CREATE INDEX attachments_location ON attachments (location_id, state);
CREATE INDEX attachments_po_line ON attachments (po_line_id);

CREATE TABLE license_files (
    id               TEXT PRIMARY KEY NOT NULL,
    partner_id       TEXT NOT NULL REFERENCES partners (id),
    location_id      TEXT NOT NULL REFERENCES locations (id),
    kind             TEXT NOT NULL CHECK (kind IN ('license', 'demo', 'external')),
    file_name        TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    content          BLOB NOT NULL,
    key_id           TEXT,
    activation_code  TEXT,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX license_files_location ON license_files (location_id, kind, created_at);

CREATE TABLE activations (
    id               TEXT PRIMARY KEY NOT NULL,
    partner_id       TEXT NOT NULL REFERENCES partners (id),
    location_id      TEXT NOT NULL REFERENCES locations (id),
    activation_code  TEXT,
    license_file_id  TEXT REFERENCES license_files (id),
    user_id          TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX activations_location ON activations (location_id, created_at);

CREATE TABLE dect_uploads (
    id           TEXT PRIMARY KEY NOT NULL,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    location_id  TEXT NOT NULL REFERENCES locations (id),
    licenses     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    imported_at  TIMESTAMP
);
CREATE INDEX dect_uploads_location ON dect_uploads (location_id);

-- Who did what, when, as whom; quantities before and after in `details` (JSON).
CREATE TABLE audit_events (
    id               TEXT PRIMARY KEY NOT NULL,
    occurred_at      TIMESTAMP NOT NULL,
    partner_id       TEXT,
    user_id          TEXT NOT NULL,
    impersonator_id  TEXT,
    action           TEXT NOT NULL,
    subject_type     TEXT NOT NULL,
    subject_id       TEXT NOT NULL,
    details          TEXT NOT NULL
);
CREATE INDEX audit_events_subject ON audit_events (subject_id, occurred_at);
CREATE INDEX audit_events_partner ON audit_events (partner_id, occurred_at);

-- A POST with an Idempotency-Key answers its first response again for 24 hours.
CREATE TABLE idempotency_keys (
    user_id        TEXT NOT NULL,
    idem_key       TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    status         INTEGER,
    response_body  TEXT,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
