package io.lakeshare.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A value an error message repeats is short and stays on its line. */
class EchoedInputTest {

    @Test
    void shortValuesAreRepeatedAsTheyCame() {
        assertEquals("sales-2026", EchoedInput.shown("sales-2026"));
        assertEquals("", EchoedInput.shown(null));
    }

    @Test
    void longValuesAreCutAtSixtyFourCharactersWhateverTheirPlane() {
        assertEquals("a".repeat(64) + "...", EchoedInput.shown("a".repeat(65)));
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        assertEquals(emoji.repeat(64), EchoedInput.shown(emoji.repeat(64)));
        assertEquals(emoji.repeat(64) + "...", EchoedInput.shown(emoji.repeat(65)));
    }

    @Test
    void controlsCannotBreakTheLine() {
        assertEquals("a?b?c", EchoedInput.shown("a\nb\u0085c"));
    }
}
