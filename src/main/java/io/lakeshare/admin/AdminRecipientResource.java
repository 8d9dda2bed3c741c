package io.lakeshare.admin;

import io.lakeshare.admin.AdminModels.CreateRecipientRequest;
import io.lakeshare.admin.AdminModels.Items;
import io.lakeshare.admin.AdminModels.RecipientView;
import io.lakeshare.admin.AdminModels.UpdateRecipientRequest;
import io.lakeshare.admin.AdminModels.UsageView;
import io.lakeshare.catalog.RecipientService;
import io.lakeshare.catalog.UsageService;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.audit.UsageMeter;
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
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The owner's recipients: create, inspect, change, remove (which revokes their tokens). */
@Path("/api/admin/v1/recipients")
@AdminApi
@Tag(name = "recipients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminRecipientResource {

    @Inject
    RecipientService recipients;

    @Inject
    UsageService usage;

    @Inject
    UsageMeter meter;

    @POST
    @Operation(
            summary =
                    "Create a recipient with a description, properties (KEY: VALUE) and the networks it may call from")
    public Response create(CreateRecipientRequest request) {
        if (request == null) {
            throw LakeshareException.malformed(
                    "Send {\"name\", \"description\", \"properties\": {\"KEY\": \"VALUE\"}, \"allowedNetworks\": [\"CIDR\"]}");
        }
        RecipientView created = RecipientView.of(recipients.create(
                request.name(),
                request.description(),
                orEmpty(request.properties()),
                orEmpty(request.allowedNetworks())));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Operation(summary = "List recipients with their granted shares and token counts")
    public Items<RecipientView> list() {
        return new Items<>(recipients.list().stream().map(RecipientView::of).toList());
    }

    @GET
    @Path("/{recipient}")
    @Operation(summary = "A recipient with its properties and granted shares")
    public RecipientView info(@PathParam("recipient") String recipient) {
        return RecipientView.of(recipients.details(recipient));
    }

    @PATCH
    @Path("/{recipient}")
    @Operation(summary = "Change the description, set and remove properties, allow and remove networks")
    public RecipientView update(@PathParam("recipient") String recipient, UpdateRecipientRequest request) {
        if (request == null) {
            throw LakeshareException.malformed(
                    "Send {\"description\", \"properties\": {\"KEY\": \"VALUE\"}, \"removeProperties\": [\"KEY\"],"
                            + " \"allowNetworks\": [\"CIDR\"], \"removeNetworks\": [\"CIDR\"]}");
        }
        return RecipientView.of(recipients.update(
                recipient,
                Optional.ofNullable(request.description()),
                orEmpty(request.properties()),
                orEmpty(request.removeProperties()),
                orEmpty(request.allowNetworks()),
                orEmpty(request.removeNetworks())));
    }

    @GET
    @Path("/{recipient}/usage")
    @Operation(
            summary = "What the recipient read, per table: requests, files listed, bytes answered, data files"
                    + " fetched through the server's URLs and their bytes, first and last seen")
    public UsageView usage(@PathParam("recipient") String recipient) {
        // This replica's latest counts first; other replicas' arrive within their flush interval.
        meter.flush();
        return new UsageView(recipient, usage.ofRecipient(recipient));
    }

    @DELETE
    @Path("/{recipient}")
    @Operation(summary = "Remove a recipient; its grants go and all its tokens are revoked with it")
    public Response remove(@PathParam("recipient") String recipient) {
        recipients.remove(recipient);
        return Response.noContent().build();
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
