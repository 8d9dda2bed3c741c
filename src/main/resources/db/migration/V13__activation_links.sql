-- Activation links: a token created with one has no usable secret until the recipient opens the
-- link, once; the secret is made then and handed over in the profile, so that it never travels by
-- e-mail and the server never stores it. Only the link code's hash is kept.
CREATE TABLE activation_links (
    id         UUID        NOT NULL PRIMARY KEY,
    token_id   UUID        NOT NULL REFERENCES recipient_tokens (id) ON DELETE CASCADE,
    code_hash  VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_activation_links_code UNIQUE (code_hash)
);

CREATE INDEX ix_activation_links_token ON activation_links (token_id);
