-- Usage: what each token read, per table and hour. Each replica counts in memory and adds its counts
-- to these rows every few seconds, so that a busy table costs a row write per replica and interval,
-- not one per request; rows past the retention are deleted. Names are the catalog's, found when the
-- counts are stored. No foreign keys: the usage of a removed token, recipient or share stays until
-- it ages out.
CREATE TABLE usage_hours (
    id             UUID                     NOT NULL PRIMARY KEY,
    hour_start     TIMESTAMP WITH TIME ZONE NOT NULL,
    token_id       UUID                     NOT NULL,
    recipient_id   UUID,
    share_name     VARCHAR(255)             NOT NULL,
    schema_name    VARCHAR(255)             NOT NULL,
    table_name     VARCHAR(255)             NOT NULL,
    requests       BIGINT                   NOT NULL,
    files          BIGINT                   NOT NULL,
    response_bytes BIGINT                   NOT NULL,
    downloads      BIGINT                   NOT NULL,
    download_bytes BIGINT                   NOT NULL,
    first_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_usage_hours UNIQUE (hour_start, token_id, share_name, schema_name, table_name)
);

CREATE INDEX ix_usage_hours_recipient ON usage_hours (recipient_id);
CREATE INDEX ix_usage_hours_hour ON usage_hours (hour_start);
