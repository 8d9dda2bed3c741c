package io.lakeshare.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    @Test
    void readsWhatThePythonConnectorSends() {
        Capabilities c = Capabilities.parse(
                "responseformat=delta,parquet;readerfeatures=deletionvectors,columnmapping,timestampntz");
        assertEquals(List.of("delta", "parquet"), c.responseFormats());
        assertEquals(Set.of("deletionvectors", "columnmapping", "timestampntz"), c.readerFeatures());
        assertFalse(c.includeEndStreamAction());
    }

    @Test
    void keysAndValuesAreCaseInsensitiveAndJunkIsIgnored() {
        Capabilities c = Capabilities.parse(
                "ResponseFormat=Parquet,Delta; ReaderFeatures=deletionVectors;;junk;IncludeEndStreamAction=TRUE");
        assertEquals(List.of("parquet", "delta"), c.responseFormats());
        assertEquals(Set.of("deletionvectors"), c.readerFeatures());
        assertTrue(c.includeEndStreamAction());
    }

    @Test
    void noHeaderMeansParquet() {
        assertEquals(List.of("parquet"), Capabilities.parse(null).responseFormats());
        assertTrue(Capabilities.parse("").accepts("parquet"));
    }
}
