package io.lakeshare.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streams take turns: a fixed number at once, the next one waiting a bounded time for a slot. */
class StreamSlotsTest {

    @Test
    void whenAllSlotsAreHeldTheNextStreamWaitsThenIsRefused() {
        StreamSlots slots = new StreamSlots(2, Duration.ofMillis(50));
        assertNotNull(slots.take());
        assertNotNull(slots.take());
        assertEquals(2, slots.active());

        assertNull(slots.take(), "no slot came free within the wait");
        assertEquals(0, slots.waiting());
    }

    @Test
    void aWaitingStreamGetsTheSlotGivenBack() throws Exception {
        StreamSlots slots = new StreamSlots(1, Duration.ofSeconds(10));
        StreamSlots.Slot first = slots.take();
        CompletableFuture<StreamSlots.Slot> second = CompletableFuture.supplyAsync(slots::take);
        while (slots.waiting() == 0) {
            Thread.sleep(5);
        }
        first.release();
        assertNotNull(second.get(10, TimeUnit.SECONDS));
        assertEquals(1, slots.active());
    }

    @Test
    void givingASlotBackTwiceGivesItBackOnce() {
        StreamSlots slots = new StreamSlots(1, Duration.ofMillis(20));
        StreamSlots.Slot slot = slots.take();
        slot.release();
        slot.release();
        assertNotNull(slots.take());
        assertNull(slots.take(), "one slot, not two");
    }

    @Test
    void sizeZeroAdmitsEveryStream() {
        StreamSlots slots = new StreamSlots(0, Duration.ZERO);
        for (int i = 0; i < 1000; i++) {
            assertNotNull(slots.take());
        }
    }
}
