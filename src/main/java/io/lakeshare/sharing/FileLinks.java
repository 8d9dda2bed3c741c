package io.lakeshare.sharing;

import io.lakeshare.catalog.Bearer;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DeletionVector;
import io.lakeshare.tables.ObjectPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;

/** The URLs and ids of a file line: the data file's, and its deletion vector's when it has one on disk. */
@ApplicationScoped
public class FileLinks {

    @Inject
    DataUrls urls;

    SnapshotLines.Links links(DataFile file, MessageDigest digest, Instant expiry, Bearer bearer, UUID shareId) {
        String endpoint = bearer.publicEndpoint();
        String issuedTo = bearer.urlHolder(shareId);
        DeletionVector dv = file.deletionVector();
        return links(
                file,
                digest,
                url(file.object(), expiry, endpoint, issuedTo),
                dv == null || dv.object() == null ? null : url(dv.object(), expiry, endpoint, issuedTo));
    }

    /** The links of {@code file} with these URLs; {@code dvUrl} is null unless its deletion vector is on disk. */
    static SnapshotLines.Links links(DataFile file, MessageDigest digest, String url, String dvUrl) {
        String id = FileIds.id(digest, file.logPath());
        if (dvUrl == null) {
            return new SnapshotLines.Links(url, id, null, null);
        }
        return new SnapshotLines.Links(
                url,
                id,
                dvUrl,
                FileIds.id(digest, file.deletionVector().object().key()));
    }

    /** The URL the holder {@code issuedTo} fetches {@code object} with, at {@code endpoint}, until {@code expiry}. */
    String url(ObjectPath object, Instant expiry, String endpoint, String issuedTo) {
        return urls.url(object.bucket(), object.key(), expiry, endpoint, issuedTo);
    }
}
