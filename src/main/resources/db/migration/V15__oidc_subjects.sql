-- OIDC federation: a recipient's token may be a binding to a subject of a trusted identity provider
-- (kind OIDC_SUBJECT) instead of a secret. Its JWTs, from that provider, are checked against the
-- provider's keys and find the binding by issuer and subject; so one subject of one issuer is bound to
-- at most one recipient. Kept with the recipient's other tokens, so that listing, expiry, revocation,
-- IP lists, audit and file URLs work for it as they do for bearer tokens. It has no secret: its
-- secret_hash is that of a random value nobody is shown.
ALTER TABLE recipient_tokens ADD COLUMN oidc_issuer VARCHAR(255);
ALTER TABLE recipient_tokens ADD COLUMN oidc_subject VARCHAR(255);
CREATE UNIQUE INDEX uq_recipient_tokens_oidc_subject ON recipient_tokens (oidc_issuer, oidc_subject);
