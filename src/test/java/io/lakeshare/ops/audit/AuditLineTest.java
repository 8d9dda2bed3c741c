package io.lakeshare.ops.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** An audit line is one JSON object on one line, whatever its values hold, even where no log filter runs. */
class AuditLineTest {

    @Test
    void valuesCannotBreakTheLine() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode record = json.createObjectNode();
        String forged = "x\r\n{\"actor\":\"admin\"}\u2028\u2029\u0085\u001b[0m\u007f\u202e";
        record.put("action", "POST /api/admin/v1/shares/" + forged);
        record.put("object", "demo/S\u00e3o Paulo/part-0.parquet");

        String line = AuditLog.toLine(record);

        assertEquals(1, line.split("\\R", -1).length, line);
        assertFalse(
                line.chars()
                        .anyMatch(
                                c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0x202e),
                line);
        assertEquals(record, json.readTree(line));
        assertEquals(
                "demo/S\u00e3o Paulo/part-0.parquet",
                json.readTree(line).get("object").asText(),
                "other characters stay readable");
    }
}
