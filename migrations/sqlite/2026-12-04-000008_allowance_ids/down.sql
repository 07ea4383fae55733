PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE shipping_allowances_old (
    distributor_id  TEXT NOT NULL REFERENCES partners (id),
    dealer_id       TEXT NOT NULL REFERENCES partners (id),
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (distributor_id, dealer_id)
);
INSERT INTO shipping_allowances_old SELECT distributor_id, dealer_id, created_at
FROM shipping_allowances;
DROP TABLE shipping_allowances;
ALTER TABLE shipping_allowances_old RENAME TO shipping_allowances;
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
