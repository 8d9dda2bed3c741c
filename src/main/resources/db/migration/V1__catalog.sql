-- The catalog: shares, their schemas and tables, and recipient tokens.
-- Written in the SQL that H2 and PostgreSQL both accept; the test suite runs it on both.
-- Names are unique case-insensitively: each name has a lower-cased key with the constraint on it.

CREATE TABLE shares (
    id          UUID          NOT NULL PRIMARY KEY,
    name        VARCHAR(255)  NOT NULL,
    name_key    VARCHAR(255)  NOT NULL,
    description VARCHAR(4096),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_shares_name UNIQUE (name_key)
);

CREATE TABLE share_schemas (
    id         UUID          NOT NULL PRIMARY KEY,
    share_id   UUID          NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    name       VARCHAR(255)  NOT NULL,
    name_key   VARCHAR(255)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_share_schemas_name UNIQUE (share_id, name_key)
);

CREATE TABLE shared_tables (
    id         UUID          NOT NULL PRIMARY KEY,
    schema_id  UUID          NOT NULL REFERENCES share_schemas (id) ON DELETE CASCADE,
    name       VARCHAR(255)  NOT NULL,
    name_key   VARCHAR(255)  NOT NULL,
    format     VARCHAR(16)   NOT NULL,
    bucket     VARCHAR(63)   NOT NULL,
    prefix     VARCHAR(1024) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_shared_tables_name UNIQUE (schema_id, name_key)
);

CREATE TABLE recipient_tokens (
    id              UUID          NOT NULL PRIMARY KEY,
    share_id        UUID          NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    description     VARCHAR(1024),
    secret_hash     VARCHAR(64)   NOT NULL,
    display_prefix  VARCHAR(16)   NOT NULL,
    public_endpoint VARCHAR(2048) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE,
    last_used_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_recipient_tokens_hash UNIQUE (secret_hash)
);

CREATE INDEX ix_recipient_tokens_share ON recipient_tokens (share_id);

-- Keys for HMAC-signed page tokens, shared by every replica through the database.
CREATE TABLE signing_keys (
    purpose    VARCHAR(64)  NOT NULL PRIMARY KEY,
    secret     VARCHAR(128) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
