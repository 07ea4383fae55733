ALTER TABLE attachments DROP CONSTRAINT attachments_state_check;
UPDATE attachments SET state = 'activated' WHERE state = 'migrated';
ALTER TABLE attachments ADD CONSTRAINT attachments_state_check
    CHECK (state IN ('attached', 'activated'));
ALTER TABLE po_lines DROP CONSTRAINT po_lines_check;
UPDATE po_lines SET activated = activated + migrated;
ALTER TABLE po_lines ADD CONSTRAINT po_lines_check
    CHECK (shipped = available + attached + activated + reshipped);
ALTER TABLE po_lines DROP COLUMN migrated;
ALTER TABLE license_files DROP COLUMN hwkc;
ALTER TABLE location_hwkc_history DROP COLUMN from_location_id;
ALTER TABLE location_hwkc_history DROP COLUMN note;
ALTER TABLE location_hwkc_history DROP COLUMN previous_hwkc;
ALTER TABLE locations DROP COLUMN migrated_to;
