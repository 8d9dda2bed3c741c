package io.lakeshare.sharing.http;

import io.lakeshare.errors.ErrorBody;
import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.ops.LakeshareMetrics;
import io.lakeshare.ops.audit.AuditTrail;
import io.lakeshare.sharing.ClientOutput;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StoredObject;
import io.lakeshare.storage.UrlHolderStanding;
import io.lakeshare.storage.UrlHolders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Serves data files to recipients through signed URLs (the proxy URL mode): the URL is the
 * credential, so no bearer token is needed. Supports what Parquet readers do: HEAD for the size,
 * and single {@code Range} requests answered with 206.
 */
@Path(DataUrls.FILE_PATH + "{ref}")
public class FileResource {

    private static final String OCTETS = "application/octet-stream";

    @Inject
    DataUrls urls;

    @Inject
    Storage storage;

    @Inject
    UrlHolderStanding holders;

    @Inject
    ClientAddress client;

    @Inject
    LakeshareMetrics metrics;

    @Inject
    AuditTrail audit;

    @HEAD
    public Response head(
            @PathParam("ref") String ref,
            @QueryParam(DataUrls.EXPIRES_PARAM) String expires,
            @QueryParam(DataUrls.RECIPIENT_PARAM) String recipient,
            @QueryParam(DataUrls.SIGNATURE_PARAM) String signature,
            @HeaderParam("Range") String range) {
        return respond(ref, expires, recipient, signature, range, null);
    }

    @GET
    public Response get(
            @PathParam("ref") String ref,
            @QueryParam(DataUrls.EXPIRES_PARAM) String expires,
            @QueryParam(DataUrls.RECIPIENT_PARAM) String recipient,
            @QueryParam(DataUrls.SIGNATURE_PARAM) String signature,
            @HeaderParam("Range") String range,
            @Context HttpServerRequest http) {
        return respond(ref, expires, recipient, signature, range, http);
    }

    /** {@code http} is the request to send the body to; none for HEAD. */
    private Response respond(
            String ref,
            String expires,
            String recipient,
            String signature,
            String rangeHeader,
            HttpServerRequest http) {
        Instant now = Instant.now();
        DataUrls.Grant grant = urls.verify(ref, expires, recipient, signature, now)
                .orElseThrow(() -> new LakeshareException(
                        ErrorCode.PERMISSION_DENIED,
                        "This file URL is invalid or has expired; query the table again for fresh URLs"));
        // Only once the signature holds: the id is then one this server issued, never a guess.
        if (!holders.stands(grant.recipient(), now)) {
            throw new LakeshareException(
                    ErrorCode.PERMISSION_DENIED,
                    "The token this file URL was issued to has been revoked, or has expired, or its share was removed or taken back");
        }
        if (!holders.reachableFrom(grant.recipient(), client.current())) {
            throw new LakeshareException(
                    ErrorCode.PERMISSION_DENIED,
                    "Requests from " + client.current()
                            + " are not allowed for the recipient this file URL was issued to");
        }
        if (http != null) {
            // Downloads are table access too: audited under the token id the URL was issued to.
            audit.current()
                    .download(
                            UrlHolders.tokenId(grant.recipient()),
                            grant.recipient(),
                            grant.bucket() + "/" + grant.key());
        }
        ObjectStore store = storage.forBucket(grant.bucket());
        StoredObject object = store.stat(grant.bucket(), grant.key())
                .orElseThrow(() -> LakeshareException.notFound(
                        "The file no longer exists; the table may have been vacuumed. Query the table again"));
        long size = object.size();
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(rangeHeader, size);
        } catch (ByteRange.Unsatisfiable e) {
            Response.ResponseBuilder refused = Response.status(416)
                    .header("Content-Range", "bytes */" + size)
                    .header("Accept-Ranges", "bytes");
            if (http != null) { // HEAD answers carry no body
                refused.type("application/json")
                        .entity(new ErrorBody(
                                ErrorCode.INVALID_PARAMETER_VALUE.name(),
                                "The range asked for is beyond the file's " + size + " bytes"));
            }
            return refused.build();
        }
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        Response.ResponseBuilder response = Response.status(range.isPresent() ? 206 : 200)
                .type(OCTETS)
                .header("Accept-Ranges", "bytes")
                .header("Content-Length", length)
                .header("Last-Modified", java.util.Date.from(object.lastModified()))
                .header("Cache-Control", "private, no-transform");
        range.ifPresent(r -> response.header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size));
        if (http != null) {
            response.entity((StreamingOutput) out -> {
                try (InputStream in = store.read(grant.bucket(), grant.key(), offset, length)) {
                    // Counted as written, so that a download cut short counts what it sent.
                    in.transferTo(new CountingOutput(
                            new ClientOutput(out, () -> http.response().closed()), metrics::bytesStreamed));
                }
            });
        }
        return response.build();
    }
}
