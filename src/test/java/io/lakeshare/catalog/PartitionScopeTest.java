package io.lakeshare.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.errors.LakeshareException;
import io.lakeshare.tables.DataFile;
import io.lakeshare.tables.TableMetadata;
import io.lakeshare.tables.skipping.PartitionFilter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Partition scopes as the owner writes them, and which files they admit. */
class PartitionScopeTest {

    private static List<PartitionFilter.Condition> resolved(String scope, Map<String, String> properties) {
        return PartitionScope.parse(scope).resolve(properties);
    }

    @Test
    void anEqualityOnALiteral() {
        PartitionScope scope = PartitionScope.parse("country = 'nl'");
        assertEquals("country = 'nl'", scope.text());
        assertEquals(List.of(new PartitionFilter.Condition("country", List.of("nl"))), scope.resolve(Map.of()));
    }

    @Test
    void inListsAndConjunctionsKeepTheirOrderAndCanonicalForm() {
        PartitionScope scope = PartitionScope.parse("  country='nl'and region  in ( 'eu','us' )  AND year = 2024 ");
        assertEquals("country = 'nl' AND region IN ('eu', 'us') AND year = 2024", scope.text());
        assertEquals(
                List.of(
                        new PartitionFilter.Condition("country", List.of("nl")),
                        new PartitionFilter.Condition("region", List.of("eu", "us")),
                        new PartitionFilter.Condition("year", List.of("2024"))),
                scope.resolve(Map.of()));
        assertEquals(scope, PartitionScope.parse(scope.text()));
        assertEquals(List.of("country", "region", "year"), scope.columns());
    }

    @Test
    void quotesAreDoubledInsideStringsAndBackquotesNameColumns() {
        PartitionScope scope = PartitionScope.parse("`the city` = 's-Hertogenbosch' AND name = 'O''Brien, AND x'");
        assertEquals("`the city` = 's-Hertogenbosch' AND name = 'O''Brien, AND x'", scope.text());
        assertEquals(List.of("s-Hertogenbosch"), scope.resolve(Map.of()).get(0).values());
        assertEquals(List.of("O'Brien, AND x"), scope.resolve(Map.of()).get(1).values());
        assertEquals(scope, PartitionScope.parse(scope.text()));
    }

    @Test
    void currentRecipientTakesTheAskingRecipientsProperty() {
        String text = "country = current_recipient( 'country' ) AND region IN ('eu', CURRENT_RECIPIENT('home'))";
        assertEquals(
                "country = CURRENT_RECIPIENT('country') AND region IN ('eu', CURRENT_RECIPIENT('home'))",
                PartitionScope.parse(text).text());
        assertEquals(
                List.of(
                        new PartitionFilter.Condition("country", List.of("nl")),
                        new PartitionFilter.Condition("region", List.of("eu", "us"))),
                resolved(text, Map.of("country", "nl", "home", "us")));
        // A recipient without the property (or a share token, with no properties) gets no value.
        assertEquals(
                List.of(
                        new PartitionFilter.Condition("country", List.of()),
                        new PartitionFilter.Condition("region", List.of("eu"))),
                resolved(text, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "country",
                "country =",
                "country = nl",
                "country == 'nl'",
                "country > 'nl'",
                "country = 'nl' OR region = 'eu'",
                "country = 'nl' AND",
                "country = 'nl' region = 'eu'",
                "country IN ()",
                "country IN ('nl'",
                "country IN 'nl'",
                "country = 'nl",
                "country = CURRENT_RECIPIENT(country)",
                "country = CURRENT_RECIPIENT('')",
                "country = CURRENT_RECIPIENT('country'",
                "= 'nl'",
                "`` = 'nl'",
                "1country = 'nl'",
                "NOT country = 'nl'",
                "country = 'nl'; DROP TABLE x"
            })
    void badInputIsRefusedWithTheForm(String text) {
        LakeshareException e = assertThrows(LakeshareException.class, () -> PartitionScope.parse(text));
        assertTrue(e.getMessage().contains("Invalid partition scope"), e.getMessage());
        assertTrue(e.getMessage().contains(PartitionScope.FORM), e.getMessage());
    }

    @Test
    void settingsNameATableAndAnEmptyScopeClearsIt() {
        PartitionSetting set = PartitionSetting.parse("sales/visits=country = 'nl'");
        assertEquals("sales/visits", set.ref());
        assertEquals("country = 'nl'", set.scope().text());
        assertNull(PartitionSetting.parse("sales/visits=").scope());
        assertNull(PartitionSetting.parse("sales/visits=  ").scope());
        for (String bad : new String[] {"visits=country = 'nl'", "sales/visits", "/visits=", "a/b/c=x = 'y'"}) {
            assertThrows(LakeshareException.class, () -> PartitionSetting.parse(bad), bad);
        }
    }

    private static final TableMetadata VISITS = new TableMetadata(
            "id",
            "visits",
            null,
            "parquet",
            Map.of(),
            "{\"type\":\"struct\",\"fields\":["
                    + "{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},"
                    + "{\"name\":\"country\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},"
                    + "{\"name\":\"year\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}}]}",
            List.of("country", "year"),
            Map.of(),
            null);

    private static DataFile file(String country, String year) {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("country", country);
        values.put("year", year);
        return new DataFile("p", null, values, 1, 0, "{\"numRecords\":1}", null);
    }

    private static boolean admits(String scope, Map<String, String> properties, DataFile file) {
        return PartitionFilter.of(resolved(scope, properties), VISITS).admits(file);
    }

    @Test
    void filesAreAdmittedExactlyByTheirPartitionValues() {
        assertTrue(admits("country = 'nl'", Map.of(), file("nl", "2024")));
        assertTrue(!admits("country = 'nl'", Map.of(), file("NL", "2024")), "strings compare exactly");
        assertTrue(!admits("country = 'nl'", Map.of(), file("de", "2024")));
        assertTrue(!admits("country = 'nl'", Map.of(), file(null, "2024")), "a null partition is in no scope");
        assertTrue(!admits("country = 'nl'", Map.of(), file("", "2024")), "an empty partition value is null");
        assertTrue(admits("year = 2024", Map.of(), file("de", "2024")));
        assertTrue(admits("year IN (2023, '2024')", Map.of(), file("de", "2024")), "numbers compare as numbers");
        assertTrue(!admits("year = 2025", Map.of(), file("de", "2024")));
        assertTrue(admits("country IN ('nl', 'de') AND year = 2024", Map.of(), file("de", "2024")));
        assertTrue(!admits("country IN ('nl', 'de') AND year = 2023", Map.of(), file("de", "2024")));
        assertTrue(admits("country = CURRENT_RECIPIENT('c')", Map.of("c", "nl"), file("nl", "2024")));
        assertTrue(!admits("country = CURRENT_RECIPIENT('c')", Map.of(), file("nl", "2024")));
        assertTrue(!admits("country = CURRENT_RECIPIENT('c')", Map.of("c", "de"), file("nl", "2024")));
        // A column the table is not partitioned by admits nothing, even where statistics would say so.
        assertTrue(!admits("id = 1", Map.of(), file("nl", "2024")));
        assertEquals(
                List.of("id"), PartitionFilter.notPartitionColumns(resolved("id = 1 AND year = 1", Map.of()), VISITS));
    }
}
