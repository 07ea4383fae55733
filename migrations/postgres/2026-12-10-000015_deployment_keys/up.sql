-- What every server process on this database must share, recorded by the first one to start:
-- a fingerprint of the JWT secret (a hash, never the secret) and the id of the current
-- license signing key. A process holding other keys refuses to start instead of issuing
-- tokens the others reject or signing with a key nobody publishes.
CREATE TABLE deployment_keys (
    kind         TEXT PRIMARY KEY NOT NULL,
    fingerprint  TEXT NOT NULL,
    recorded_at  TIMESTAMP NOT NULL
);
