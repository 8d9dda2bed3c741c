package io.lakeshare.sharing;

import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.tables.TableSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides how a snapshot is served. The parquet response format cannot express deletion vectors or
 * column mapping, so a table that uses them is refused rather than served wrongly (a recipient
 * would count deleted rows, or read physical column names). Features that only concern how the log
 * is written are resolved by the server and need nothing from the client.
 */
final class ResponseFormats {

    static final String PARQUET = "parquet";

    /** Reader features that change nothing about the data files a recipient reads. */
    private static final Set<String> LOG_ONLY_FEATURES = Set.of("v2Checkpoint", "vacuumProtocolCheck",
            "checkpointProtection", "inCommitTimestamp", "timestampNtz", "deletionVectors", "columnMapping");

    private ResponseFormats() {}

    /** The format to answer in; throws when the table cannot be served correctly to this client. */
    static String choose(Capabilities capabilities, TableSnapshot snapshot, String table) {
        List<String> needs = new ArrayList<>();
        String mapping = snapshot.metadata().configuration().getOrDefault("delta.columnMapping.mode", "none");
        if (!"none".equalsIgnoreCase(mapping)) {
            needs.add("column mapping (mode " + mapping + ")");
        }
        long withDv = snapshot.summary().filesWithDeletionVectors();
        if (withDv > 0) {
            needs.add("deletion vectors (" + withDv + " file(s) have deleted rows)");
        }
        for (String feature : snapshot.protocol().readerFeatures()) {
            if (!LOG_ONLY_FEATURES.contains(feature)) {
                needs.add("the '" + feature + "' table feature");
            }
        }
        if (!needs.isEmpty()) {
            throw new LakeshareException(ErrorCode.UNSUPPORTED_OPERATION, "Table '" + table + "' uses "
                    + String.join(" and ", needs) + ", which the parquet response format cannot express, and this server"
                    + " does not serve the delta response format yet. Ask the provider to share a copy without these features.");
        }
        // A client asking for delta alone accepts a parquet answer (the protocol allows servers without it).
        return PARQUET;
    }
}
