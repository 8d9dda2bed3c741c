package io.lakeshare.tables.skipping;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** File skipping: a file goes only when its partition values or statistics prove no row matches. */
class FileFilterTest {

    private static final String SCHEMA = "{\"type\":\"struct\",\"fields\":["
            + "{\"name\":\"region\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"amount\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}";
    private static final TableMetadata METADATA =
            new TableMetadata("id", null, null, "parquet", Map.of(), SCHEMA, List.of("region", "day"), Map.of(), null);

    /** A file of the eu partition on 2024-01-02 with amounts 10..20, one of 5 null. */
    private static final DataFile EU = file(
            "eu",
            "2024-01-02",
            "{\"numRecords\":5,\"minValues\":{\"amount\":10},\"maxValues\":{\"amount\":20},\"nullCount\":{\"amount\":1}}");

    private static final DataFile NULL_REGION = file(
            null,
            "2024-01-03",
            "{\"numRecords\":2,\"minValues\":{\"amount\":1},\"maxValues\":{\"amount\":2},\"nullCount\":{\"amount\":0}}");
    private static final DataFile NO_STATS = file("us", "2024-01-04", null);

    private static DataFile file(String region, String day, String stats) {
        Map<String, String> partition = new HashMap<>();
        partition.put("region", region);
        partition.put("day", day);
        return new DataFile("f.parquet", new ObjectPath("b", "f.parquet"), partition, 100, 0, stats, null);
    }

    private static String leaf(String op, String column, String value, String type) {
        String column_ = "{\"op\":\"column\",\"name\":\"" + column + "\",\"valueType\":\"" + type + "\"}";
        String literal = "{\"op\":\"literal\",\"value\":\"" + value + "\",\"valueType\":\"" + type + "\"}";
        return "{\"op\":\"" + op + "\",\"children\":[" + column_ + "," + literal + "]}";
    }

    private static FileFilter json(String hint) {
        return FileFilter.of(hint, null, METADATA);
    }

    @Test
    void partitionValuesDecideExactly() {
        FileFilter eu = json(leaf("equal", "region", "eu", "string"));
        assertTrue(eu.mightMatch(EU));
        assertFalse(eu.mightMatch(NO_STATS));
        assertFalse(eu.mightMatch(NULL_REGION), "a null partition value never equals anything");
        assertTrue(json(leaf("greaterThan", "day", "2024-01-01", "date")).mightMatch(EU));
        assertFalse(json(leaf("lessThan", "day", "2024-01-02", "date")).mightMatch(EU));
    }

    @Test
    void statisticsBoundWhatAFileCanHold() {
        assertTrue(json(leaf("equal", "amount", "15", "long")).mightMatch(EU));
        assertFalse(json(leaf("equal", "amount", "21", "long")).mightMatch(EU));
        assertFalse(json(leaf("greaterThan", "amount", "20", "long")).mightMatch(EU));
        assertTrue(json(leaf("greaterThanOrEqual", "amount", "20", "long")).mightMatch(EU));
        assertFalse(json(leaf("lessThan", "amount", "10", "long")).mightMatch(EU));
        assertTrue(json(leaf("lessThan", "amount", "10", "long")).mightMatch(NO_STATS), "no statistics: keep");
    }

    @Test
    void nullsAndNegationFollowThreeValuedLogic() {
        String isNull =
                "{\"op\":\"isNull\",\"children\":[{\"op\":\"column\",\"name\":\"amount\",\"valueType\":\"long\"}]}";
        assertTrue(json(isNull).mightMatch(EU), "one amount is null");
        assertFalse(json(isNull).mightMatch(NULL_REGION), "no amount is null");
        assertTrue(json("{\"op\":\"not\",\"children\":[" + isNull + "]}").mightMatch(NULL_REGION));
        // NOT(amount = 15): rows other than 15 exist in a 10..20 file.
        assertTrue(json("{\"op\":\"not\",\"children\":[" + leaf("equal", "amount", "15", "long") + "]}")
                .mightMatch(EU));
        // NOT(region = 'eu') in the eu partition: no row can match.
        assertFalse(json("{\"op\":\"not\",\"children\":[" + leaf("equal", "region", "eu", "string") + "]}")
                .mightMatch(EU));
        // ... and in a null partition the comparison is null, so NOT is null too: no match.
        assertFalse(json("{\"op\":\"not\",\"children\":[" + leaf("equal", "region", "eu", "string") + "]}")
                .mightMatch(NULL_REGION));
    }

    @Test
    void andAndOrCombine() {
        String and = "{\"op\":\"and\",\"children\":[" + leaf("equal", "region", "eu", "string") + ","
                + leaf("greaterThan", "amount", "19", "long") + "]}";
        assertTrue(json(and).mightMatch(EU));
        String or = "{\"op\":\"or\",\"children\":[" + leaf("equal", "region", "us", "string") + ","
                + leaf("greaterThan", "amount", "30", "long") + "]}";
        assertFalse(json(or).mightMatch(EU));
        assertTrue(json(or).mightMatch(NO_STATS));
    }

    @Test
    void whatIsNotUnderstoodSkipsNothing() {
        for (String hint : List.of(
                "not json",
                "[]",
                "{\"op\":\"like\"}",
                leaf("equal", "region", "eu", "integer"),
                leaf("=", "region", "eu", "string"),
                "{\"op\":\"and\",\"children\":[" + leaf("equal", "region", "us", "string") + "]}",
                "{\"op\":\"equal\",\"children\":[{\"op\":\"column\",\"name\":\"amount\",\"valueType\":\"long\"},"
                        + "{\"op\":\"literal\",\"value\":\"ten\",\"valueType\":\"long\"}]}")) {
            assertTrue(json(hint).mightMatch(EU), hint);
            assertTrue(json(hint).mightMatch(NO_STATS), hint);
        }
        // An unknown branch of an OR keeps the file; an unknown branch of an AND lets the rest decide.
        String unknown = "{\"op\":\"like\",\"children\":[]}";
        assertTrue(
                json("{\"op\":\"or\",\"children\":[" + leaf("equal", "region", "us", "string") + "," + unknown + "]}")
                        .mightMatch(EU));
        assertFalse(
                json("{\"op\":\"and\",\"children\":[" + leaf("equal", "region", "us", "string") + "," + unknown + "]}")
                        .mightMatch(EU));
    }

    @Test
    void deeplyNestedHintsAreIgnored() {
        String hint = leaf("equal", "region", "us", "string");
        for (int i = 0; i < 150; i++) {
            hint = "{\"op\":\"not\",\"children\":[{\"op\":\"not\",\"children\":[" + hint + "]}]}";
        }
        assertTrue(json(hint).mightMatch(EU));
    }

    @Test
    void sqlHintsApplyToPartitionColumns() {
        assertFalse(FileFilter.of(null, List.of("region = 'us'"), METADATA).mightMatch(EU));
        assertTrue(FileFilter.of(null, List.of("region = 'eu'", "day >= '2024-01-01'"), METADATA)
                .mightMatch(EU));
        assertFalse(FileFilter.of(null, List.of("region <> 'eu'"), METADATA).mightMatch(EU));
        assertFalse(FileFilter.of(null, List.of("region IS NULL"), METADATA).mightMatch(EU));
        assertTrue(FileFilter.of(null, List.of("region is not null"), METADATA).mightMatch(EU));
        assertTrue(FileFilter.of(null, List.of("amount > 1000"), METADATA).mightMatch(EU), "not a partition column");
        assertTrue(
                FileFilter.of(null, List.of("region LIKE 'e%'"), METADATA).mightMatch(NO_STATS),
                "unreadable: skip nothing");
    }

    /** Found by PredicateHintsFuzzTest: children that are not an array (an object's values) threw a NullPointerException. */
    @Test
    void childrenThatAreNotAnArrayAreNotUnderstood() {
        String eu = leaf("equal", "region", "us", "string");
        for (String op : new String[] {"not", "and", "equal", "isNull"}) {
            assertTrue(json("{\"op\":\"" + op + "\",\"children\":{\"a\":" + eu + ",\"b\":" + eu + "}}")
                    .mightMatch(EU));
            assertTrue(json("{\"op\":\"" + op + "\",\"children\":\"x\"}").mightMatch(EU));
        }
    }

    /**
     * Found by PredicateHintsFuzzTest: lower-casing a long string of 'İ' takes quadratic time, so a
     * bool literal, or a column name under column mapping, of a million of them held a thread for
     * minutes. The bound is the fuzzer's: an input running longer than 10 s is a hang.
     */
    @Test
    void longLiteralsAndColumnNamesAreReadInLinearTime() {
        String dotted = "\u0130".repeat(1_000_000);
        String mappedSchema = "{\"type\":\"struct\",\"fields\":[{\"name\":\"region\",\"type\":\"string\","
                + "\"nullable\":true,\"metadata\":{\"delta.columnMapping.physicalName\":\"col-1\"}}]}";
        TableMetadata mapped = new TableMetadata(
                "id",
                null,
                null,
                "parquet",
                Map.of(),
                mappedSchema,
                List.of(),
                Map.of("delta.columnMapping.mode", "name"),
                null);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertTrue(json(leaf("equal", "region", dotted, "bool")).mightMatch(EU));
            assertTrue(FileFilter.of(leaf("equal", dotted, "x", "string"), null, mapped)
                    .mightMatch(EU));
        });
    }

    /** Found by PredicateHintsFuzzTest: a long quoted literal overflowed the stack of the SQL hint's pattern. */
    @Test
    void sqlHintsWithLiteralsOfAnyLengthAreRead() {
        String longer = "e".repeat(100_000);
        assertFalse(FileFilter.of(null, List.of("region = '" + longer + "'"), METADATA)
                .mightMatch(EU));
        assertTrue(FileFilter.of(null, List.of("region < 'f" + longer + "'"), METADATA)
                .mightMatch(EU));
        String quotes = "''".repeat(50_000);
        assertFalse(FileFilter.of(null, List.of("region = '" + quotes + "'"), METADATA)
                .mightMatch(EU));
        assertTrue(
                FileFilter.of(null, List.of("region = 'e" + quotes + "'u"), METADATA)
                        .mightMatch(EU),
                "unreadable");
        assertTrue(
                FileFilter.of(null, List.of("region = " + " ".repeat(100_000) + "x"), METADATA)
                        .mightMatch(EU),
                "not a literal: skip nothing");
    }

    @Test
    void sqlHintLiteralsAreQuotedStringsNumbersOrBooleans() {
        assertFalse(
                FileFilter.of(null, List.of(" `region`  =  'us' "), METADATA).mightMatch(EU));
        assertFalse(FileFilter.of(null, List.of("region == 'it''s'"), METADATA).mightMatch(EU));
        assertTrue(FileFilter.of(null, List.of("region = 'it's'"), METADATA).mightMatch(EU), "a lone quote: unread");
        assertTrue(FileFilter.of(null, List.of("region = 'eu"), METADATA).mightMatch(EU), "unterminated: unread");
        assertTrue(FileFilter.of(null, List.of("region = '"), METADATA).mightMatch(EU), "unterminated: unread");
        assertFalse(FileFilter.of(null, List.of("day > '2024-01-02'"), METADATA).mightMatch(EU));
        assertFalse(FileFilter.of(null, List.of("day>='2024-01-03'"), METADATA).mightMatch(EU));
        assertTrue(FileFilter.of(null, List.of("day <= '2024-01-02'"), METADATA).mightMatch(EU));
        assertTrue(FileFilter.of(null, List.of("day != '2024-01-03'"), METADATA).mightMatch(EU));
    }

    @Test
    void underColumnMappingHintsNameLogicalColumnsAndFilesKeepPhysicalOnes() {
        String schema = "{\"type\":\"struct\",\"fields\":["
                + "{\"name\":\"Region\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"delta.columnMapping.physicalName\":\"col-1\"}},"
                + "{\"name\":\"point\",\"type\":{\"type\":\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"long\","
                + "\"nullable\":true,\"metadata\":{\"delta.columnMapping.physicalName\":\"col-3\"}}]},\"nullable\":true,"
                + "\"metadata\":{\"delta.columnMapping.physicalName\":\"col-2\"}}]}";
        TableMetadata mapped = new TableMetadata(
                "id",
                null,
                null,
                "parquet",
                Map.of(),
                schema,
                List.of("Region"),
                Map.of("delta.columnMapping.mode", "id"),
                null);
        DataFile file = new DataFile(
                "f.parquet",
                new ObjectPath("b", "f.parquet"),
                Map.of("col-1", "eu"),
                100,
                0,
                "{\"numRecords\":5,\"minValues\":{\"col-2\":{\"col-3\":10}},\"maxValues\":{\"col-2\":{\"col-3\":20}}}",
                null);
        assertFalse(
                FileFilter.of(leaf("equal", "region", "us", "string"), null, mapped)
                        .mightMatch(file),
                "partition value by physical name");
        assertTrue(FileFilter.of(leaf("equal", "region", "eu", "string"), null, mapped)
                .mightMatch(file));
        assertFalse(
                FileFilter.of(leaf("greaterThan", "point.x", "20", "long"), null, mapped)
                        .mightMatch(file),
                "nested statistics");
        assertTrue(FileFilter.of(leaf("equal", "point.x", "15", "long"), null, mapped)
                .mightMatch(file));
        assertFalse(FileFilter.of(null, List.of("Region = 'us'"), mapped).mightMatch(file), "SQL hints too");
    }
}
