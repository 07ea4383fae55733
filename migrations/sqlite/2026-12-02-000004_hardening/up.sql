-- DECT legacy imports: the partner's confirmation becomes a request; only a vendor admin's
-- approval activates its licenses, a rejection ends it with a reason the partner sees.
ALTER TABLE dect_uploads ADD COLUMN state TEXT NOT NULL DEFAULT 'parsed'
    CHECK (state IN ('parsed', 'pending', 'approved', 'rejected'));
ALTER TABLE dect_uploads ADD COLUMN requested_at TIMESTAMP;
ALTER TABLE dect_uploads ADD COLUMN requested_by TEXT REFERENCES users (id);
ALTER TABLE dect_uploads ADD COLUMN decided_at TIMESTAMP;
ALTER TABLE dect_uploads ADD COLUMN decided_by TEXT REFERENCES users (id);
ALTER TABLE dect_uploads ADD COLUMN rejection_reason TEXT;
UPDATE dect_uploads SET state = 'approved', requested_at = imported_at, decided_at = imported_at
    WHERE imported_at IS NOT NULL;
ALTER TABLE dect_uploads DROP COLUMN imported_at;
-- Once per location, also under parallel requests: at most one pending or approved import.
CREATE UNIQUE INDEX dect_uploads_once_per_location ON dect_uploads (location_id)
    WHERE state IN ('pending', 'approved');
CREATE INDEX dect_uploads_state ON dect_uploads (state, requested_at);

-- A password change or a disable ends every session: tokens carry the version they were
-- issued at, and a token of an older version is refused.
ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;

-- API keys may expire.
ALTER TABLE api_keys ADD COLUMN expires_at TIMESTAMP;

-- Stored idempotent replies are purged after their 24 hours.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- The newest file of a location is the one of the highest revision, assigned under the
-- location's lock: a timestamp taken before the lock does not order parallel activations.
ALTER TABLE license_files ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
UPDATE license_files SET revision = (
    SELECT COUNT(*) FROM license_files AS earlier
    WHERE earlier.location_id = license_files.location_id
      AND (earlier.created_at < license_files.created_at
           OR (earlier.created_at = license_files.created_at AND earlier.id <= license_files.id)));
CREATE UNIQUE INDEX license_files_revision ON license_files (location_id, revision);
