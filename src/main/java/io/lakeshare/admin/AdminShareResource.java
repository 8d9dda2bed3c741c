package io.lakeshare.admin;

import io.lakeshare.admin.AdminModels.CreateShareRequest;
import io.lakeshare.admin.AdminModels.GrantRequest;
import io.lakeshare.admin.AdminModels.Items;
import io.lakeshare.admin.AdminModels.RecipientView;
import io.lakeshare.admin.AdminModels.ShareSummaryView;
import io.lakeshare.admin.AdminModels.ShareView;
import io.lakeshare.admin.AdminModels.UpdateShareRequest;
import io.lakeshare.catalog.PartitionSetting;
import io.lakeshare.catalog.RecipientService;
import io.lakeshare.catalog.ShareDetails;
import io.lakeshare.catalog.ShareService;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.tables.TableInspection;
import io.lakeshare.tables.TableLocation;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableReader;
import io.lakeshare.tables.TableReaders;
import io.lakeshare.tables.skipping.PartitionFilter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The owner's shares: create, inspect, change, remove. */
@Path("/api/admin/v1/shares")
@AdminApi
@Tag(name = "shares")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminShareResource {

    @Inject
    ShareService shares;

    @Inject
    TableReaders readers;

    @Inject
    RecipientService recipients;

    @POST
    @Operation(summary = "Create a share with one schema and its tables (name:format:bucket:prefix)")
    public Response create(CreateShareRequest request) {
        if (request == null) {
            throw LakeshareException.malformed(
                    "Send {\"name\", \"schema\", \"tables\": [\"name:format:bucket:prefix\"], \"description\"}");
        }
        ShareView created =
                view(shares.create(request.name(), request.description(), request.schema(), orEmpty(request.tables())));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Operation(summary = "List shares with their table and token counts")
    public Items<ShareSummaryView> list() {
        return new Items<>(shares.list().stream().map(ShareSummaryView::of).toList());
    }

    @GET
    @Path("/{share}")
    @Operation(summary = "A share with its schemas and tables")
    public ShareView info(@PathParam("share") String share) {
        return view(shares.details(share));
    }

    @PATCH
    @Path("/{share}")
    @Operation(
            summary =
                    "Change the description, add tables (schema:name:format:bucket:prefix), remove tables (schema/table),"
                            + " share history or not (schema/table=on|off[@start-version]), open tables to directory"
                            + " access or not (schema/table=dir|url), scope tables to partitions"
                            + " (schema/table=country = 'nl', schema/table= to clear)")
    public ShareView update(@PathParam("share") String share, UpdateShareRequest request) {
        if (request == null) {
            throw LakeshareException.malformed(
                    "Send {\"description\", \"add\": [...], \"remove\": [...], \"history\": [...], \"access\": [...]}");
        }
        List<String> partitions = orEmpty(request.partition());
        checkPartitionColumns(share, partitions);
        return view(shares.update(
                share,
                Optional.ofNullable(request.description()),
                orEmpty(request.add()),
                orEmpty(request.remove()),
                orEmpty(request.history()),
                orEmpty(request.access()),
                partitions));
    }

    /**
     * Refuses a scope naming a column its table is not partitioned by, where the table can be read
     * now; one that cannot be read keeps its scope, and a read finds no file in it unless it fits.
     */
    private void checkPartitionColumns(String share, List<String> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<SharedTable> tables = shares.details(share).tables();
        for (String text : partitions) {
            PartitionSetting setting = PartitionSetting.parse(text);
            if (setting.scope() == null) {
                continue;
            }
            Optional<SharedTable> table = tables.stream()
                    .filter(t -> t.schema().equalsIgnoreCase(setting.schema())
                            && t.name().equalsIgnoreCase(setting.table()))
                    .findFirst();
            if (table.isEmpty()) {
                continue; // the update names it as missing
            }
            TableMetadata metadata;
            try {
                TableLocation location = table.get().location();
                TableReader reader = readers.of(location);
                metadata = reader.snapshot(location, reader.latestVersion(location))
                        .metadata();
            } catch (RuntimeException unreadable) {
                continue;
            }
            List<String> wrong =
                    PartitionFilter.notPartitionColumns(setting.scope().resolve(java.util.Map.of()), metadata);
            if (!wrong.isEmpty()) {
                throw LakeshareException.invalidParameter("Table '" + setting.ref() + "' is not partitioned by "
                        + String.join(", ", wrong) + "; a partition scope may name only its partition columns "
                        + metadata.partitionColumns());
            }
        }
    }

    @DELETE
    @Path("/{share}")
    @Operation(summary = "Remove a share; all its tokens are revoked with it, and it is taken from its recipients")
    public Response remove(@PathParam("share") String share) {
        shares.remove(share);
        return Response.noContent().build();
    }

    @POST
    @Path("/{share}/recipients")
    @Operation(summary = "Grant the share to a recipient: its tokens see it from their next request")
    public Response grant(@PathParam("share") String share, GrantRequest request) {
        if (request == null
                || request.recipient() == null
                || request.recipient().isBlank()) {
            throw LakeshareException.invalidParameter(
                    "Name the recipient to grant the share to: {\"recipient\": \"...\"}");
        }
        RecipientView granted = RecipientView.of(recipients.grant(share, request.recipient()));
        return Response.status(Response.Status.CREATED).entity(granted).build();
    }

    @DELETE
    @Path("/{share}/recipients/{recipient}")
    @Operation(summary = "Take the share back from a recipient: its tokens stop seeing it at their next request")
    public RecipientView revoke(@PathParam("share") String share, @PathParam("recipient") String recipient) {
        return RecipientView.of(recipients.revoke(share, recipient));
    }

    private ShareView view(ShareDetails details) {
        return ShareView.of(details, this::inspect);
    }

    /** What each table's location holds: the owner's "fit to share?" check. */
    private TableInspection inspect(SharedTable table) {
        return readers.of(table.location()).inspect(table.location());
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
