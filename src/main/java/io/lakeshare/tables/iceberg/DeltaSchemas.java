package io.lakeshare.tables.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.mapping.MappedField;
import org.apache.iceberg.mapping.MappedFields;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A Delta schema (the log's {@code schemaString}) as an Iceberg schema with stable field ids, and
 * the name mapping Iceberg readers need for files that carry no field ids.
 *
 * <p>Ids: under column mapping ({@code name} or {@code id} mode), each field's
 * {@code delta.columnMapping.id} — the id Delta writers put in the Parquet files — and, for list
 * elements and map keys and values, the ids of {@code delta.columnMapping.nested.ids}. Without column
 * mapping, ids by position, depth first (a column, then what it holds, then the next column), so they
 * stay the same from version to version as long as the schema does, and columns added at the end
 * leave the others' ids alone. Delta files without column mapping hold no field ids; the name
 * mapping ({@code schema.name-mapping.default}) names each id's column as the files do (the physical
 * name under column mapping).
 */
final class DeltaSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final String ID = "delta.columnMapping.id";
    private static final String PHYSICAL = "delta.columnMapping.physicalName";
    private static final String NESTED_IDS = "delta.columnMapping.nested.ids";

    /** A primitive column reachable through structs only: statistics can describe it. */
    record Leaf(int id, Type.PrimitiveType type, List<String> physicalPath) {}

    /** A top-level column: its logical and physical names. */
    record Column(int id, String name, String physicalName, Type type) {}

    record Converted(
            Schema schema, int lastColumnId, NameMapping nameMapping, List<Leaf> leaves, List<Column> columns) {}

    private final String table;
    private final boolean mapped;
    private int nextId;
    private int maxId;
    private final List<Leaf> leaves = new ArrayList<>();

    private DeltaSchemas(String table, boolean mapped, int firstFreeId) {
        this.table = table;
        this.mapped = mapped;
        this.nextId = firstFreeId;
        this.maxId = firstFreeId - 1;
    }

    static Converted convert(String table, String schemaString, Map<String, String> configuration) {
        String mode =
                configuration.getOrDefault("delta.columnMapping.mode", "none").toLowerCase(Locale.ROOT);
        boolean mapped = mode.equals("name") || mode.equals("id");
        JsonNode root;
        try {
            root = JSON.readTree(schemaString);
        } catch (java.io.IOException e) {
            throw new TableException(
                    Kind.DAMAGED, "Table '" + table + "' cannot be read: its schema is not valid JSON", e);
        }
        int first = 1;
        if (mapped) {
            first = Math.max(first, parseInt(configuration.get("delta.columnMapping.maxColumnId")) + 1);
            first = Math.max(first, maxMappedId(root) + 1);
        }
        DeltaSchemas s = new DeltaSchemas(table, mapped, first);
        List<Types.NestedField> fields = new ArrayList<>();
        List<MappedField> mapping = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (JsonNode field : root.path("fields")) {
            Types.NestedField converted = s.field(field, List.of(), mapping);
            fields.add(converted);
            columns.add(
                    new Column(converted.fieldId(), converted.name(), physicalName(field, mapped), converted.type()));
        }
        return new Converted(
                new Schema(fields), s.maxId, NameMapping.of(mapping), List.copyOf(s.leaves), List.copyOf(columns));
    }

    private Types.NestedField field(JsonNode field, List<String> parentPath, List<MappedField> mapping) {
        String name = field.path("name").asText();
        String physical = physicalName(field, mapped);
        JsonNode metadata = field.path("metadata");
        if (metadata.has("delta.typeChanges")) {
            throw unsupported("column '" + name + "' had its type widened (Delta feature 'typeWidening'):"
                    + " its older files hold the narrower type");
        }
        int id;
        if (mapped) {
            if (!metadata.path(ID).canConvertToInt()) {
                throw unsupported("column '" + name + "' has no column mapping id (" + ID + ")");
            }
            id = metadata.path(ID).asInt();
            maxId = Math.max(maxId, id);
        } else {
            id = fresh();
        }
        List<String> path = new ArrayList<>(parentPath);
        path.add(physical);
        List<MappedField> nested = new ArrayList<>();
        Type type = type(id, name, field.path("type"), path, String.join(".", path), metadata, nested, true);
        mapping.add(
                nested.isEmpty()
                        ? MappedField.of(id, physical)
                        : MappedField.of(id, physical, MappedFields.of(nested)));
        boolean nullable = field.path("nullable").asBoolean(true);
        return nullable ? Types.NestedField.optional(id, name, type) : Types.NestedField.required(id, name, type);
    }

    /**
     * {@code statsPath}: the physical path when the value is reachable through structs only (statistics
     * describe it), else null. {@code nestedKey}: the key of this value in its column's nested ids.
     */
    private Type type(
            int ownerId,
            String column,
            JsonNode type,
            List<String> statsPath,
            String nestedKey,
            JsonNode columnMetadata,
            List<MappedField> mapping,
            boolean statsReachable) {
        if (type.isTextual()) {
            Type.PrimitiveType primitive = primitive(column, type.asText());
            if (statsReachable && statsPath != null) {
                leaves.add(new Leaf(ownerId, primitive, List.copyOf(statsPath)));
            }
            return primitive;
        }
        String kind = type.path("type").asText();
        switch (kind) {
            case "struct" -> {
                List<Types.NestedField> fields = new ArrayList<>();
                for (JsonNode field : type.path("fields")) {
                    fields.add(statsReachable ? field(field, statsPath, mapping) : unreachableField(field, mapping));
                }
                return Types.StructType.of(fields);
            }
            case "array" -> {
                int elementId = nestedId(column, columnMetadata, nestedKey + ".element");
                List<MappedField> inner = new ArrayList<>();
                Type element = type(
                        elementId,
                        column,
                        type.path("elementType"),
                        null,
                        nestedKey + ".element",
                        columnMetadata,
                        inner,
                        false);
                // Parquet writers name the element "element" (the spec) or "item" (Arrow's older default).
                mapping.add(MappedField.of(
                        elementId, List.of("element", "item"), inner.isEmpty() ? null : MappedFields.of(inner)));
                return type.path("containsNull").asBoolean(true)
                        ? Types.ListType.ofOptional(elementId, element)
                        : Types.ListType.ofRequired(elementId, element);
            }
            case "map" -> {
                int keyId = nestedId(column, columnMetadata, nestedKey + ".key");
                int valueId = nestedId(column, columnMetadata, nestedKey + ".value");
                List<MappedField> keyInner = new ArrayList<>();
                List<MappedField> valueInner = new ArrayList<>();
                Type key = type(
                        keyId, column, type.path("keyType"), null, nestedKey + ".key", columnMetadata, keyInner, false);
                Type value = type(
                        valueId,
                        column,
                        type.path("valueType"),
                        null,
                        nestedKey + ".value",
                        columnMetadata,
                        valueInner,
                        false);
                mapping.add(MappedField.of(keyId, "key", keyInner.isEmpty() ? null : MappedFields.of(keyInner)));
                mapping.add(
                        MappedField.of(valueId, "value", valueInner.isEmpty() ? null : MappedFields.of(valueInner)));
                return type.path("valueContainsNull").asBoolean(true)
                        ? Types.MapType.ofOptional(keyId, valueId, key, value)
                        : Types.MapType.ofRequired(keyId, valueId, key, value);
            }
            default -> throw unsupported("column '" + column + "' has type " + type + ", which Iceberg lacks");
        }
    }

    /** A struct field inside a list or map: no statistics reach it. */
    private Types.NestedField unreachableField(JsonNode field, List<MappedField> mapping) {
        int before = leaves.size();
        Types.NestedField converted = field(field, List.of(), mapping);
        leaves.subList(before, leaves.size()).clear();
        return converted;
    }

    private int fresh() {
        int id = nextId++;
        maxId = Math.max(maxId, id);
        return id;
    }

    private int nestedId(String column, JsonNode columnMetadata, String key) {
        if (!mapped) {
            return fresh();
        }
        JsonNode ids = columnMetadata.path(NESTED_IDS);
        if (!ids.path(key).canConvertToInt()) {
            // Delta writers put field ids in the files under column mapping; an element without a
            // known id would be read as missing by Iceberg readers, which match files by id.
            throw unsupported("column '" + column + "' holds a list or map under column mapping without"
                    + " column ids for its elements (" + NESTED_IDS + ")");
        }
        int id = ids.path(key).asInt();
        maxId = Math.max(maxId, id);
        return id;
    }

    private Type.PrimitiveType primitive(String column, String name) {
        String type = name.toLowerCase(Locale.ROOT);
        Type.PrimitiveType primitive = switch (type) {
            case "boolean" -> Types.BooleanType.get();
            // Iceberg has no 8- or 16-bit integers; Parquet keeps them as 32-bit integers.
            case "byte", "short", "integer" -> Types.IntegerType.get();
            case "long" -> Types.LongType.get();
            case "float" -> Types.FloatType.get();
            case "double" -> Types.DoubleType.get();
            case "string" -> Types.StringType.get();
            case "binary" -> Types.BinaryType.get();
            case "date" -> Types.DateType.get();
            case "timestamp" -> Types.TimestampType.withZone();
            case "decimal" -> Types.DecimalType.of(10, 0);
            case "timestamp_ntz" ->
                throw unsupported(
                        "column '" + column + "' is a timestamp without time zone" + " (Delta feature 'timestampNtz')");
            default -> {
                Matcher m = DECIMAL.matcher(type);
                if (m.matches()) {
                    yield Types.DecimalType.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                }
                throw unsupported("column '" + column + "' has type " + name + ", which Iceberg lacks");
            }
        };
        return primitive;
    }

    private static String physicalName(JsonNode field, boolean mapped) {
        JsonNode physical = field.path("metadata").path(PHYSICAL);
        return mapped && physical.isTextual()
                ? physical.asText()
                : field.path("name").asText();
    }

    private static int maxMappedId(JsonNode node) {
        int max = 0;
        if (node.isObject()) {
            JsonNode id = node.path("metadata").path(ID);
            if (id.canConvertToInt()) {
                max = id.asInt();
            }
            JsonNode nested = node.path("metadata").path(NESTED_IDS);
            for (JsonNode n : nested) {
                if (n.canConvertToInt()) {
                    max = Math.max(max, n.asInt());
                }
            }
        }
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                max = Math.max(max, maxMappedId(child));
            }
        }
        return max;
    }

    private static int parseInt(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private TableException unsupported(String what) {
        return unsupported(table, what);
    }

    static TableException unsupported(String table, String what) {
        return new TableException(Kind.UNSUPPORTED, "Table '" + table + "' cannot be served as Iceberg: " + what, null);
    }
}
