package io.lakeshare.sharing;

import io.lakeshare.sharing.wire.DeltaFormat;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DeletionVector;
import io.lakeshare.tables.TableChange;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import io.lakeshare.tables.TableSnapshot;
import java.util.List;
import java.util.Map;

/** The lines of a snapshot in one response format. */
final class SnapshotLines {

    /** What a file line needs besides the file: URLs and ids (for the file and its deletion vector). */
    record Links(String url, String id, String dvUrl, String dvId) {}

    private final boolean delta;

    SnapshotLines(String format) {
        this.delta = ResponseFormats.DELTA.equals(format);
    }

    Object protocol(TableSnapshot snapshot) {
        if (!delta) {
            return new ParquetFormat.ProtocolLine(new ParquetFormat.Protocol(1));
        }
        return protocol(snapshot.protocol(), null);
    }

    /** A delta-format protocol line; {@code version} for a protocol change within a history read. */
    Object protocol(TableProtocol p, Long version) {
        return new DeltaFormat.ProtocolLine(new DeltaFormat.Protocol(
                new DeltaFormat.DeltaProtocol(
                        p.minReaderVersion(), p.minWriterVersion(), p.readerFeatures(), p.writerFeatures()),
                version));
    }

    boolean delta() {
        return delta;
    }

    Object metadata(TableSnapshot snapshot) {
        return metadata(snapshot, null);
    }

    /**
     * The snapshot's metadata line; with {@code directoryLocation}, as a table opened to directory
     * access is described (its root and {@code accessModes}: url and dir).
     */
    Object metadata(TableSnapshot snapshot, String directoryLocation) {
        return metadata(
                snapshot.metadata(),
                null,
                snapshot.totals().sizeInBytes(),
                snapshot.totals().numFiles(),
                directoryLocation);
    }

    /** A metadata line; {@code version} is set on lines that follow a table's history. */
    Object metadata(TableMetadata m, Long version, Long size, Long files) {
        return metadata(m, version, size, files, null);
    }

    private Object metadata(TableMetadata m, Long version, Long size, Long files, String directoryLocation) {
        List<String> modes = directoryLocation == null ? null : TableCredentials.DIRECTORY_MODES;
        if (!delta) {
            // Parquet recipients get no table configuration: it describes how the log is written.
            return new ParquetFormat.MetadataLine(new ParquetFormat.Metadata(
                    m.id(),
                    m.name(),
                    m.description(),
                    new ParquetFormat.Format(m.provider()),
                    m.schemaString(),
                    m.partitionColumns(),
                    Map.of(),
                    version,
                    size,
                    files,
                    directoryLocation,
                    modes));
        }
        return new DeltaFormat.MetadataLine(new DeltaFormat.Metadata(
                new DeltaFormat.DeltaMetadata(
                        m.id(),
                        m.name(),
                        m.description(),
                        new DeltaFormat.Format(m.provider(), m.formatOptions()),
                        m.schemaString(),
                        m.partitionColumns(),
                        m.configuration(),
                        m.createdTime()),
                version,
                size,
                files,
                directoryLocation,
                modes));
    }

    /** A file a commit added or removed; such lines always carry the commit's version and timestamp. */
    Object change(TableChange change, Links links, long expiration) {
        DataFile f = change.file();
        boolean added = change.kind() == TableChange.Kind.ADD;
        if (change.kind() == TableChange.Kind.CDC) {
            return delta
                    ? new DeltaFormat.FileLine(new DeltaFormat.File(
                            links.id(),
                            null,
                            change.version(),
                            change.timestamp(),
                            expiration,
                            new DeltaFormat.SingleAction(
                                    null,
                                    null,
                                    new DeltaFormat.Cdc(links.url(), f.partitionValues(), f.size(), false))))
                    : new ParquetFormat.CdfLine(new ParquetFormat.Cdf(
                            links.url(),
                            links.id(),
                            f.partitionValues(),
                            f.size(),
                            change.version(),
                            change.timestamp(),
                            expiration));
        }
        if (!delta) {
            return added
                    ? new ParquetFormat.AddLine(new ParquetFormat.Add(
                            links.url(),
                            links.id(),
                            f.partitionValues(),
                            f.size(),
                            f.stats(),
                            change.version(),
                            change.timestamp(),
                            expiration))
                    : new ParquetFormat.RemoveLine(new ParquetFormat.Remove(
                            links.url(),
                            links.id(),
                            f.partitionValues(),
                            f.size(),
                            change.version(),
                            change.timestamp(),
                            expiration));
        }
        DeltaFormat.DeletionVector dvLine = deletionVector(f, links);
        DeltaFormat.SingleAction action = added
                ? new DeltaFormat.SingleAction(
                        new DeltaFormat.Add(
                                links.url(),
                                f.partitionValues(),
                                f.size(),
                                f.modificationTime(),
                                true,
                                f.stats(),
                                dvLine),
                        null,
                        null)
                : new DeltaFormat.SingleAction(
                        null,
                        new DeltaFormat.Remove(
                                links.url(),
                                change.deletionTimestamp(),
                                true,
                                true,
                                f.partitionValues(),
                                f.size(),
                                dvLine),
                        null);
        return new DeltaFormat.FileLine(new DeltaFormat.File(
                links.id(), links.dvId(), change.version(), change.timestamp(), expiration, action));
    }

    /** A file line; {@code version} and {@code timestamp} are set for time-travel queries only. */
    Object file(DataFile f, Links links, Long version, Long timestamp, long expiration) {
        if (!delta) {
            return new ParquetFormat.FileLine(new ParquetFormat.File(
                    links.url(), links.id(), f.partitionValues(), f.size(), f.stats(), version, timestamp, expiration));
        }
        DeltaFormat.Add add = new DeltaFormat.Add(
                links.url(),
                f.partitionValues(),
                f.size(),
                f.modificationTime(),
                true,
                f.stats(),
                deletionVector(f, links));
        return new DeltaFormat.FileLine(new DeltaFormat.File(
                links.id(),
                links.dvId(),
                version,
                timestamp,
                expiration,
                new DeltaFormat.SingleAction(add, null, null)));
    }

    private static DeltaFormat.DeletionVector deletionVector(DataFile f, Links links) {
        DeletionVector dv = f.deletionVector();
        if (dv == null) {
            return null;
        }
        return dv.object() == null
                ? new DeltaFormat.DeletionVector(
                        dv.storageType(), dv.pathOrInlineDv(), dv.offset(), dv.sizeInBytes(), dv.cardinality())
                // An on-disk vector is handed out like a data file: an absolute URL ('p').
                : new DeltaFormat.DeletionVector("p", links.dvUrl(), dv.offset(), dv.sizeInBytes(), dv.cardinality());
    }
}
