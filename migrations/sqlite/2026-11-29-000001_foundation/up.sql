-- Foundation: partners, users, channel allowances, customers, locations and their HWKC history.
-- Ids are UUID text, timestamps UTC. Every partner-owned row carries partner_id for scoping.

CREATE TABLE partners (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    tier        TEXT NOT NULL CHECK (tier IN ('distributor', 'dealer')),
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX partners_name_key ON partners (name);

CREATE TABLE users (
    id             TEXT PRIMARY KEY NOT NULL,
    email          TEXT NOT NULL,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    partner_id     TEXT REFERENCES partners (id),
    roles          TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    disabled_at    TIMESTAMP
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_partner ON users (partner_id);

CREATE TABLE shipping_allowances (
    distributor_id  TEXT NOT NULL REFERENCES partners (id),
    dealer_id       TEXT NOT NULL REFERENCES partners (id),
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (distributor_id, dealer_id)
);

CREATE TABLE customers (
    id              TEXT PRIMARY KEY NOT NULL,
    partner_id      TEXT NOT NULL REFERENCES partners (id),
    name            TEXT NOT NULL,
    country         TEXT NOT NULL,
    address         TEXT,
    postal_code     TEXT,
    city            TEXT,
    contact_name    TEXT,
    email           TEXT,
    phone           TEXT,
    reference_note  TEXT,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX customers_partner_name ON customers (partner_id, name, id);

-- `seq` exists only on SQLite: a stable integer key for the FTS5 index below (the rowid of a
-- table without an INTEGER PRIMARY KEY may change on VACUUM). The code never reads it.
CREATE TABLE locations (
    seq                      INTEGER PRIMARY KEY,
    id                       TEXT NOT NULL UNIQUE,
    partner_id               TEXT NOT NULL REFERENCES partners (id),
    customer_id              TEXT NOT NULL REFERENCES customers (id),
    parent_id                TEXT REFERENCES locations (id),
    name                     TEXT NOT NULL,
    system_type              TEXT NOT NULL,
    hwkc                     TEXT NOT NULL,
    secondary_hwkc           TEXT,
    product_key              TEXT,
    mac_address              TEXT,
    ip_address               TEXT,
    full_computer_name       TEXT,
    domain_name              TEXT,
    reference_note           TEXT,
    demo_licenses_remaining  INTEGER NOT NULL,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL,
    retired_at               TIMESTAMP
);
CREATE UNIQUE INDEX locations_live_hwkc_key ON locations (hwkc) WHERE retired_at IS NULL;
CREATE INDEX locations_partner_name ON locations (partner_id, name, id);
CREATE INDEX locations_customer_name ON locations (customer_id, name, id);
CREATE INDEX locations_parent ON locations (parent_id);

-- Easy Nav: any part of a name or HWKC, case-insensitive, through a trigram index.
CREATE VIRTUAL TABLE locations_fts USING fts5 (
    name, hwkc, content = 'locations', content_rowid = 'seq', tokenize = 'trigram'
);
CREATE TRIGGER locations_fts_insert AFTER INSERT ON locations BEGIN
    INSERT INTO locations_fts (rowid, name, hwkc) VALUES (new.seq, new.name, new.hwkc);
END;
CREATE TRIGGER locations_fts_delete AFTER DELETE ON locations BEGIN
    INSERT INTO locations_fts (locations_fts, rowid, name, hwkc) VALUES ('delete', old.seq, old.name, old.hwkc);
END;
CREATE TRIGGER locations_fts_update AFTER UPDATE OF name, hwkc ON locations BEGIN
    INSERT INTO locations_fts (locations_fts, rowid, name, hwkc) VALUES ('delete', old.seq, old.name, old.hwkc);
    INSERT INTO locations_fts (rowid, name, hwkc) VALUES (new.seq, new.name, new.hwkc);
END;

-- Every HWKC a location has had, and why it changed: the location's history view.
CREATE TABLE location_hwkc_history (
    id           TEXT PRIMARY KEY NOT NULL,
    location_id  TEXT NOT NULL REFERENCES locations (id),
    hwkc         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    recorded_at  TIMESTAMP NOT NULL
);
CREATE INDEX location_hwkc_history_location ON location_hwkc_history (location_id, recorded_at);
