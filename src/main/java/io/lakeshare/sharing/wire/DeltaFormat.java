package io.lakeshare.sharing.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NDJSON lines of the protocol's {@code delta} response format: real Delta log actions in
 * wrappers, so the recipient can write them into a local {@code _delta_log} and read the table with
 * a Delta library; file paths are replaced by URLs.
 */
public final class DeltaFormat {

    private DeltaFormat() {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record DeltaProtocol(
            int minReaderVersion, int minWriterVersion, Set<String> readerFeatures, Set<String> writerFeatures) {}

    /** {@code version} only on protocol changes within a history read (includeHistoricalProtocol). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Protocol(DeltaProtocol deltaProtocol, Long version) {}

    public record ProtocolLine(Protocol protocol) {}

    public record Format(String provider, Map<String, String> options) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeltaMetadata(
            String id,
            String name,
            String description,
            Format format,
            String schemaString,
            List<String> partitionColumns,
            Map<String, String> configuration,
            Long createdTime) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(
            DeltaMetadata deltaMetadata,
            Long version,
            Long size,
            Long numFiles,
            String location,
            List<String> accessModes) {}

    public record MetadataLine(Metadata metaData) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeletionVector(
            String storageType, String pathOrInlineDv, Integer offset, int sizeInBytes, long cardinality) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Add(
            String path,
            Map<String, String> partitionValues,
            long size,
            long modificationTime,
            boolean dataChange,
            String stats,
            DeletionVector deletionVector) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Remove(
            String path,
            Long deletionTimestamp,
            boolean dataChange,
            boolean extendedFileMetadata,
            Map<String, String> partitionValues,
            long size,
            DeletionVector deletionVector) {}

    public record Cdc(String path, Map<String, String> partitionValues, long size, boolean dataChange) {}

    /** Exactly one of the actions is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SingleAction(Add add, Remove remove, Cdc cdc) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record File(
            String id,
            String deletionVectorFileId,
            Long version,
            Long timestamp,
            Long expirationTimestamp,
            SingleAction deltaSingleAction) {}

    public record FileLine(File file) {}
}
