-- The body every delivery of an event sends, fixed when the event is recorded (partner name
-- and recipients as they were then), so a retry sends the same bytes. Events recorded before
-- there were endpoints get theirs from their columns, addressed to nobody: no message was
-- ever made for them.
ALTER TABLE outbox_events ADD COLUMN payload TEXT NOT NULL DEFAULT '';
UPDATE outbox_events o SET payload = json_build_object(
    'type', o.event_type,
    'id', o.id,
    'occurred_at', to_char(o.occurred_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'partner', json_build_object('id', o.partner_id, 'name', p.name),
    'recipients', '[]'::json,
    'data', o.data::json)::text
FROM partners p WHERE p.id = o.partner_id;
ALTER TABLE outbox_events ALTER COLUMN payload DROP DEFAULT;

-- Endpoints the events are sent to (SPEC §12: BusinessNet's, and any a vendor admin adds).
-- The signing secret is sealed (XChaCha20-Poly1305 under the server's webhook key), never
-- stored as plain text; after a rotation the previous one still signs until
-- `previous_secret_until`, so the receiver can switch without losing a message.
CREATE TABLE webhook_endpoints (
    id                      TEXT PRIMARY KEY NOT NULL,
    url                     TEXT NOT NULL,
    description             TEXT,
    event_types             TEXT NOT NULL,
    enabled                 BOOLEAN NOT NULL,
    managed_by_config       BOOLEAN NOT NULL,
    secret_sealed           TEXT NOT NULL,
    previous_secret_sealed  TEXT,
    previous_secret_until   TIMESTAMP,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);
-- At most one endpoint comes from LMS_BUSINESSNET_WEBHOOK_URL.
CREATE UNIQUE INDEX webhook_endpoints_managed ON webhook_endpoints (managed_by_config)
    WHERE managed_by_config;

-- One message per event and endpoint, written with the event. A worker claims a due
-- message by setting a lease; another process skips it until the lease ends (a crash
-- mid-delivery is retried after it). Messages of one endpoint and partner go in event order.
CREATE TABLE webhook_messages (
    id                    TEXT PRIMARY KEY NOT NULL,
    event_id              TEXT NOT NULL REFERENCES outbox_events (id),
    endpoint_id           TEXT NOT NULL REFERENCES webhook_endpoints (id),
    partner_id            TEXT NOT NULL REFERENCES partners (id),
    event_type            TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts              INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at       TIMESTAMP,
    lease_owner           TEXT,
    lease_until           TIMESTAMP,
    last_attempt_at       TIMESTAMP,
    last_response_status  INTEGER,
    last_error            TEXT,
    delivered_at          TIMESTAMP,
    created_at            TIMESTAMP NOT NULL,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_messages_due ON webhook_messages (status, next_attempt_at);
CREATE INDEX webhook_messages_queue ON webhook_messages (endpoint_id, partner_id, status, event_id);

-- Every delivery attempt, for the admins' view.
CREATE TABLE webhook_attempts (
    id               TEXT PRIMARY KEY NOT NULL,
    message_id       TEXT NOT NULL REFERENCES webhook_messages (id),
    attempted_at     TIMESTAMP NOT NULL,
    duration_ms      INTEGER NOT NULL,
    response_status  INTEGER,
    error            TEXT,
    succeeded        BOOLEAN NOT NULL
);
CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id, attempted_at);
