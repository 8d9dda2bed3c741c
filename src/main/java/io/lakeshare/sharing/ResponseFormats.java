package io.lakeshare.sharing;

import io.lakeshare.errors.ErrorCode;
import io.lakeshare.errors.LakeshareException;
import io.lakeshare.tables.TableSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides the response format (PROTOCOL.md, "Delta Sharing Capabilities Header"). The parquet format cannot express deletion
 * vectors or column mapping, so a table that uses them goes out in the delta format to clients that
 * declare those reader features, and is refused otherwise: never served wrongly (a recipient would
 * count deleted rows, or read physical column names). Features are judged by use, not by the
 * protocol alone: a table whose deletion vectors are enabled but none exist in this snapshot reads
 * correctly as parquet.
 */
final class ResponseFormats {

    static final String PARQUET = "parquet";
    static final String DELTA = "delta";

    /** Reader features that concern how the log is kept; the server resolves them itself. */
    private static final Set<String> LOG_ONLY = Set.of(
            "v2checkpoint",
            "vacuumprotocolcheck",
            "checkpointprotection",
            "incommittimestamp",
            "timestampntz",
            "deletionvectors",
            "columnmapping");

    private ResponseFormats() {}

    static String choose(Capabilities capabilities, TableSnapshot snapshot, String table) {
        List<String> needs = new ArrayList<>();
        List<String> why = new ArrayList<>();
        String mapping = snapshot.metadata().configuration().getOrDefault("delta.columnMapping.mode", "none");
        if (!"none".equalsIgnoreCase(mapping)) {
            needs.add("columnmapping");
            why.add("column mapping (mode " + mapping + ")");
        }
        long withDv = snapshot.totals().filesWithDeletionVectors();
        if (withDv > 0) {
            needs.add("deletionvectors");
            why.add("deletion vectors (" + withDv + " file(s) have deleted rows)");
        }
        for (String feature : snapshot.protocol().readerFeatures()) {
            String key = feature.toLowerCase(Locale.ROOT);
            if (!LOG_ONLY.contains(key)) {
                needs.add(key);
                why.add("the '" + feature + "' table feature");
            }
        }
        // timestamp_ntz is expressible in parquet, but clients that take either format read it best
        // through the delta format (the Python connector's parquet path cannot parse the type).
        boolean ntz = snapshot.protocol().readerFeatures().stream().anyMatch(f -> f.equalsIgnoreCase("timestampNtz"));
        boolean delta = capabilities.accepts(DELTA) && (!capabilities.accepts(PARQUET) || !needs.isEmpty() || ntz);
        if (!delta) {
            if (!needs.isEmpty()) {
                throw new LakeshareException(
                        ErrorCode.UNSUPPORTED_OPERATION,
                        "Table '" + table + "' uses "
                                + String.join(" and ", why)
                                + ", which the parquet response format cannot express; read it in the"
                                + " delta response format (for example use_delta_format=True in the Python connector)");
            }
            return PARQUET;
        }
        Set<String> missing = new TreeSet<>(needs);
        missing.removeAll(capabilities.readerFeatures());
        if (!missing.isEmpty()) {
            throw new LakeshareException(
                    ErrorCode.UNSUPPORTED_OPERATION,
                    "Table '" + table + "' uses " + String.join(" and ", why)
                            + "; the client must declare the reader feature(s) " + String.join(", ", missing)
                            + " in the delta-sharing-capabilities header to read it");
        }
        return DELTA;
    }
}
