package io.lakeshare.sharing;

import io.lakeshare.catalog.Bearer;
import io.lakeshare.storage.DataUrls;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DeletionVector;
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

    SnapshotLines.Links links(DataFile file, MessageDigest digest, Instant expiry, Bearer recipient, UUID shareId) {
        String endpoint = recipient.publicEndpoint();
        String issuedTo = recipient.urlHolder(shareId);
        String url = urls.url(file.object().bucket(), file.object().key(), expiry, endpoint, issuedTo);
        String id = FileIds.id(digest, file.logPath());
        DeletionVector dv = file.deletionVector();
        if (dv == null || dv.object() == null) {
            return new SnapshotLines.Links(url, id, null, null);
        }
        return new SnapshotLines.Links(
                url,
                id,
                urls.url(dv.object().bucket(), dv.object().key(), expiry, endpoint, issuedTo),
                FileIds.id(digest, dv.object().key()));
    }
}
