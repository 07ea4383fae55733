-- Reships (SPEC §6): a distributor moves quantities of its PO lines to one of its dealers;
-- the dealer gets a PO of origin `reship`, the distributor keeps this record of what it sold.
CREATE TABLE reships (
    id              TEXT PRIMARY KEY NOT NULL,
    distributor_id  TEXT NOT NULL REFERENCES partners (id),
    dealer_id       TEXT NOT NULL REFERENCES partners (id),
    dealer_po_id    TEXT NOT NULL REFERENCES purchase_orders (id),
    po_number       TEXT NOT NULL,
    so_number       TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX reships_distributor ON reships (distributor_id, created_at);

CREATE TABLE reship_lines (
    reship_id          TEXT NOT NULL REFERENCES reships (id),
    source_po_line_id  TEXT NOT NULL REFERENCES po_lines (id),
    part_number        TEXT NOT NULL REFERENCES parts (part_number),
    quantity           INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (reship_id, source_po_line_id)
);
