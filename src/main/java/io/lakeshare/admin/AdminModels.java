package io.lakeshare.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lakeshare.catalog.IssuedToken;
import io.lakeshare.catalog.RecipientDetails;
import io.lakeshare.catalog.ShareDetails;
import io.lakeshare.catalog.ShareSummary;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.catalog.Token;
import io.lakeshare.config.PublicEndpoint;
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
    record UpdateShareRequest(String description, List<String> add, List<String> remove, List<String> history) {}

    /**
     * For a share ({@code share}) or a recipient ({@code recipient}), one of them. {@code expiresIn}:
     * {@code 90d}, {@code 24h}, {@code 30m}...; absent for a non-expiring token.
     */
    record CreateTokenRequest(String share, String recipient, String expiresIn, String description) {}

    /** {@code grace}: how long the old secret keeps working, {@code 24h} when absent, {@code 0s} for not at all. */
    record RotateTokenRequest(String grace) {}

    record CreateRecipientRequest(String name, String description, Map<String, String> properties) {}

    /** {@code properties} are set (added or replaced), {@code removeProperties} removed by name. */
    record UpdateRecipientRequest(String description, Map<String, String> properties, List<String> removeProperties) {}

    record GrantRequest(String recipient) {}

    record RecipientView(
            String id,
            String name,
            String description,
            Map<String, String> properties,
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
                    r.shares(),
                    r.tokens(),
                    r.createdAt(),
                    r.updatedAt());
        }
    }

    record Items<T>(List<T> items) {}

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
            String share,
            String recipient,
            String prefix,
            String description,
            String endpoint,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            String replacedBy) {
        static TokenView of(Token t) {
            return new TokenView(
                    t.id().toString(),
                    t.share(),
                    t.recipient(),
                    t.displayPrefix(),
                    t.description(),
                    t.publicEndpoint() + PublicEndpoint.SHARING_PATH,
                    t.createdAt(),
                    t.expiresAt(),
                    t.lastUsedAt(),
                    t.replacedBy() == null ? null : t.replacedBy().toString());
        }
    }

    /** The recipient's profile file, version 1 (the one every official client reads). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Profile(int shareCredentialsVersion, String endpoint, String bearerToken, Instant expirationTime) {}

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
            String share,
            String recipient,
            String prefix,
            String description,
            Instant createdAt,
            Instant expiresAt,
            String token,
            Profile profile,
            IcebergSettings iceberg) {
        static CreatedTokenView of(IssuedToken issued) {
            Token info = issued.info();
            Profile profile = new Profile(
                    1, info.publicEndpoint() + PublicEndpoint.SHARING_PATH, issued.secret(), info.expiresAt());
            return new CreatedTokenView(
                    info.id().toString(),
                    info.share(),
                    info.recipient(),
                    info.displayPrefix(),
                    info.description(),
                    info.createdAt(),
                    info.expiresAt(),
                    issued.secret(),
                    profile,
                    IcebergSettings.of(info));
        }
    }

    /**
     * A rotation: the new token as {@link CreatedTokenView} has it (secret and profile, once), the id of
     * the token it replaces, and when that one's secret stops working.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RotatedTokenView(
            String id,
            String share,
            String recipient,
            String prefix,
            String description,
            Instant createdAt,
            Instant expiresAt,
            String token,
            Profile profile,
            IcebergSettings iceberg,
            String replaces,
            Instant replacedExpiresAt) {
        static RotatedTokenView of(IssuedToken issued, Token replaced) {
            CreatedTokenView n = CreatedTokenView.of(issued);
            return new RotatedTokenView(
                    n.id(),
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
