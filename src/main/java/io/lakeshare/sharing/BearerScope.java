package io.lakeshare.sharing;

import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.TableSnapshot;
import io.lakeshare.tables.skipping.PartitionFilter;
import java.util.List;

/**
 * The partitions of one table one bearer may see: none of a table without a scope (everything is
 * visible), else its scope with the bearer's recipient properties filled in. Every query that lists
 * or signs files admits only the files this admits.
 */
final class BearerScope {

    static final BearerScope WHOLE_TABLE = new BearerScope(null, "");

    private final List<PartitionFilter.Condition> conditions;
    private final String key;

    private BearerScope(List<PartitionFilter.Condition> conditions, String key) {
        this.conditions = conditions;
        this.key = key;
    }

    static BearerScope of(List<PartitionFilter.Condition> conditions) {
        Object[] parts = new Object[conditions.size() * 2];
        for (int i = 0; i < conditions.size(); i++) {
            parts[2 * i] = conditions.get(i).column();
            parts[2 * i + 1] = QueryTokens.checksum(conditions.get(i).values().toArray());
        }
        return new BearerScope(conditions, "scope:" + QueryTokens.checksum(parts));
    }

    boolean scoped() {
        return conditions != null;
    }

    /**
     * What page tokens and cached answers are keyed by: equal for bearers who see the same files
     * ("" for a table without a scope, so that its tokens stay as they were).
     */
    String key() {
        return key;
    }

    /** The files of a table with {@code metadata} that are in scope. */
    Admission admission(TableMetadata metadata) {
        if (!scoped()) {
            return file -> true;
        }
        PartitionFilter filter = PartitionFilter.of(conditions, metadata);
        return filter::admits;
    }

    /** Whether a file is in scope. */
    interface Admission {
        boolean admits(DataFile file);
    }

    /** The size and number of the files in scope ({@code [bytes, files]}): a pass over the snapshot's files. */
    long[] totals(TableSnapshot snapshot) {
        if (!scoped()) {
            return new long[] {
                snapshot.totals().sizeInBytes(), snapshot.totals().numFiles()
            };
        }
        Admission admission = admission(snapshot.metadata());
        long[] totals = {0, 0};
        snapshot.forEachFile(file -> {
            if (admission.admits(file)) {
                totals[0] += file.size();
                totals[1]++;
            }
            return true;
        });
        return totals;
    }
}
