-- Recipients: named partners the owner grants shares to. A recipient's tokens reach every share
-- granted to it; tokens issued for one share (the existing kind) keep working unchanged, so a token
-- now belongs to a share or to a recipient, never both.

CREATE TABLE recipients (
    id          UUID          NOT NULL PRIMARY KEY,
    name        VARCHAR(255)  NOT NULL,
    name_key    VARCHAR(255)  NOT NULL,
    description VARCHAR(4096),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_recipients_name UNIQUE (name_key)
);

-- Free-form properties of a recipient (KEY=VALUE), kept for the owner's own use for now.
CREATE TABLE recipient_properties (
    recipient_id UUID          NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    name         VARCHAR(255)  NOT NULL,
    prop_value   VARCHAR(1024) NOT NULL,
    PRIMARY KEY (recipient_id, name)
);

CREATE TABLE share_grants (
    id           UUID NOT NULL PRIMARY KEY,
    share_id     UUID NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
    recipient_id UUID NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    granted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_share_grants UNIQUE (share_id, recipient_id)
);

CREATE INDEX ix_share_grants_recipient ON share_grants (recipient_id);

ALTER TABLE recipient_tokens ALTER COLUMN share_id DROP NOT NULL;
ALTER TABLE recipient_tokens ADD COLUMN recipient_id UUID REFERENCES recipients (id) ON DELETE CASCADE;
-- Set on a rotated token: the token that replaced it (the old one lives on until its grace ends).
ALTER TABLE recipient_tokens ADD COLUMN replaced_by UUID;
ALTER TABLE recipient_tokens ADD CONSTRAINT ck_recipient_tokens_holder
    CHECK ((share_id IS NOT NULL AND recipient_id IS NULL) OR (share_id IS NULL AND recipient_id IS NOT NULL));

CREATE INDEX ix_recipient_tokens_recipient ON recipient_tokens (recipient_id);
