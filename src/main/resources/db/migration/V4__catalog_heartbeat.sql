-- One row whose time readiness updates: a write that succeeds is the proof that the catalog can
-- store changes (a database can answer reads and refuse every write: its disk full or read-only).
CREATE TABLE catalog_heartbeat (
    id      INTEGER NOT NULL PRIMARY KEY,
    beat_at TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO catalog_heartbeat (id, beat_at) VALUES (1, CURRENT_TIMESTAMP);
