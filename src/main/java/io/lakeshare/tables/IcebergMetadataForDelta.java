package io.lakeshare.tables;

/**
 * Iceberg metadata for a Delta table at one version, generated from its Delta snapshot, for
 * recipients that read Iceberg. Free of HTTP: the Iceberg REST catalog resources ask it for the
 * metadata file of the version they serve. Each metadata file holds its own version's snapshot and
 * nothing of earlier ones, so a share's history setting holds by the version asked for: with
 * history off, the caller asks for the latest version only.
 *
 * <p>The metadata names the table's data files by where they are ({@code s3://bucket/key}, or
 * {@code file://} paths on the server's machine for the local warehouse): how recipients may read
 * them (vended credentials, signing) is the caller's business.
 */
public interface IcebergMetadataForDelta {

    /**
     * The location of an Iceberg {@code metadata.json} ({@code s3://…} for a bucket in S3,
     * {@code file:///…} under the local warehouse) describing the Delta table {@code table} at
     * {@code version}: one snapshot, that version's files. Generated on the first call for a version
     * and found, not rewritten, on later ones (by any replica). Refuses with a {@link TableException}
     * ({@link TableException.Kind#UNSUPPORTED}, naming the Delta feature) what Iceberg readers would
     * read wrongly; the version is read as {@link TableReader#snapshot} reads it (BAD_VERSION,
     * NOT_FOUND…).
     */
    String icebergMetadataLocation(TableLocation table, long version);
}
