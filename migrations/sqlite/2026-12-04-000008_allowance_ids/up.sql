-- Runs outside a transaction (metadata.toml): SQLite changes a primary key by rebuilding the
-- table (sqlite.org/lang_altertable.html §7), which needs foreign keys off, and that pragma is
-- a no-op inside a transaction.
PRAGMA foreign_keys = OFF;
BEGIN;

-- Each shipping allowance gets an id of its own, so an administrator can remove it
-- (`DELETE /admin/shipping-allowances/{id}`); the pair stays unique. Existing allowances get
-- a random UUID (version 4).
CREATE TABLE shipping_allowances_new (
    id              TEXT PRIMARY KEY NOT NULL,
    distributor_id  TEXT NOT NULL REFERENCES partners (id),
    dealer_id       TEXT NOT NULL REFERENCES partners (id),
    created_at      TIMESTAMP NOT NULL
);
INSERT INTO shipping_allowances_new (id, distributor_id, dealer_id, created_at)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2)
        || '-' || lower(hex(randomblob(6))),
    distributor_id, dealer_id, created_at
FROM shipping_allowances;
DROP TABLE shipping_allowances;
ALTER TABLE shipping_allowances_new RENAME TO shipping_allowances;
CREATE UNIQUE INDEX shipping_allowances_pair_key ON shipping_allowances (distributor_id, dealer_id);
PRAGMA foreign_key_check;

COMMIT;
PRAGMA foreign_keys = ON;
