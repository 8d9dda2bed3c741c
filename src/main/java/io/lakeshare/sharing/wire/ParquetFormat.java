package io.lakeshare.sharing.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The NDJSON lines of the protocol's {@code parquet} response format, field for field. Each line
 * is one wrapper object; absent optional fields are left out.
 */
public final class ParquetFormat {

    private ParquetFormat() {}

    public record Protocol(int minReaderVersion) {}

    public record ProtocolLine(Protocol protocol) {}

    public record Format(String provider) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(
            String id,
            String name,
            String description,
            Format format,
            String schemaString,
            List<String> partitionColumns,
            Map<String, String> configuration,
            Long version,
            Long size,
            Long numFiles,
            String location,
            List<String> accessModes) {}

    public record MetadataLine(Metadata metaData) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record File(
            String url,
            String id,
            Map<String, String> partitionValues,
            long size,
            String stats,
            Long version,
            Long timestamp,
            Long expirationTimestamp) {}

    public record FileLine(File file) {}

    /** A file added by a commit ({@code startingVersion} queries and changes). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Add(
            String url,
            String id,
            Map<String, String> partitionValues,
            long size,
            String stats,
            long version,
            long timestamp,
            long expirationTimestamp) {}

    public record AddLine(Add add) {}

    /** A file removed by a commit. */
    public record Remove(
            String url,
            String id,
            Map<String, String> partitionValues,
            long size,
            long version,
            long timestamp,
            long expirationTimestamp) {}

    public record RemoveLine(Remove remove) {}

    /** A change-data file of a commit (change data feed): its rows say what changed, in _change_type. */
    public record Cdf(
            String url,
            String id,
            Map<String, String> partitionValues,
            long size,
            long version,
            long timestamp,
            long expirationTimestamp) {}

    public record CdfLine(Cdf cdf) {}

    /** The only line of an asynchronous query's answer while it runs (both formats). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QueryStatus(String queryId, String status, String errorMessage) {}

    public record QueryStatusLine(QueryStatus queryStatus) {}

    /** The last line, in both formats, when the client asked for it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndStreamAction(
            String refreshToken, String nextPageToken, Long minUrlExpirationTimestamp, String errorMessage) {}

    public record EndStreamActionLine(EndStreamAction endStreamAction) {}
}
