-- The wider CHECKs stay (narrowing one would rebuild the tables again), and so do the two
-- columns that reference locations (SQLite cannot drop a column of a foreign key); migrated
-- licenses count as activated on their old lines again.
UPDATE attachments SET state = 'activated' WHERE state = 'migrated';
UPDATE po_lines SET activated = activated + migrated, migrated = 0;
UPDATE locations SET migrated_to = NULL;
ALTER TABLE license_files DROP COLUMN hwkc;
ALTER TABLE location_hwkc_history DROP COLUMN note;
ALTER TABLE location_hwkc_history DROP COLUMN previous_hwkc;
