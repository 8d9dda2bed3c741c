package io.lakeshare.sharing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Objects of the protocol's discovery endpoints, with the protocol's field names. */
public final class ListingModels {

    private ListingModels() {}

    public record ShareItem(String name, String id) {}

    public record SchemaItem(String name, String share) {}

    /** {@code location} and {@code accessModes} only for tables opened to directory access. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TableItem(
            String name,
            String schema,
            String share,
            String shareId,
            String id,
            String location,
            List<String> accessModes) {}

    public record GetShareResponse(ShareItem share) {}

    /** A page of a listing; {@code nextPageToken} is left out on the last page, never sent empty. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page<T>(List<T> items, String nextPageToken) {}
}
