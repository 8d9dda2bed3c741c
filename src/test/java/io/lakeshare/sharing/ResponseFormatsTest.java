package io.lakeshare.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.SnapshotSummary;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableProtocol;
import io.lakeshare.tables.TableSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The response format: parquet unless the client asks for delta; a table using what parquet cannot
 * express goes out in delta to clients declaring the reader features, and is refused otherwise.
 */
class ResponseFormatsTest {

    private static final Capabilities PARQUET_ONLY = Capabilities.parse(null);
    private static final Capabilities EITHER =
            Capabilities.parse("responseformat=delta,parquet;readerfeatures=deletionvectors,columnmapping");
    private static final Capabilities DELTA_NO_FEATURES = Capabilities.parse("responseformat=delta");

    private static TableSnapshot table(
            Map<String, String> configuration, long filesWithVectors, Set<String> readerFeatures) {
        TableMetadata metadata =
                new TableMetadata("id", null, null, "parquet", Map.of(), "{}", List.of(), configuration, null);
        return new TableSnapshot() {
            public long version() {
                return 1;
            }

            public long timestamp() {
                return 0;
            }

            public TableProtocol protocol() {
                return new TableProtocol(3, 7, readerFeatures, readerFeatures);
            }

            public TableMetadata metadata() {
                return metadata;
            }

            public SnapshotSummary summary() {
                return new SnapshotSummary(10, 100, filesWithVectors, 0, 0);
            }

            public void forEachFile(Predicate<DataFile> visitor) {}
        };
    }

    private static final TableSnapshot PLAIN = table(Map.of(), 0, Set.of());

    @Test
    void aPlainTableGoesOutInParquetUnlessOnlyDeltaIsAsked() {
        assertEquals("parquet", ResponseFormats.choose(PARQUET_ONLY, PLAIN, "t"));
        assertEquals("parquet", ResponseFormats.choose(EITHER, PLAIN, "t"));
        assertEquals("delta", ResponseFormats.choose(DELTA_NO_FEATURES, PLAIN, "t"));
    }

    @Test
    void deletionVectorsInUseNeedTheDeltaFormatAndItsFeature() {
        TableSnapshot withVectors = table(Map.of(), 3, Set.of("deletionVectors"));
        assertEquals("delta", ResponseFormats.choose(EITHER, withVectors, "t"));
        LakeshareException parquet =
                assertThrows(LakeshareException.class, () -> ResponseFormats.choose(PARQUET_ONLY, withVectors, "t"));
        assertEquals(ErrorCode.UNSUPPORTED_OPERATION, parquet.errorCode());
        assertTrue(parquet.getMessage().contains("deletion vectors (3 file(s)"), parquet.getMessage());
        LakeshareException undeclared = assertThrows(
                LakeshareException.class, () -> ResponseFormats.choose(DELTA_NO_FEATURES, withVectors, "t"));
        assertTrue(undeclared.getMessage().contains("deletionvectors"), undeclared.getMessage());
    }

    @Test
    void vectorsEnabledButNoneInThisSnapshotReadAsParquet() {
        assertEquals(
                "parquet", ResponseFormats.choose(PARQUET_ONLY, table(Map.of(), 0, Set.of("deletionVectors")), "t"));
    }

    @Test
    void columnMappingNeedsTheDeltaFormat() {
        TableSnapshot mapped = table(Map.of("delta.columnMapping.mode", "name"), 0, Set.of("columnMapping"));
        assertEquals("delta", ResponseFormats.choose(EITHER, mapped, "t"));
        assertThrows(LakeshareException.class, () -> ResponseFormats.choose(PARQUET_ONLY, mapped, "t"));
    }

    @Test
    void anUnknownReaderFeatureIsRefusedUnlessDeclared() {
        TableSnapshot future = table(Map.of(), 0, Set.of("variantType"));
        assertThrows(LakeshareException.class, () -> ResponseFormats.choose(PARQUET_ONLY, future, "t"));
        assertThrows(LakeshareException.class, () -> ResponseFormats.choose(EITHER, future, "t"));
        assertEquals(
                "delta",
                ResponseFormats.choose(
                        Capabilities.parse("responseformat=delta;readerfeatures=varianttype"), future, "t"));
    }

    @Test
    void timestampNtzTablesGoOutInDeltaToClientsThatTakeEither() {
        TableSnapshot ntz = table(Map.of(), 0, Set.of("timestampNtz"));
        assertEquals("delta", ResponseFormats.choose(EITHER, ntz, "t"));
        assertEquals("parquet", ResponseFormats.choose(PARQUET_ONLY, ntz, "t"));
    }
}
