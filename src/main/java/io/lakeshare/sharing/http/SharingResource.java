package io.lakeshare.sharing.http;

import io.lakeshare.catalog.Names;
import io.lakeshare.catalog.RecipientAccessService;
import io.lakeshare.catalog.RecipientAccessService.TableKey;
import io.lakeshare.catalog.Share;
import io.lakeshare.catalog.SharedTable;
import io.lakeshare.sharing.ListingModels.GetShareResponse;
import io.lakeshare.sharing.ListingModels.Page;
import io.lakeshare.sharing.ListingModels.SchemaItem;
import io.lakeshare.sharing.ListingModels.ShareItem;
import io.lakeshare.sharing.ListingModels.TableItem;
import io.lakeshare.sharing.Paging;
import io.lakeshare.sharing.TableCredentials;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The Delta Sharing protocol's discovery endpoints. Names in paths match case-insensitively; a
 * recipient sees its own share only.
 */
@Path("/_delta-sharing/v1")
@RecipientApi
@Produces(MediaType.APPLICATION_JSON)
public class SharingResource {

    @Inject
    RecipientContext context;

    @Inject
    RecipientAccessService catalog;

    @Inject
    Paging paging;

    @Inject
    TableCredentials credentials;

    @GET
    @Path("/shares")
    public Page<ShareItem> listShares(
            @QueryParam("maxResults") String maxResults, @QueryParam("pageToken") String pageToken) {
        var recipient = context.recipient();
        Paging.Request page = paging.request("shares:" + recipient.scope(), maxResults, pageToken, 1);
        List<Share> shares = catalog.listShares(recipient, page.after().map(p -> p.get(0)), page.fetch());
        return paging.page(page, shares, SharingResource::shareItem, s -> List.of(key(s.name())));
    }

    @GET
    @Path("/shares/{share}")
    public GetShareResponse getShare(@PathParam("share") String share) {
        return new GetShareResponse(shareItem(catalog.share(context.recipient(), share)));
    }

    @GET
    @Path("/shares/{share}/schemas")
    public Page<SchemaItem> listSchemas(
            @PathParam("share") String share,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("pageToken") String pageToken) {
        var recipient = context.recipient();
        Share visible = catalog.share(recipient, share);
        Paging.Request page = paging.request("schemas:" + visible.id(), maxResults, pageToken, 1);
        List<String> schemas =
                catalog.listSchemas(recipient, share, page.after().map(p -> p.get(0)), page.fetch());
        return paging.page(page, schemas, name -> new SchemaItem(name, visible.name()), name -> List.of(key(name)));
    }

    @GET
    @Path("/shares/{share}/schemas/{schema}/tables")
    public Page<TableItem> listTables(
            @PathParam("share") String share,
            @PathParam("schema") String schema,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("pageToken") String pageToken) {
        var recipient = context.recipient();
        Share visible = catalog.share(recipient, share);
        Paging.Request page = paging.request("tables:" + visible.id() + ":" + key(schema), maxResults, pageToken, 1);
        List<SharedTable> tables =
                catalog.listTables(recipient, share, schema, page.after().map(p -> p.get(0)), page.fetch());
        return paging.page(page, tables, this::tableItem, t -> List.of(key(t.name())));
    }

    @GET
    @Path("/shares/{share}/all-tables")
    public Page<TableItem> listAllTables(
            @PathParam("share") String share,
            @QueryParam("maxResults") String maxResults,
            @QueryParam("pageToken") String pageToken) {
        var recipient = context.recipient();
        Share visible = catalog.share(recipient, share);
        Paging.Request page = paging.request("all-tables:" + visible.id(), maxResults, pageToken, 2);
        List<SharedTable> tables = catalog.listAllTables(
                recipient, share, page.after().map(p -> new TableKey(p.get(0), p.get(1))), page.fetch());
        return paging.page(page, tables, this::tableItem, t -> List.of(key(t.schema()), key(t.name())));
    }

    private static ShareItem shareItem(Share share) {
        return new ShareItem(share.name(), share.id().toString());
    }

    private TableItem tableItem(SharedTable t) {
        String location = credentials.advertisedLocation(t).orElse(null);
        return new TableItem(
                t.name(),
                t.schema(),
                t.share(),
                t.shareId().toString(),
                t.id().toString(),
                location,
                location == null ? null : TableCredentials.DIRECTORY_MODES);
    }

    private static String key(String name) {
        return Names.key(name);
    }
}
