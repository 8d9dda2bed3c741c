package io.lakeshare.tables.iceberg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Iceberg schemas as the Spark struct JSON of a Delta {@code schemaString}. Columns keep their
 * Iceberg field ids when the table's history needs them: after a rename (or a drop and re-add under
 * the same name) only ids match data files to columns, so the table is then described with Delta
 * column mapping in {@code id} mode and physical names {@code col-<id>} that no real column can
 * take.
 */
final class IcebergSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IcebergSchemas() {}

    /**
     * True when recipients must match this snapshot's columns to data files by field id: when a
     * column had another name, or its name another column, in a schema data files of the snapshot
     * may have been written with (its own and its ancestors'); or when a name is not a plain
     * identifier, which Iceberg's writers store in Parquet under a sanitized name ({@code a-b} as
     * {@code a_x2Db}). Decided from the snapshot's own history only, so a version reads the same
     * whenever it is loaded.
     */
    static boolean needsColumnMapping(Schema current, Collection<Schema> writtenWith) {
        if (hasUnsafeName(current.asStruct())) {
            return true;
        }
        Map<Integer, String> names = current.idToName();
        for (Schema old : writtenWith) {
            for (Map.Entry<Integer, String> column : old.idToName().entrySet()) {
                String now = names.get(column.getKey());
                if (now != null && !now.equals(column.getValue())) {
                    return true;
                }
                Types.NestedField sameName = current.findField(column.getValue());
                if (sameName != null && sameName.fieldId() != column.getKey()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Names Iceberg writes unchanged into Parquet (Avro's name rule, which its writers enforce). */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static boolean hasUnsafeName(Type type) {
        if (!type.isNestedType()) {
            return false;
        }
        for (Types.NestedField field : type.asNestedType().fields()) {
            if (type.isStructType() && !PLAIN_NAME.matcher(field.name()).matches() || hasUnsafeName(field.type())) {
                return true;
            }
        }
        return false;
    }

    static String physicalName(Types.NestedField field, boolean columnMapping) {
        return columnMapping ? "col-" + field.fieldId() : field.name();
    }

    static String toSparkJson(Schema schema, boolean columnMapping) {
        return struct(schema.asStruct(), columnMapping).toString();
    }

    static boolean hasTimestampWithoutZone(Schema schema) {
        return schema.columns().stream().anyMatch(IcebergSchemas::hasTimestampWithoutZone);
    }

    private static boolean hasTimestampWithoutZone(Types.NestedField field) {
        Type type = field.type();
        if (type instanceof Types.TimestampType ts) {
            return !ts.shouldAdjustToUTC();
        }
        return type.isNestedType()
                && type.asNestedType().fields().stream().anyMatch(IcebergSchemas::hasTimestampWithoutZone);
    }

    private static ObjectNode struct(Types.StructType struct, boolean columnMapping) {
        ObjectNode node = JSON.createObjectNode().put("type", "struct");
        ArrayNode fields = node.putArray("fields");
        for (Types.NestedField field : struct.fields()) {
            ObjectNode f = fields.addObject().put("name", field.name());
            f.set("type", type(field.type(), field.name(), columnMapping));
            f.put("nullable", field.isOptional());
            ObjectNode metadata = f.putObject("metadata");
            if (columnMapping) {
                metadata.put("delta.columnMapping.id", field.fieldId());
                metadata.put("delta.columnMapping.physicalName", physicalName(field, true));
            }
            if (field.doc() != null) {
                metadata.put("comment", field.doc());
            }
        }
        return node;
    }

    private static com.fasterxml.jackson.databind.JsonNode type(Type type, String column, boolean columnMapping) {
        switch (type.typeId()) {
            case BOOLEAN:
                return JSON.getNodeFactory().textNode("boolean");
            case INTEGER:
                return JSON.getNodeFactory().textNode("integer");
            case LONG:
                return JSON.getNodeFactory().textNode("long");
            case FLOAT:
                return JSON.getNodeFactory().textNode("float");
            case DOUBLE:
                return JSON.getNodeFactory().textNode("double");
            case DATE:
                return JSON.getNodeFactory().textNode("date");
            case STRING:
                return JSON.getNodeFactory().textNode("string");
            case BINARY:
            case FIXED:
            // Iceberg writes a uuid as 16 bytes (Parquet fixed_len_byte_array(16)); Delta has no uuid
            // type, and calling it a string would describe bytes no reader can decode as one.
            case UUID:
                return JSON.getNodeFactory().textNode("binary");
            case DECIMAL: {
                Types.DecimalType d = (Types.DecimalType) type;
                return JSON.getNodeFactory().textNode("decimal(" + d.precision() + "," + d.scale() + ")");
            }
            case TIMESTAMP:
                return JSON.getNodeFactory()
                        .textNode(((Types.TimestampType) type).shouldAdjustToUTC() ? "timestamp" : "timestamp_ntz");
            case STRUCT:
                return struct(type.asStructType(), columnMapping);
            case LIST: {
                Types.ListType list = type.asListType();
                ObjectNode node = JSON.createObjectNode().put("type", "array");
                node.set("elementType", type(list.elementType(), column, columnMapping));
                return node.put("containsNull", list.isElementOptional());
            }
            case MAP: {
                Types.MapType map = type.asMapType();
                ObjectNode node = JSON.createObjectNode().put("type", "map");
                node.set("keyType", type(map.keyType(), column, columnMapping));
                node.set("valueType", type(map.valueType(), column, columnMapping));
                return node.put("valueContainsNull", map.isValueOptional());
            }
            default:
                // time, nanosecond timestamps, geospatial and variant types have no Delta counterpart
                // every client reads the same way.
                throw new TableException(
                        Kind.UNSUPPORTED,
                        "Column '" + column + "' has the Iceberg type " + type
                                + ", which has no Delta Sharing equivalent; to share this table, keep that column in a"
                                + " supported type (for example a string or a long)",
                        null);
        }
    }
}
