package io.lakeshare.sharing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void readsTheRangesParquetReadersSend() {
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(Optional.of(new ByteRange(500, 999)), ByteRange.parse("bytes=500-", 1000));
        assertEquals(Optional.of(new ByteRange(992, 999)), ByteRange.parse("bytes=-8", 1000));
        assertEquals(
                Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=900-5000", 1000), "clipped to the end");
        assertEquals(
                Optional.of(new ByteRange(0, 999)),
                ByteRange.parse("bytes=-5000", 1000),
                "a suffix longer than the object");
        assertEquals(100, new ByteRange(0, 99).length());
    }

    @Test
    void anythingElseMeansTheWholeObject() {
        assertEquals(Optional.empty(), ByteRange.parse(null, 1000));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,5-6", 1000));
        assertEquals(Optional.empty(), ByteRange.parse("items=0-1", 1000));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=-", 1000));
        assertEquals(Optional.empty(), ByteRange.parse("bytes=9-3", 1000));
    }

    @Test
    void rangesPastTheEndCannotBeSatisfied() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    }
}
