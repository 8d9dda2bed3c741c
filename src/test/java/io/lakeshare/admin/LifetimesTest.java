package io.lakeshare.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakeshare.errors.LakeshareException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifetimesTest {

    @Test
    void readsTheOwnersUnits() {
        assertEquals(Optional.of(Duration.ofDays(90)), Lifetimes.parse("90d"));
        assertEquals(Optional.of(Duration.ofHours(24)), Lifetimes.parse("24h"));
        assertEquals(Optional.of(Duration.ofMinutes(30)), Lifetimes.parse("30m"));
        assertEquals(Optional.of(Duration.ofDays(14)), Lifetimes.parse("2w"));
        assertEquals(Optional.of(Duration.ofSeconds(45)), Lifetimes.parse(" 45s "));
    }

    @Test
    void nothingMeansNonExpiring() {
        assertEquals(Optional.empty(), Lifetimes.parse(null));
        assertEquals(Optional.empty(), Lifetimes.parse(""));
    }

    @Test
    void refusesWhatItCannotRead() {
        for (String bad : new String[] {"90", "d", "1y", "1.5h", "-1d", "0m", "3661d", "90 d"}) {
            assertThrows(LakeshareException.class, () -> Lifetimes.parse(bad), bad);
        }
    }

    @Test
    void aGraceIsTwentyFourHoursUnlessSaidAndMayBeZero() {
        assertEquals(Duration.ofHours(24), Lifetimes.grace(null));
        assertEquals(Duration.ofSeconds(2), Lifetimes.grace("2s"));
        assertEquals(Duration.ZERO, Lifetimes.grace("0s"));
        for (String bad : new String[] {"2", "soon", "-1h", "3661d"}) {
            assertThrows(LakeshareException.class, () -> Lifetimes.grace(bad), bad);
        }
    }
}
