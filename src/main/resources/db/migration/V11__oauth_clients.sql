-- OAuth2 clients: a recipient's credential that is not sent as a bearer token but exchanged at the
-- token endpoint (client credentials grant) for short-lived access tokens. It is kept with the
-- recipient's other tokens, so that listing, expiry, rotation and revocation work for it as they do
-- for bearer tokens; the secret is its client secret, stored hashed like theirs.
ALTER TABLE recipient_tokens ADD COLUMN kind VARCHAR(16) DEFAULT 'BEARER' NOT NULL;
