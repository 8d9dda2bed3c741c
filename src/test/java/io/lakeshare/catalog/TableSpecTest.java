package io.lakeshare.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.errors.LakeshareException;
import org.junit.jupiter.api.Test;

class TableSpecTest {

    @Test
    void parsesTheOwnersForm() {
        TableSpec spec = TableSpec.parse("default", "employees:delta:analytics:employees/");
        assertEquals(new TableSpec("default", "employees", TableFormat.DELTA, "analytics", "employees/"), spec);
    }

    @Test
    void parsesTheFormWithASchema() {
        TableSpec spec = TableSpec.parseWithSchema("hr:employees:ICEBERG:analytics:/a/b");
        assertEquals(new TableSpec("hr", "employees", TableFormat.ICEBERG, "analytics", "a/b/"), spec);
        assertEquals("hr:employees:iceberg:analytics:a/b/", spec.render());
    }

    @Test
    void aTableOfARestCatalogIsNamedByWarehouseNamespaceAndTable() {
        TableSpec spec = TableSpec.parse("s", "orders:iceberg-rest:lake:team.sales:orders");
        assertEquals(new TableSpec("s", "orders", TableFormat.ICEBERG_REST, "lake", "team.sales:orders"), spec);
        assertEquals("s:orders:iceberg-rest:lake:team.sales:orders", spec.render());
        assertEquals(spec, TableSpec.parseWithSchema("s:orders:iceberg-rest:lake:team.sales:orders"));
        // Its earlier name is still understood.
        assertEquals(spec, TableSpec.parse("s", "orders:uniform:lake:team.sales:orders"));
        assertMessage("namespace:table", () -> TableSpec.parse("s", "orders:uniform:lake:orders"));
        assertMessage("namespace:table", () -> TableSpec.parse("s", "orders:uniform:lake:team..sales:orders"));
        assertMessage("Invalid warehouse", () -> TableSpec.parse("s", "orders:uniform:la/ke:team:orders"));
    }

    @Test
    void thePrefixKeepsColonsAndMayBeEmpty() {
        assertEquals("x:y/", TableSpec.parse("s", "t:delta:bucket1:x:y").prefix());
        assertEquals("", TableSpec.parse("s", "t:delta:bucket1:").prefix());
    }

    @Test
    void errorsNameThePartAndTheForm() {
        assertMessage("needs 4", () -> TableSpec.parse("s", "t:delta:bucket1"));
        assertMessage("name:format:bucket:prefix", () -> TableSpec.parse("s", "t:delta:bucket1"));
        assertMessage("schema:name:format:bucket:prefix", () -> TableSpec.parseWithSchema("t:delta:bucket1:p"));
        assertMessage("Unknown format 'csv'", () -> TableSpec.parse("s", "t:csv:bucket1:p"));
        assertMessage("bucket is empty", () -> TableSpec.parse("s", "t:delta::p"));
        assertMessage("Invalid bucket 'Upper'", () -> TableSpec.parse("s", "t:delta:Upper:p"));
        assertMessage("table name is empty", () -> TableSpec.parse("s", ":delta:bucket1:p"));
        assertMessage("Invalid schema name 'a b'", () -> TableSpec.parse("a b", "t:delta:bucket1:p"));
        assertMessage("'..'", () -> TableSpec.parse("s", "t:delta:bucket1:a/../b"));
        assertMessage("empty segment", () -> TableSpec.parse("s", "t:delta:bucket1:a//b"));
        assertMessage("Empty table spec", () -> TableSpec.parse("s", " "));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        LakeshareException e = assertThrows(LakeshareException.class, call);
        assertEquals(400, e.status());
        assertTrue(
                e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
