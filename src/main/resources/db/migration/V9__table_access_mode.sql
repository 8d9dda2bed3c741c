-- How recipients may read a table: 'url' (per-file URLs, as before) or 'dir' (also temporary
-- credentials for the table's whole prefix, opened by the owner explicitly). Existing tables: url.
ALTER TABLE shared_tables ADD COLUMN access_mode VARCHAR(8) DEFAULT 'url' NOT NULL;
