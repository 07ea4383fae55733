-- Software Assurance (SPEC §10): the rate table, SWA unit POs in partners' bins, assignments
-- of units to locations and which POs each took its units from.

-- Term and reinstatement factors by months: data, seeded at start-up like the part catalog.
CREATE TABLE swa_rates (
    rule             TEXT NOT NULL CHECK (rule IN ('term', 'reinstatement')),
    min_months       INTEGER NOT NULL CHECK (min_months >= 1),
    max_months       INTEGER NOT NULL,
    factor_permille  INTEGER NOT NULL CHECK (factor_permille > 0),
    PRIMARY KEY (rule, min_months),
    CHECK (max_months >= min_months)
);

-- The SWA unit invariant lives in the table itself, as for licenses.
CREATE TABLE swa_pos (
    id          TEXT PRIMARY KEY NOT NULL,
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    po_number   TEXT NOT NULL,
    so_number   TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('shipment', 'reship')),
    expires_on  DATE NOT NULL,
    shipped_at  TIMESTAMP NOT NULL,
    shipped     INTEGER NOT NULL CHECK (shipped > 0),
    available   INTEGER NOT NULL CHECK (available >= 0),
    held        INTEGER NOT NULL CHECK (held >= 0),
    consumed    INTEGER NOT NULL CHECK (consumed >= 0),
    reshipped   INTEGER NOT NULL CHECK (reshipped >= 0),
    CHECK (shipped = available + held + consumed + reshipped)
);
CREATE UNIQUE INDEX swa_pos_partner_po_key ON swa_pos (partner_id, po_number);
CREATE INDEX swa_pos_partner_expiry ON swa_pos (partner_id, expires_on);

CREATE TABLE swa_assignments (
    id                 TEXT PRIMARY KEY NOT NULL,
    partner_id         TEXT NOT NULL REFERENCES partners (id),
    location_id        TEXT NOT NULL REFERENCES locations (id),
    kind               TEXT NOT NULL CHECK (kind IN ('assignment', 'renewal')),
    state              TEXT NOT NULL CHECK (state IN ('cooling_off', 'active', 'cancelled')),
    reference          TEXT NOT NULL,
    agreement_number   TEXT NOT NULL,
    months             INTEGER NOT NULL CHECK (months > 0),
    units              INTEGER NOT NULL CHECK (units >= 0),
    reinstatement_units INTEGER NOT NULL CHECK (reinstatement_units >= 0),
    starts_on          DATE NOT NULL,
    expires_on         DATE NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    created_by         TEXT NOT NULL REFERENCES users (id),
    cooling_off_until  TIMESTAMP NOT NULL,
    activated_at       TIMESTAMP,
    cancelled_at       TIMESTAMP,
    CHECK (expires_on > starts_on)
);
CREATE UNIQUE INDEX swa_assignments_agreement ON swa_assignments (agreement_number);
CREATE INDEX swa_assignments_location ON swa_assignments (location_id, starts_on);
-- The cooling-off job's query: what is due.
CREATE INDEX swa_assignments_due ON swa_assignments (state, cooling_off_until);

CREATE TABLE swa_allocations (
    assignment_id  TEXT NOT NULL REFERENCES swa_assignments (id),
    swa_po_id      TEXT NOT NULL REFERENCES swa_pos (id),
    units          INTEGER NOT NULL CHECK (units > 0),
    PRIMARY KEY (assignment_id, swa_po_id)
);

-- Notifications for the vendor's integration (SPEC §9), written in the transaction of the
-- change they report; a delivery worker sends them later.
CREATE TABLE outbox_events (
    id           TEXT PRIMARY KEY NOT NULL,
    event_type   TEXT NOT NULL,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    occurred_at  TIMESTAMP NOT NULL,
    data         TEXT NOT NULL
);
CREATE INDEX outbox_events_partner ON outbox_events (partner_id, occurred_at);

-- Free-of-charge licenses (SPEC §10) arrive without a shipment: a PO of their own origin.
ALTER TABLE purchase_orders DROP CONSTRAINT purchase_orders_origin_check;
ALTER TABLE purchase_orders ADD CONSTRAINT purchase_orders_origin_check
    CHECK (origin IN ('shipment', 'reship', 'migration', 'dect_upload', 'free_of_charge'));
