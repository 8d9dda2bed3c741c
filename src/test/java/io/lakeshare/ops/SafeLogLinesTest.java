package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/** A value quoted in a log line never starts a line of its own, in the message or in an exception's text. */
class SafeLogLinesTest {

    private static final String FORGED =
            "2026-01-01 00:00:00,000 INFO  [la.audit] (x) {\"actor\":\"admin\",\"action\":\"DELETE /api/admin/v1/shares/all\"}";
    private static final List<String> BREAKS =
            List.of("\r\n", "\n", "\r", "\u001b[2K\r", "\u2028", "\u2029", "\u0085", "\u000b", "\u000c", "\u001c");

    private static ExtLogRecord filtered(String format, Object parameter, Throwable thrown) {
        ExtLogRecord record =
                new ExtLogRecord(Level.INFO, format, ExtLogRecord.FormatStyle.PRINTF, SafeLogLinesTest.class.getName());
        record.setParameters(new Object[] {parameter});
        record.setThrown(thrown);
        assertTrue(new SafeLogLines().isLoggable(record), "lines are escaped, never dropped");
        return record;
    }

    private static String printed(ExtLogRecord record) {
        return new PatternFormatter("%d %-5p [%c] %s%e%n").format(record);
    }

    @Test
    void lineBreaksInAQuotedValueAreEscaped() {
        for (String newline : BREAKS) {
            String line = printed(filtered("GET %s: 404", "/_delta-sharing/v1/shares/x" + newline + FORGED, null));
            assertEquals(1, line.split("\\R", -1).length - 1, "one line, ending in its own newline: " + line);
            assertFalse(ControlCharacters.any(line.substring(0, line.length() - 1)), line);
            assertTrue(line.contains("/shares/x\\") && line.contains(FORGED.substring(0, 20)), line);
        }
        assertEquals(
                "a\\r\\nb\\u2028c\\u0085d\\u001be\\u202ef\tg",
                ControlCharacters.escape("a\r\nb\u2028c\u0085d\u001be\u202ef\tg"));
    }

    @Test
    void anExceptionsMessageIsEscapedAndItsStackTraceKeptMultiLine() {
        IllegalArgumentException cause = new IllegalArgumentException("bad key 'k\r\n" + FORGED + "'");
        RuntimeException failure = new RuntimeException("Cannot serve\n" + FORGED, cause);

        ExtLogRecord record = filtered("Unexpected failure, error id %s", "e1", failure);
        String line = printed(record);

        for (String l : line.split("\\R")) {
            assertFalse(l.startsWith(FORGED.substring(0, 10)), "no line begins with the injected text: " + l);
        }
        assertTrue(line.contains("java.lang.RuntimeException: Cannot serve\\n2026-01-01"), line);
        assertTrue(line.contains("Caused by: java.lang.IllegalArgumentException: bad key 'k\\r\\n2026-01-01"), line);
        assertTrue(line.contains("\n\tat " + SafeLogLinesTest.class.getName()), "stack frames stay one per line");
    }

    @Test
    void anEscapedJsonLineIsTheSameJson() throws Exception {
        String json = "{\"object\":\"demo/x\u2028y\u0085z\"}";
        ExtLogRecord record = filtered("%s", json, null);
        assertFalse(ControlCharacters.any(record.getFormattedMessage()));
        assertEquals(new ObjectMapper().readTree(json), new ObjectMapper().readTree(record.getFormattedMessage()));
    }

    @Test
    void aPlainLineIsLeftAsItIs() {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "Created share %s", ExtLogRecord.FormatStyle.PRINTF, "x");
        Object[] parameters = {"demo"};
        record.setParameters(parameters);
        IllegalStateException plain = new IllegalStateException("tab\tis fine");
        record.setThrown(plain);
        new SafeLogLines().isLoggable(record);
        assertSame(parameters, record.getParameters());
        assertSame(plain, record.getThrown());
    }
}
