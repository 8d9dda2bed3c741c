package io.lakeshare.tables.skipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.TableMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * File skipping from a query's predicate hints: a file is left out only when its partition values
 * or statistics prove that no row in it can match. Hints are best effort (the recipient filters rows
 * again), so anything unclear keeps the file.
 */
public final class FileFilter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FileFilter ALL = new FileFilter(null);

    private final FilePredicate predicate;
    private final Map<String, String> physicalNames;
    private final int longestLogicalName;

    private FileFilter(FilePredicate predicate) {
        this(predicate, Map.of());
    }

    private FileFilter(FilePredicate predicate, Map<String, String> physicalNames) {
        this.predicate = predicate;
        this.physicalNames = physicalNames;
        this.longestLogicalName = PhysicalNames.longest(physicalNames);
    }

    /** The filter for a query's {@code jsonPredicateHints} and SQL {@code predicateHints} (both optional). */
    public static FileFilter of(String jsonHints, List<String> sqlHints, TableMetadata metadata) {
        List<FilePredicate> parts = new ArrayList<>();
        JsonPredicates.parse(jsonHints).ifPresent(parts::add);
        if (sqlHints != null && !sqlHints.isEmpty()) {
            SqlPredicates.parse(sqlHints, metadata).ifPresent(parts::add);
        }
        if (parts.isEmpty()) {
            return ALL;
        }
        return new FileFilter(
                parts.size() == 1 ? parts.get(0) : new FilePredicate.And(parts), PhysicalNames.of(metadata));
    }

    public boolean skipsNothing() {
        return predicate == null;
    }

    /** False only when no row of the file can match. */
    public boolean mightMatch(DataFile file) {
        if (predicate == null) {
            return true;
        }
        return predicate
                .evaluate(new FileFacts(file.partitionValues(), stats(file.stats()), physicalNames, longestLogicalName))
                .canTrue();
    }

    private static JsonNode stats(String stats) {
        if (stats == null) {
            return null;
        }
        try {
            return JSON.readTree(stats);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** For tests: the parsed form. */
    Optional<FilePredicate> predicate() {
        return Optional.ofNullable(predicate);
    }
}
