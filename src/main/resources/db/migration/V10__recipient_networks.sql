-- IP access lists: the networks a recipient may call from (CIDR, canonical form). A recipient with
-- none may call from anywhere, as every recipient could before.
CREATE TABLE recipient_networks (
    recipient_id UUID        NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    cidr         VARCHAR(64) NOT NULL,
    PRIMARY KEY (recipient_id, cidr)
);
