-- BusinessNet SSO assertions already used (their `jti`), kept until they expire, so each is
-- accepted once.
CREATE TABLE sso_assertions (
    jti         TEXT PRIMARY KEY NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE INDEX sso_assertions_expiry ON sso_assertions (expires_at);
