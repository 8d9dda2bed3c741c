package io.lakeshare.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lakeshare.catalog.ActivationLinkService;
import io.lakeshare.catalog.IssuedToken;
import io.lakeshare.catalog.RecipientDetails;
import io.lakeshare.catalog.ShareDetails;
import io.lakeshare.catalog.ShareSummary;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.catalog.Token;
import io.lakeshare.catalog.TokenKind;
import io.lakeshare.catalog.UsageService;
import io.lakeshare.config.PublicEndpoint;
import io.lakeshare.sharing.RecipientProfile;
import io.lakeshare.tables.TableInspection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Request and response bodies of the admin API. */
final class AdminModels {

    private AdminModels() {}

    /** {@code tables} are {@code name:format:bucket:prefix}, all in {@code schema}. */
    record CreateShareRequest(String name, String description, String schema, List<String> tables) {}

    /** {@code add}: {@code schema:name:format:bucket:prefix}; {@code remove}: {@code schema/table}. */
    record UpdateShareRequest(
            String description,
            List<String> add,
            List<String> remove,
            List<String> history,
            List<String> access,
            List<String> partition) {}

    /**
     * For a share ({@code share}) or a recipient ({@code recipient}), one of them. {@code expiresIn}:
     * {@code 90d}, {@code 24h}, {@code 30m}...; absent for a non-expiring token. {@code oauth}: an OAuth2
     * client of a recipient (a version-2 profile) instead of a bearer token. {@code activationLink}: no
     * secret in the answer, but a single-use link from which the recipient downloads the profile.
     * {@code oidc}: a binding of the recipient to a subject of a configured OIDC issuer, whose JWTs the
     * recipient then calls with (no secret; the answer's profile is a template to fill in).
     */
    record CreateTokenRequest(
            String share,
            String recipient,
            String expiresIn,
            String description,
            Boolean oauth,
            Boolean activationLink,
            OidcSubject oidc) {}

    /** {@code issuer}: the name of a configured issuer ({@code lakeshare.auth.oidc.issuers.NAME}); {@code subject}: its subject claim's value. */
    record OidcSubject(String issuer, String subject) {}

    /** {@code grace}: how long the old secret keeps working, {@code 24h} when absent, {@code 0s} for not at all. */
    record RotateTokenRequest(String grace) {}

    /** {@code allowedNetworks}: the CIDR networks it may call from; none for anywhere. */
    record CreateRecipientRequest(
            String name, String description, Map<String, String> properties, List<String> allowedNetworks) {}

    /**
     * {@code properties} are set (added or replaced), {@code removeProperties} removed by name;
     * {@code allowNetworks} added to the IP access list, {@code removeNetworks} taken off it.
     */
    record UpdateRecipientRequest(
            String description,
            Map<String, String> properties,
            List<String> removeProperties,
            List<String> allowNetworks,
            List<String> removeNetworks) {}

    record GrantRequest(String recipient) {}

    record RecipientView(
            String id,
            String name,
            String description,
            Map<String, String> properties,
            List<String> allowedNetworks,
            List<String> shares,
            long tokens,
            Instant createdAt,
            Instant updatedAt) {
        static RecipientView of(RecipientDetails r) {
            return new RecipientView(
                    r.id().toString(),
                    r.name(),
                    r.description(),
                    r.properties(),
                    r.networks(),
                    r.shares(),
                    r.tokens(),
                    r.createdAt(),
                    r.updatedAt());
        }
    }

    record Items<T>(List<T> items) {}

    record UsageView(String recipient, List<UsageService.TableUsage> tables) {}

    record ShareSummaryView(
            String id,
            String name,
            String description,
            Instant createdAt,
            Instant updatedAt,
            long tables,
            long tokens) {
        static ShareSummaryView of(ShareSummary s) {
            return new ShareSummaryView(
                    s.share().id().toString(),
                    s.share().name(),
                    s.share().description(),
                    s.share().createdAt(),
                    s.share().updatedAt(),
                    s.tables(),
                    s.tokens());
        }
    }

    /** A table with what its location holds ({@code location}: version, files, hints). */
    record TableView(
            String id,
            String schema,
            String name,
            String format,
            String bucket,
            String prefix,
            String spec,
            Instant createdAt,
            boolean historyShared,
            Long startVersion,
            String accessMode,
            String partitionScope,
            TableInspection location) {
        static TableView of(SharedTable t, TableInspection location) {
            String spec = t.schema() + ":" + t.name() + ":" + t.format().id() + ":" + t.bucket() + ":" + t.prefix();
            return new TableView(
                    t.id().toString(),
                    t.schema(),
                    t.name(),
                    t.format().id(),
                    t.bucket(),
                    t.prefix(),
                    spec,
                    t.createdAt(),
                    t.historyShared(),
                    t.startVersion(),
                    t.accessMode(),
                    t.partitionScope(),
                    location);
        }
    }

    record ShareView(
            String id,
            String name,
            String description,
            Instant createdAt,
            Instant updatedAt,
            List<String> schemas,
            List<TableView> tables,
            long tokens,
            List<String> recipients) {
        static ShareView of(ShareDetails d, Function<SharedTable, TableInspection> probe) {
            return new ShareView(
                    d.share().id().toString(),
                    d.share().name(),
                    d.share().description(),
                    d.share().createdAt(),
                    d.share().updatedAt(),
                    d.schemas(),
                    d.tables().stream()
                            .map(t -> TableView.of(t, probe.apply(t)))
                            .toList(),
                    d.tokens(),
                    d.recipients());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenView(
            String id,
            String kind,
            String share,
            String recipient,
            String prefix,
            String description,
            String endpoint,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            String replacedBy,
            String oidcIssuer,
            String oidcSubject) {
        static TokenView of(Token t) {
            return new TokenView(
                    t.id().toString(),
                    kindName(t.kind()),
                    t.share(),
                    t.recipient(),
                    t.displayPrefix(),
                    t.description(),
                    t.publicEndpoint() + PublicEndpoint.SHARING_PATH,
                    t.createdAt(),
                    t.expiresAt(),
                    t.lastUsedAt(),
                    t.replacedBy() == null ? null : t.replacedBy().toString(),
                    t.oidcIssuer(),
                    t.oidcSubject());
        }
    }

    /** How listings name a token's kind. */
    static String kindName(TokenKind kind) {
        return switch (kind) {
            case OAUTH_CLIENT -> "oauth";
            case OIDC_SUBJECT -> "oidc";
            case BEARER -> "bearer";
        };
    }

    /**
     * What an Iceberg client is configured with to read the token's shares through the Iceberg REST
     * catalog: its {@code uri} and, for a share token, the share as {@code warehouse} (a recipient's
     * token names one of its granted shares as warehouse itself).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IcebergSettings(String uri, String warehouse) {
        static IcebergSettings of(Token info) {
            return new IcebergSettings(info.publicEndpoint() + PublicEndpoint.ICEBERG_PATH, info.share());
        }
    }

    /** A token just created: the only response that ever holds the secret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreatedTokenView(
            String id,
            String kind,
            String share,
            String recipient,
            String prefix,
            String description,
            Instant createdAt,
            Instant expiresAt,
            String token,
            RecipientProfile profile,
            IcebergSettings iceberg,
            String oidcIssuer,
            String oidcSubject) {
        static CreatedTokenView of(IssuedToken issued) {
            return of(issued, RecipientProfile.of(issued));
        }

        /** An OIDC binding: no secret, and a profile template for the recipient's own identity provider. */
        static CreatedTokenView ofBinding(IssuedToken binding, RecipientProfile template) {
            return of(binding, template);
        }

        private static CreatedTokenView of(IssuedToken issued, RecipientProfile profile) {
            Token info = issued.info();
            return new CreatedTokenView(
                    info.id().toString(),
                    kindName(info.kind()),
                    info.share(),
                    info.recipient(),
                    info.displayPrefix(),
                    info.description(),
                    info.createdAt(),
                    info.expiresAt(),
                    issued.secret(),
                    profile,
                    IcebergSettings.of(info),
                    info.oidcIssuer(),
                    info.oidcSubject());
        }
    }

    /** A token to be activated by its link: the link (shown once) instead of the secret and profile. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PendingTokenView(
            String id,
            String kind,
            String share,
            String recipient,
            String description,
            Instant createdAt,
            Instant expiresAt,
            String activationLink,
            Instant activationLinkExpiresAt) {
        static PendingTokenView of(ActivationLinkService.PendingToken pending) {
            Token info = pending.info();
            return new PendingTokenView(
                    info.id().toString(),
                    kindName(info.kind()),
                    info.share(),
                    info.recipient(),
                    info.description(),
                    info.createdAt(),
                    info.expiresAt(),
                    pending.link(),
                    pending.linkExpiresAt());
        }
    }

    /**
     * A rotation: the new token as {@link CreatedTokenView} has it (secret and profile, once), the id of
     * the token it replaces, and when that one's secret stops working.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RotatedTokenView(
            String id,
            String kind,
            String share,
            String recipient,
            String prefix,
            String description,
            Instant createdAt,
            Instant expiresAt,
            String token,
            RecipientProfile profile,
            IcebergSettings iceberg,
            String replaces,
            Instant replacedExpiresAt) {
        static RotatedTokenView of(IssuedToken issued, Token replaced) {
            CreatedTokenView n = CreatedTokenView.of(issued);
            return new RotatedTokenView(
                    n.id(),
                    n.kind(),
                    n.share(),
                    n.recipient(),
                    n.prefix(),
                    n.description(),
                    n.createdAt(),
                    n.expiresAt(),
                    n.token(),
                    n.profile(),
                    n.iceberg(),
                    replaced.id().toString(),
                    replaced.expiresAt());
        }
    }
}
