-- Whether a table's history (time travel, changes) is shared, and from which version on.
ALTER TABLE shared_tables ADD COLUMN history_shared BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE shared_tables ADD COLUMN start_version BIGINT;
