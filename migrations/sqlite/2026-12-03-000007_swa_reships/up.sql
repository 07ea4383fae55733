-- SWA reships (SPEC §6): a distributor moves SWA units to one of its dealers, earliest
-- expiry first; the units keep their expiry, so the dealer gets one SWA PO per expiry date
-- under the one PO number of the reship.
DROP INDEX swa_pos_partner_po_key;
CREATE UNIQUE INDEX swa_pos_partner_po_key ON swa_pos (partner_id, po_number, expires_on);

CREATE TABLE swa_reships (
    id              TEXT PRIMARY KEY NOT NULL,
    distributor_id  TEXT NOT NULL REFERENCES partners (id),
    dealer_id       TEXT NOT NULL REFERENCES partners (id),
    po_number       TEXT NOT NULL,
    so_number       TEXT NOT NULL,
    units           INTEGER NOT NULL CHECK (units > 0),
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX swa_reships_distributor ON swa_reships (distributor_id, created_at);

-- Which distributor PO gave how many units, and the dealer PO they arrived on.
CREATE TABLE swa_reship_lines (
    swa_reship_id     TEXT NOT NULL REFERENCES swa_reships (id),
    source_swa_po_id  TEXT NOT NULL REFERENCES swa_pos (id),
    dealer_swa_po_id  TEXT NOT NULL REFERENCES swa_pos (id),
    units             INTEGER NOT NULL CHECK (units > 0),
    PRIMARY KEY (swa_reship_id, source_swa_po_id)
);
