-- Failed (or still running) login attempts, shared by every server process on the database,
-- so N processes behind a load balancer allow the same number of guesses as one. A key is
-- the SHA-256 of `email:…` or `ip:…`; an attempt is one row per key, under one reservation.
CREATE TABLE login_attempts (
    id              TEXT PRIMARY KEY NOT NULL,
    reservation_id  TEXT NOT NULL,
    throttle_key    TEXT NOT NULL,
    attempted_at    TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (throttle_key, attempted_at);
CREATE INDEX login_attempts_reservation ON login_attempts (reservation_id);
CREATE INDEX login_attempts_age ON login_attempts (attempted_at);
