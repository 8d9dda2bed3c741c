package io.lakeshare.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A bearer token, for one share or for one recipient (and so for every share granted to it). Only the SHA-256 hash of the secret is stored, plus a
 * short prefix of it so that owners can tell tokens apart.
 */
@Entity
@Table(name = "recipient_tokens")
public class TokenEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The share of a share token; null for a recipient's token. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "share_id")
    public ShareEntity share;

    /** The recipient of a recipient's token; null for a share token. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "recipient_id")
    public RecipientEntity recipient;

    /** Set once the token has been rotated: the token that replaced it. */
    @Column(name = "replaced_by")
    public UUID replacedBy;

    public String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TokenKind kind = TokenKind.BEARER;

    @Column(name = "secret_hash", nullable = false)
    public String secretHash;

    @Column(name = "display_prefix", nullable = false)
    public String displayPrefix;

    /** The public endpoint as it was when the token was created; its profile points there. */
    @Column(name = "public_endpoint", nullable = false)
    public String publicEndpoint;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** Of an {@link TokenKind#OIDC_SUBJECT} binding: the configured issuer's name. */
    @Column(name = "oidc_issuer")
    public String oidcIssuer;

    /** Of an {@link TokenKind#OIDC_SUBJECT} binding: the subject its JWTs name. */
    @Column(name = "oidc_subject")
    public String oidcSubject;

    /** Who the token belongs to, for logs: the share or the recipient, by name. */
    String holderName() {
        return share != null ? "share " + share.name : "recipient " + recipient.name;
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
