package io.lakeshare.tables.iceberg;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.tables.TableException;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Iceberg schemas as the Spark struct JSON Delta Sharing clients parse. */
class IcebergSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode field(JsonNode struct, String name) {
        for (JsonNode f : struct.get("fields")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name + " in " + struct);
    }

    @Test
    void everyIcebergTypeBecomesTheSparkTypeClientsExpect() throws Exception {
        Schema schema = new Schema(
                required(1, "id", Types.LongType.get()),
                optional(2, "price", Types.DecimalType.of(10, 2)),
                optional(3, "at", Types.TimestampType.withZone()),
                optional(4, "local", Types.TimestampType.withoutZone()),
                optional(5, "raw", Types.FixedType.ofLength(4)),
                optional(6, "tags", Types.ListType.ofOptional(7, Types.StringType.get())),
                optional(8, "attrs", Types.MapType.ofRequired(9, 10, Types.StringType.get(), Types.IntegerType.get())),
                optional(
                        11,
                        "point",
                        Types.StructType.of(
                                optional(12, "x", Types.DoubleType.get()), required(13, "y", Types.FloatType.get()))),
                optional(14, "day", Types.DateType.get()),
                optional(15, "flag", Types.BooleanType.get()),
                optional(16, "blob", Types.BinaryType.get()),
                optional(17, "key", Types.UUIDType.get()));
        JsonNode struct = JSON.readTree(IcebergSchemas.toSparkJson(schema, false));
        assertEquals("struct", struct.get("type").asText());
        assertEquals("long", field(struct, "id").get("type").asText());
        assertFalse(field(struct, "id").get("nullable").asBoolean(), "required columns are not nullable");
        assertEquals("decimal(10,2)", field(struct, "price").get("type").asText());
        assertEquals("timestamp", field(struct, "at").get("type").asText());
        assertEquals("timestamp_ntz", field(struct, "local").get("type").asText());
        assertEquals("binary", field(struct, "raw").get("type").asText());
        assertEquals("binary", field(struct, "blob").get("type").asText());
        assertEquals("binary", field(struct, "key").get("type").asText(), "a uuid is its 16 bytes");
        assertEquals("date", field(struct, "day").get("type").asText());
        assertEquals("boolean", field(struct, "flag").get("type").asText());
        JsonNode tags = field(struct, "tags").get("type");
        assertEquals("array", tags.get("type").asText());
        assertEquals("string", tags.get("elementType").asText());
        assertTrue(tags.get("containsNull").asBoolean());
        JsonNode attrs = field(struct, "attrs").get("type");
        assertEquals("map", attrs.get("type").asText());
        assertEquals("integer", attrs.get("valueType").asText());
        assertFalse(attrs.get("valueContainsNull").asBoolean());
        JsonNode point = field(struct, "point").get("type");
        assertEquals("double", field(point, "x").get("type").asText());
        assertEquals("float", field(point, "y").get("type").asText());
        assertTrue(IcebergSchemas.hasTimestampWithoutZone(schema));
    }

    @Test
    void typesWithoutADeltaCounterpartAreRefusedByColumn() {
        Schema schema = new Schema(optional(1, "id", Types.LongType.get()), optional(2, "opens", Types.TimeType.get()));
        TableException refused = assertThrows(TableException.class, () -> IcebergSchemas.toSparkJson(schema, false));
        assertTrue(
                refused.getMessage().contains("'opens'") && refused.getMessage().contains("time"),
                refused.getMessage());
    }

    @Test
    void columnMappingKeepsFieldIdsUnderPhysicalNamesNoColumnCanTake() throws Exception {
        Schema schema = new Schema(
                optional(1, "id", Types.LongType.get()),
                optional(2, "point", Types.StructType.of(optional(3, "x", Types.DoubleType.get()))));
        JsonNode struct = JSON.readTree(IcebergSchemas.toSparkJson(schema, true));
        JsonNode id = field(struct, "id").get("metadata");
        assertEquals(1, id.get("delta.columnMapping.id").asInt());
        assertEquals("col-1", id.get("delta.columnMapping.physicalName").asText());
        JsonNode x = field(field(struct, "point").get("type"), "x").get("metadata");
        assertEquals("col-3", x.get("delta.columnMapping.physicalName").asText());
    }

    @Test
    void columnMappingIsNeededOnlyAfterARenameOrAReusedName() {
        Schema first =
                new Schema(optional(1, "id", Types.LongType.get()), optional(2, "amount", Types.DoubleType.get()));
        TableMetadata base = TableMetadata.newTableMetadata(
                first, PartitionSpec.unpartitioned(), SortOrder.unsorted(), "s3://b/t", Map.of("format-version", "2"));
        assertFalse(IcebergSchemas.needsColumnMapping(base.schema(), base.schemas()));

        Schema added = new Schema(
                optional(1, "id", Types.LongType.get()),
                optional(2, "amount", Types.DoubleType.get()),
                optional(3, "note", Types.StringType.get()));
        TableMetadata grown =
                TableMetadata.buildFrom(base).setCurrentSchema(added, 3).build();
        assertFalse(
                IcebergSchemas.needsColumnMapping(grown.schema(), grown.schemas()), "adding a column renames nothing");

        Schema renamed =
                new Schema(optional(1, "id", Types.LongType.get()), optional(2, "total", Types.DoubleType.get()));
        TableMetadata afterRename =
                TableMetadata.buildFrom(base).setCurrentSchema(renamed, 2).build();
        assertTrue(IcebergSchemas.needsColumnMapping(afterRename.schema(), afterRename.schemas()));

        Schema reused =
                new Schema(optional(1, "id", Types.LongType.get()), optional(3, "amount", Types.DoubleType.get()));
        TableMetadata afterReuse =
                TableMetadata.buildFrom(base).setCurrentSchema(reused, 3).build();
        assertTrue(
                IcebergSchemas.needsColumnMapping(afterReuse.schema(), afterReuse.schemas()),
                "a dropped name given to a new column");
        assertFalse(
                IcebergSchemas.needsColumnMapping(first, java.util.List.of(first)),
                "a snapshot from before the rename reads by name, whenever it is loaded");
    }

    @Test
    void namesIcebergWritersSanitizeInParquetNeedColumnMapping() {
        assertTrue(IcebergSchemas.needsColumnMapping(
                new Schema(optional(1, "unit price", Types.DoubleType.get())), java.util.List.of()));
        assertTrue(IcebergSchemas.needsColumnMapping(
                new Schema(optional(1, "1st", Types.LongType.get())), java.util.List.of()));
        Schema nested =
                new Schema(optional(1, "point", Types.StructType.of(optional(2, "x-y", Types.DoubleType.get()))));
        assertTrue(IcebergSchemas.needsColumnMapping(nested, java.util.List.of()), "nested fields too");
        Schema plain = new Schema(
                optional(1, "_id", Types.LongType.get()),
                optional(2, "tags", Types.ListType.ofOptional(3, Types.StringType.get())),
                optional(4, "attrs", Types.MapType.ofOptional(5, 6, Types.StringType.get(), Types.StringType.get())));
        assertFalse(IcebergSchemas.needsColumnMapping(plain, java.util.List.of()));
    }
}
