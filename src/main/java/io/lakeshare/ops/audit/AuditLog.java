package io.lakeshare.ops.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakeshare.ops.ControlCharacters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * One JSON line per admin change and per recipient table access, in the log category
 * {@code lakeshare.audit}, so that it can be routed, kept and shipped apart from the server's log.
 * Who (token id and share, or the admin credential), what (method, endpoint, table, version, files,
 * bytes; for a data file fetched through the server's signed URL, the object and its bytes) and the
 * result (status; canceled when the client went away, aborted when the server cut
 * the response at the shutdown deadline).
 */
@ApplicationScoped
public class AuditLog {

    public static final String CATEGORY = "lakeshare.audit";
    static final String RECORD_KEY = "lakeshare.audit";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    @Inject
    UsageMeter usage;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter LINE = JSON.writer().with(new OneLineEscapes());

    /** How a request ended: its response complete, its client gone, or cut by this server at shutdown. */
    public enum Ending {
        COMPLETED,
        CANCELED,
        ABORTED
    }

    /** Whether the request's answer failed after it began (cut by this server, not canceled by its client). */
    public boolean failed(RoutingContext request) {
        AuditRecord record = request.get(RECORD_KEY);
        return record != null && record.failed();
    }

    /** Starts the record of a request; resources add to it through {@link AuditTrail}. */
    public void begin(RoutingContext request) {
        request.put(RECORD_KEY, new AuditRecord());
    }

    /** The filters a query came with and the files they ruled out, so owners see whether recipients' filters work. */
    private static void hints(ObjectNode line, AuditRecord record) {
        if (record.jsonHints() != null || record.sqlHints() != null || record.limitHint() != null) {
            ObjectNode hints = line.putObject("hints");
            if (record.jsonHints() != null) {
                hints.put("json", record.jsonHints());
            }
            if (record.sqlHints() != null) {
                record.sqlHints().forEach(hints.putArray("sql")::add);
            }
            if (record.limitHint() != null) {
                hints.put("limit", record.limitHint());
            }
        }
        if (record.skipped() >= 0) {
            line.put("skipped", record.skipped());
        }
    }

    /** Writes the request's line, if it was an admin change or a table access. */
    public void end(RoutingContext request, Ending ending, long startedNanos) {
        AuditRecord record = request.get(RECORD_KEY);
        String path = request.request().path();
        boolean adminChange = path.startsWith("/api/admin/")
                && !"GET".equals(request.request().method().name());
        if (record == null || !(record.isTableAccess() || adminChange)) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("time", Instant.now().toString());
        if (adminChange) {
            line.put("actor", "admin");
            line.put("action", request.request().method().name() + " " + path);
            if (record.replacementTokenId() != null) {
                line.put("tokenId", record.tokenId());
                line.put("newTokenId", record.replacementTokenId());
            }
        } else {
            line.put("actor", "recipient");
            line.put("tokenId", record.tokenId());
            if (record.object() != null) {
                // A download through a signed URL: the object read; its share is the token's.
                line.put("object", record.object());
            } else {
                line.put("share", record.share());
                line.put("table", record.table());
            }
            line.put("endpoint", record.endpoint());
            if (record.version() != null) {
                line.put("version", record.version());
            }
            if (record.files() >= 0) {
                line.put("files", record.files());
            }
            if (record.credentialsExpiry() != null) {
                line.put("credentialsExpireAt", record.credentialsExpiry().toString());
            }
            hints(line, record);
            line.put("bytes", request.response().bytesWritten());
        }
        line.put("status", request.response().getStatusCode());
        // An answer that failed after it began is failed, whether its end line told the client or the transfer was cut.
        line.put(
                "result",
                record != null && record.failed()
                        ? "failed"
                        : switch (ending) {
                            case CANCELED -> "canceled";
                            case ABORTED -> "aborted";
                            case COMPLETED -> request.response().getStatusCode() < 400 ? "ok" : "refused";
                        });
        line.put("durationMs", (System.nanoTime() - startedNanos) / 1_000_000);
        if (!adminChange && "ok".equals(line.path("result").asText())) {
            countUsage(request, record);
        }
        try {
            LOG.info(toLine(line));
        } catch (JsonProcessingException e) {
            LOG.warn("Could not write an audit line", e);
        }
    }

    /** A recipient's completed request, in its usage: a table request, or a data file it fetched. */
    private void countUsage(RoutingContext request, AuditRecord record) {
        long bytes = request.response().bytesWritten();
        if (record.object() != null) {
            if ("GET".equals(request.request().method().name())) {
                usage.download(record.urlHolder(), record.object(), bytes);
            }
        } else {
            usage.table(record, Math.max(0, record.files()), bytes);
        }
    }

    /** The record as one JSON object on one line. */
    static String toLine(ObjectNode record) throws JsonProcessingException {
        return LINE.writeValueAsString(record);
    }

    /**
     * Besides what JSON must escape (CR, LF and the other C0 controls), the characters a log reader
     * may take for the end of a line (NEL, U+2028, U+2029) and the other controls are escaped too, so
     * that a line stays one line even in a handler an operator set up without the log filter.
     */
    private static final class OneLineEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        OneLineEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return ControlCharacters.needsEscape(c) ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }
}
