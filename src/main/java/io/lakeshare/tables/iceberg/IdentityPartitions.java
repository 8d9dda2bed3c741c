package io.lakeshare.tables.iceberg;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Identity partitions presented as Delta partition columns. Iceberg readers take an identity
 * partition's value from the manifest, not the data file (files of tables migrated from Hive do not
 * hold the column at all); Delta readers do the same with partition values. A column qualifies when
 * every partition spec the snapshot's files were written with partitions it by identity (so every
 * file carries its value), it is a top-level column, and its type has a Delta partition value form.
 * Decided from the snapshot's own manifests, so a version reads the same whenever it is loaded.
 */
final class IdentityPartitions {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final List<Types.NestedField> columns;
    /** Per spec id, where each column's value sits in a file's partition tuple. */
    private final Map<Integer, int[]> positions = new HashMap<>();

    /**
     * {@code inUse}: the specs of the snapshot's files (none for an empty snapshot); {@code all}: every
     * spec of the table, by id.
     */
    IdentityPartitions(Collection<PartitionSpec> inUse, Map<Integer, PartitionSpec> all, Schema schema) {
        List<Types.NestedField> found = new ArrayList<>();
        PartitionSpec newest = inUse.stream()
                .max(java.util.Comparator.comparingInt(PartitionSpec::specId))
                .orElse(null);
        for (PartitionField field : newest == null ? List.<PartitionField>of() : newest.fields()) {
            Types.NestedField column = schema.asStruct().field(field.sourceId());
            if (field.transform().isIdentity()
                    && column != null
                    && hasDeltaForm(column)
                    && everywhere(field.sourceId(), inUse)
                    && !found.contains(column)) {
                found.add(column);
            }
        }
        this.columns = List.copyOf(found);
        for (PartitionSpec spec : all.values()) {
            int[] at = new int[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                at[c] = identityPosition(spec, columns.get(c).fieldId());
            }
            positions.put(spec.specId(), at);
        }
    }

    /** The logical names of the partition columns, in the order of the newest spec in use. */
    List<String> names() {
        return columns.stream().map(Types.NestedField::name).toList();
    }

    /** A file's partition values, keyed as its columns are (physical names under column mapping). */
    Map<String, String> of(DataFile file, boolean columnMapping) {
        if (columns.isEmpty()) {
            return Map.of();
        }
        int[] at = positions.get(file.specId());
        Map<String, String> values = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            Types.NestedField column = columns.get(c);
            Object value = file.partition().get(at[c], Object.class);
            values.put(IcebergSchemas.physicalName(column, columnMapping), value == null ? null : text(column, value));
        }
        return values;
    }

    /** The value as Delta writes partition values (timestamps in UTC, to the microsecond). */
    private static String text(Types.NestedField column, Object value) {
        return switch (column.type().typeId()) {
            case DATE -> LocalDate.ofEpochDay((Integer) value).toString();
            case TIMESTAMP -> {
                long micros = (Long) value;
                yield TIMESTAMP.format(Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000));
            }
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            default -> value.toString();
        };
    }

    private static boolean hasDeltaForm(Types.NestedField column) {
        return switch (column.type().typeId()) {
            case STRING, BOOLEAN, INTEGER, LONG, DATE, DECIMAL, TIMESTAMP -> true;
            default ->
                false; // binary, fixed and uuid have no partition value text clients parse; floats are left alone
        };
    }

    private static boolean everywhere(int sourceId, Collection<PartitionSpec> specs) {
        return specs.stream().allMatch(spec -> identityPosition(spec, sourceId) >= 0);
    }

    private static int identityPosition(PartitionSpec spec, int sourceId) {
        List<PartitionField> fields = spec.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).sourceId() == sourceId
                    && fields.get(i).transform().isIdentity()) {
                return i;
            }
        }
        return -1;
    }
}
