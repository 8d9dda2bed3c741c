-- Asynchronous queries: the query a recipient asked for, pinned to a version once its snapshot is
-- loaded. Any replica serves its result pages from this row.
CREATE TABLE async_queries (
    id              UUID          NOT NULL PRIMARY KEY,
    token_id        UUID          NOT NULL,
    table_id        UUID          NOT NULL REFERENCES shared_tables (id) ON DELETE CASCADE,
    idempotency_key VARCHAR(255),
    request         VARCHAR(65536) NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    version         BIGINT,
    error           VARCHAR(2048),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_async_queries_key UNIQUE (token_id, table_id, idempotency_key)
);
