package io.lakeshare.tables.skipping;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the predicate hints of a query (PROTOCOL.md, "Read Data from a Table"): {@code jsonPredicateHints}
 * and the SQL {@code predicateHints}. Hints are best effort, so the parser never refuses: whatever
 * the text, a filter comes out and judges every file, without any throwable. In {@code ./mvnw test}
 * this replays the inputs in PredicateHintsFuzzTestInputs; {@code ./dev fuzz} fuzzes it.
 */
class PredicateHintsFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String SCHEMA = "{\"type\":\"struct\",\"fields\":["
            + "{\"name\":\"region\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"hour\",\"type\":\"timestamp\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"flag\",\"type\":\"boolean\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"n\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"price\",\"type\":\"decimal(10,2)\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"amount\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"s\",\"type\":{\"type\":\"struct\",\"fields\":[{\"name\":\"x\",\"type\":\"double\","
            + "\"nullable\":true,\"metadata\":{}}]},\"nullable\":true,\"metadata\":{}}]}";
    private static final List<String> PARTITIONS = List.of("region", "day", "hour", "flag", "n", "price");
    private static final TableMetadata METADATA =
            new TableMetadata("id", null, null, "parquet", Map.of(), SCHEMA, PARTITIONS, Map.of(), null);
    private static final TableMetadata MAPPED = new TableMetadata(
            "id",
            null,
            null,
            "parquet",
            Map.of(),
            SCHEMA.replace(
                    "\"name\":\"amount\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}",
                    "\"name\":\"amount\",\"type\":\"long\",\"nullable\":true,"
                            + "\"metadata\":{\"delta.columnMapping.physicalName\":\"col-1\"}"),
            PARTITIONS,
            Map.of("delta.columnMapping.mode", "name"),
            null);

    /** Files with partition values and statistics of every kind, odd ones included. */
    private static final List<DataFile> FILES = List.of(
            file(
                    values("eu", "2024-01-02", "2024-01-02 10:00:00", "true", "7", "1.50"),
                    "{\"numRecords\":5,\"minValues\":{\"amount\":10,\"s\":{\"x\":0.5},\"col-1\":3},"
                            + "\"maxValues\":{\"amount\":20,\"s\":{\"x\":9.5},\"col-1\":4},"
                            + "\"nullCount\":{\"amount\":1,\"s\":{\"x\":0}}}"),
            file(values(null, "", null, null, "", null), "{\"numRecords\":2,\"nullCount\":{\"amount\":2}}"),
            file(values("us", "not a date", "2024-13-45 99:00:00", "maybe", "1e999", "NaN"), null),
            file(
                    values("x'y", "+999999999-12-31", "2024-01-02T10:00:00.123456Z", "FALSE", "-0", "1E+2147483647"),
                    "{\"numRecords\":\"five\",\"minValues\":{\"amount\":\"a\",\"region\":[1]},"
                            + "\"maxValues\":{\"amount\":{\"x\":1},\"hour\":\"2024-01-02T10:00:00.123Z\"},"
                            + "\"nullCount\":{\"amount\":null}}"),
            file(values("eu", "2024-01-02", null, "true", "7", "1.5"), "not json"),
            file(
                    Map.of(),
                    "{\"minValues\":{\"region\":\"" + "z".repeat(40) + "\"},\"maxValues\":{\"region\":\""
                            + "z".repeat(40) + "\"}}"));

    private static Map<String, String> values(String region, String day, String hour, String flag, String n, String p) {
        Map<String, String> values = new HashMap<>();
        values.put("region", region);
        values.put("day", day);
        values.put("hour", hour);
        values.put("flag", flag);
        values.put("n", n);
        values.put("price", p);
        return values;
    }

    private static DataFile file(Map<String, String> partitionValues, String stats) {
        return new DataFile("f.parquet", new ObjectPath("b", "f.parquet"), partitionValues, 100, 0, stats, null);
    }

    private static final String[] OPS = {
        "and",
        "or",
        "not",
        "isNull",
        "equal",
        "lessThan",
        "lessThanOrEqual",
        "greaterThan",
        "greaterThanOrEqual",
        "column",
        "literal"
    };
    private static final String[] TYPES = {"bool", "int", "long", "float", "double", "string", "date", "timestamp"};
    private static final String[] COLUMNS = {"region", "day", "hour", "flag", "n", "price", "amount", "s.x", "REGION"};
    private static final String[] LITERALS = {
        "eu",
        "2024-01-02",
        "2024-01-02T10:00:00Z",
        "2024-01-02 10:00:00.5",
        "true",
        "7",
        "-1.5e3",
        "1E+2147483647",
        "NaN",
        "",
        " ",
        "+999999999-12-31T23:59:59.999999999-18:00",
        "-999999999-01-01",
        "9".repeat(400)
    };

    private static void judgeEveryFile(FileFilter filter) {
        filter.skipsNothing();
        for (DataFile file : FILES) {
            filter.mightMatch(file);
        }
    }

    /** {@code jsonPredicateHints}: arbitrary text, or trees of the protocol's shape with arbitrary parts. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    @DictionaryEntries({
        "\"op\"",
        "\"children\"",
        "\"name\"",
        "\"value\"",
        "\"valueType\"",
        "\"column\"",
        "\"literal\"",
        "\"and\"",
        "\"equal\"",
        "\"isNull\"",
        "\"timestamp\""
    })
    void jsonPredicateHints(FuzzedDataProvider data) {
        String hint = data.consumeBoolean() ? tree(data, 0).toString() : data.consumeRemainingAsString();
        judgeEveryFile(FileFilter.of(hint, null, data.consumeBoolean() ? METADATA : MAPPED));
    }

    private static JsonNode tree(FuzzedDataProvider data, int depth) {
        int shape = data.consumeInt(0, 15);
        if (shape == 15 && depth == 0) {
            // Deep nesting, around the parser's depth limit.
            JsonNode node = leaf(data);
            for (int i = data.consumeInt(0, JsonPredicates.MAX_DEPTH + 20); i > 0; i--) {
                ObjectNode not = NODES.objectNode().put("op", "not");
                not.putArray("children").add(node);
                node = not;
            }
            return node;
        }
        if (shape >= 12 || depth > 6) {
            return leaf(data);
        }
        ObjectNode node = NODES.objectNode();
        node.put("op", shape < OPS.length ? OPS[shape] : data.consumeString(12));
        if (data.consumeInt(0, 9) > 0) {
            ArrayNode children = node.putArray("children");
            for (int i = data.consumeInt(0, 3); i > 0; i--) {
                children.add(tree(data, depth + 1));
            }
        } else {
            node.set("children", scalar(data));
        }
        return node;
    }

    private static JsonNode leaf(FuzzedDataProvider data) {
        ObjectNode leaf = NODES.objectNode();
        boolean column = data.consumeBoolean();
        leaf.put("op", data.consumeInt(0, 9) == 0 ? data.consumeString(8) : column ? "column" : "literal");
        if (column) {
            leaf.put("name", data.consumeInt(0, 5) == 0 ? data.consumeString(20) : data.pickValue(COLUMNS));
        } else if (data.consumeInt(0, 3) == 0) {
            leaf.set("value", scalar(data));
        } else {
            leaf.put("value", data.consumeBoolean() ? data.pickValue(LITERALS) : data.consumeString(40));
        }
        if (data.consumeInt(0, 7) > 0) {
            leaf.put("valueType", data.consumeInt(0, 9) == 0 ? data.consumeString(10) : data.pickValue(TYPES));
        }
        return leaf;
    }

    private static JsonNode scalar(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 6)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(data.consumeLong());
            case 2 -> NODES.numberNode(data.consumeDouble());
            case 3 -> NODES.booleanNode(data.consumeBoolean());
            case 4 -> NODES.objectNode().put("op", "literal");
            case 5 -> NODES.arrayNode().add(data.consumeString(5));
            default -> NODES.textNode(data.consumeString(20));
        };
    }

    /** SQL {@code predicateHints}: a list of conjuncts, arbitrary or of the grammar's shape, some very long. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    @DictionaryEntries({" IS NOT NULL", " IS NULL", "<>", "!=", ">=", "<=", "==", "''", "`"})
    void predicateHints(FuzzedDataProvider data) {
        List<String> hints = new ArrayList<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            hints.add(data.consumeBoolean() ? conjunct(data) : data.consumeBoolean() ? null : data.consumeString(200));
        }
        if (data.consumeBoolean()) {
            hints.add(data.consumeRemainingAsString());
        }
        judgeEveryFile(FileFilter.of(null, hints, data.consumeBoolean() ? METADATA : MAPPED));
    }

    private static final String[] COMPARISONS = {"=", "==", "<>", "!=", "<=", ">=", "<", ">"};

    private static String conjunct(FuzzedDataProvider data) {
        String space = " ".repeat(data.consumeInt(0, 3));
        String column = data.consumeInt(0, 5) == 0 ? data.consumeString(10) : data.pickValue(COLUMNS);
        if (data.consumeBoolean()) {
            column = "`" + column + "`";
        }
        if (data.consumeInt(0, 3) == 0) {
            return space + column + " IS " + (data.consumeBoolean() ? "NOT " : "") + "NULL" + space;
        }
        String literal = switch (data.consumeInt(0, 4)) {
            case 0 -> String.valueOf(data.consumeLong());
            case 1 -> data.consumeBoolean() ? "true" : "FALSE";
            case 2 -> data.pickValue(LITERALS);
            // A quoted string, its piece repeated: recipients send literals of any length.
            default ->
                "'"
                        + data.consumeString(8)
                                .replace("'", "''")
                                .repeat(data.consumeBoolean() ? data.consumeInt(1, 20_000) : 1)
                        + "'";
        };
        return space + column + space + data.pickValue(COMPARISONS) + space + literal + space;
    }
}
