package io.lakeshare.sharing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.DeletionVector;
import io.lakeshare.tables.ObjectPath;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A line served from its rendered template is byte for byte the line Jackson writes for the same
 * file, format, file id hash, URLs and expiry — for every kind of file line a snapshot answer has.
 */
class RenderedLineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final LineTemplate.Placeholders PLACEHOLDERS = new LineTemplate.Placeholders(new SecureRandom());
    private static final long EXPIRATION = 1_764_000_000_000L;

    private static final DataFile PLAIN = file("part-0.parquet", Map.of(), "{\"numRecords\":3}", null);
    private static final DataFile PARTITIONED = file(
            "department=R%26D/part-1.parquet",
            ordered("department", "R&D", "country", null),
            "{\"numRecords\":2,\"minValues\":{\"name\":\"Zoë \\\"the\\\" 🦆\\n\"}}",
            null);
    private static final DataFile WITHOUT_STATS = file("part-2.parquet", Map.of(), null, null);
    private static final DataFile INLINE_VECTOR = file(
            "part-3.parquet",
            Map.of(),
            "{\"numRecords\":5}",
            new DeletionVector("i", "wi5b=000010000siXQKl0rr91000f", null, 40, 2, null));
    private static final DataFile VECTOR_ON_DISK = file(
            "part-4.parquet",
            Map.of(),
            "{\"numRecords\":5}",
            new DeletionVector(
                    "u", "ab^-aqEH.-t@S}K{vb[*k^", 1, 36, 1, new ObjectPath("lake", "t/deletion_vector_1.bin")));
    /** Values that hold what the placeholders look like must never be taken for them. */
    private static final DataFile LOOKS_LIKE_A_PLACEHOLDER = file(
            "part-5.parquet", Map.of("p", PLACEHOLDERS.url), "{\"numRecords\":" + PLACEHOLDERS.expiration + "}", null);

    private static final List<DataFile> FILES =
            List.of(PLAIN, PARTITIONED, WITHOUT_STATS, INLINE_VECTOR, VECTOR_ON_DISK);

    /** URLs as both URL modes write them: a presigned S3 URL, and a signed URL to the server. */
    private static final Function<ObjectPath, String> PRESIGNED = object -> "http://127.0.0.1:9000/" + object.bucket()
            + "/" + object.key() + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261203T101500Z"
            + "&X-Amz-Signature=0f3a";

    private static final Function<ObjectPath, String> TO_THE_SERVER =
            object -> "https://sharing.example.com/_lakeshare/v1/files/"
                    + object.key().length() + "?e=1764000000&r=4d1c" + "&X-Amz-Signature=Zm9v";
    /** An endpoint Jackson has to escape. */
    private static final Function<ObjectPath, String> ODD_ENDPOINT =
            object -> "https://shäring.example.com/\"q\"\\" + object.key();

    @Test
    void everyFileLineMatchesJacksonInBothFormatsBothHashesAndTimeTravel() throws Exception {
        for (String format : List.of(ResponseFormats.PARQUET, ResponseFormats.DELTA)) {
            for (String hash : List.of("parquet", "delta")) {
                for (Long[] asOf : List.of(new Long[] {null, null}, new Long[] {3L, 1_700_000_000_000L})) {
                    for (Function<ObjectPath, String> urls : List.of(PRESIGNED, TO_THE_SERVER, ODD_ENDPOINT)) {
                        for (DataFile file : FILES) {
                            if (format.equals(ResponseFormats.PARQUET) && file.deletionVector() != null) {
                                continue; // parquet answers never carry tables with deletion vectors
                            }
                            String what = format + "/" + hash + "/" + asOf[0] + "/" + file.logPath();
                            assertEquals(
                                    jackson(format, hash, file, urls, asOf),
                                    fromTemplate(format, hash, file, urls, asOf),
                                    what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aLineHoldingAPlaceholderValueGetsNoTemplate() {
        SnapshotLines shape = new SnapshotLines(ResponseFormats.PARQUET);
        assertNull(RenderedLines.template(
                MAPPER,
                PLACEHOLDERS,
                shape,
                LOOKS_LIKE_A_PLACEHOLDER,
                FileIds.forRequest(null, ResponseFormats.PARQUET).digest(),
                null,
                null));
        assertNotNull(RenderedLines.template(
                MAPPER,
                PLACEHOLDERS,
                shape,
                PLAIN,
                FileIds.forRequest(null, ResponseFormats.PARQUET).digest(),
                null,
                null));
    }

    @Test
    void urlsNeedingNoEscapeAreCopiedAsTheyAre() {
        String url = PRESIGNED.apply(new ObjectPath("b", "k"));
        assertArrayEquals(url.getBytes(StandardCharsets.US_ASCII), RenderedLines.jsonStringContent(MAPPER, url));
        assertEquals(
                "https://shäring/\\\"q\\\"\\\\",
                new String(RenderedLines.jsonStringContent(MAPPER, "https://shäring/\"q\"\\"), StandardCharsets.UTF_8));
    }

    private static String jackson(
            String format, String hash, DataFile file, Function<ObjectPath, String> urls, Long[] asOf)
            throws Exception {
        SnapshotLines shape = new SnapshotLines(format);
        String dvUrl = file.deletionVector() == null || file.deletionVector().object() == null
                ? null
                : urls.apply(file.deletionVector().object());
        SnapshotLines.Links links = FileLinks.links(file, digest(hash, format), urls.apply(file.object()), dvUrl);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NdjsonLines lines = new NdjsonLines(MAPPER, out)) {
            lines.line(shape.file(file, links, asOf[0], asOf[1], EXPIRATION));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String fromTemplate(
            String format, String hash, DataFile file, Function<ObjectPath, String> urls, Long[] asOf)
            throws Exception {
        byte[] record = RenderedLines.template(
                MAPPER, PLACEHOLDERS, new SnapshotLines(format), file, digest(hash, format), asOf[0], asOf[1]);
        assertNotNull(record, file.logPath());
        // Read in place, as replays read it, from behind another record.
        byte[] kept = new byte[7 + record.length];
        System.arraycopy(record, 0, kept, 7, record.length);
        assertEquals(record.length, LineTemplate.recordLength(kept, 7));
        LineTemplate.Buffer line = new LineTemplate.Buffer();
        LineTemplate.render(
                kept,
                7,
                new LineTemplate.Fill() {
                    @Override
                    public byte[] url(String bucket, String key) {
                        return RenderedLines.jsonStringContent(MAPPER, urls.apply(new ObjectPath(bucket, key)));
                    }

                    @Override
                    public byte[] expiration() {
                        return Long.toString(EXPIRATION).getBytes(StandardCharsets.US_ASCII);
                    }
                },
                line);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NdjsonLines lines = new NdjsonLines(MAPPER, out)) {
            lines.rendered(line.bytes, 0, line.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static java.security.MessageDigest digest(String hash, String format) {
        return FileIds.forRequest(hash, format).digest();
    }

    private static DataFile file(String path, Map<String, String> partitions, String stats, DeletionVector dv) {
        return new DataFile(path, new ObjectPath("lake", "t/" + path), partitions, 1234, 1_700_000_000_123L, stats, dv);
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
