package io.lakeshare.tables.skipping;

import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.TableMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An exact filter on partition values, as a partition scope needs it (not a hint: a file is admitted
 * only when its partition values prove every row of it is in scope). Each condition names a
 * partition column and the values it may have; a file is admitted when every condition holds.
 * Values compare in the column's type (so {@code 2024} matches {@code 2024.0} of a decimal column,
 * and a string compares exactly); a null partition value never matches; a condition with no values,
 * or on a column that is not a partition column of the table, admits nothing.
 */
public final class PartitionFilter {

    /** {@code column} must have one of {@code values} (as text, parsed in the column's type). */
    public record Condition(String column, List<String> values) {}

    private record Prepared(String physical, ValueType type, List<Comparable<?>> values) {}

    private final List<Prepared> conditions;
    private final List<String> notPartitionColumns;

    private PartitionFilter(List<Prepared> conditions, List<String> notPartitionColumns) {
        this.conditions = conditions;
        this.notPartitionColumns = notPartitionColumns;
    }

    /** The filter for {@code conditions} over the partitions of a table with {@code metadata}. */
    public static PartitionFilter of(List<Condition> conditions, TableMetadata metadata) {
        Map<String, ValueType> types = SqlPredicates.partitionTypes(metadata);
        Map<String, String> physical = PhysicalNames.of(metadata);
        List<String> missing = notPartitionColumns(conditions, metadata);
        List<Prepared> prepared = new ArrayList<>();
        for (Condition c : conditions) {
            String key = c.column().toLowerCase(Locale.ROOT);
            ValueType type = types.getOrDefault(key, ValueType.STRING);
            List<Comparable<?>> values = new ArrayList<>();
            for (String v : c.values()) {
                type.parse(v).ifPresent(values::add);
            }
            prepared.add(new Prepared(physical.getOrDefault(key, c.column()), type, values));
        }
        return new PartitionFilter(prepared, missing);
    }

    /** The columns of {@code conditions} that are not partition columns of the table, as written. */
    public static List<String> notPartitionColumns(List<Condition> conditions, TableMetadata metadata) {
        List<String> missing = new ArrayList<>();
        for (Condition c : conditions) {
            boolean partition = metadata.partitionColumns().stream().anyMatch(p -> p.equalsIgnoreCase(c.column()));
            if (!partition && !missing.contains(c.column())) {
                missing.add(c.column());
            }
        }
        return missing;
    }

    /** Whether the filter can admit no file at all: a condition on a column the table is not partitioned by. */
    public boolean admitsNothing() {
        return !notPartitionColumns.isEmpty()
                || conditions.stream().anyMatch(c -> c.values().isEmpty());
    }

    /** Whether every row of {@code file} is in scope, by its partition values. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean admits(DataFile file) {
        if (admitsNothing()) {
            return false;
        }
        for (Prepared c : conditions) {
            Optional<Comparable> value = partitionValue(file.partitionValues(), c);
            if (value.isEmpty()) {
                return false;
            }
            boolean any = false;
            for (Comparable<?> allowed : c.values()) {
                if (((Comparable) allowed).compareTo(value.get()) == 0) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("rawtypes")
    private static Optional<Comparable> partitionValue(Map<String, String> values, Prepared c) {
        if (values == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(c.physical())) {
                String raw = e.getValue();
                return raw == null || raw.isEmpty()
                        ? Optional.empty()
                        : c.type().parse(raw);
            }
        }
        return Optional.empty();
    }
}
