package io.lakeshare.ops.shutdown;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The JVM shutdown hook that starts the drain belongs to one run of the application. */
class GracefulShutdownTest {

    private static GracefulShutdown shutdown() {
        GracefulShutdown shutdown = new GracefulShutdown();
        shutdown.requests = new InFlightRequests();
        return shutdown;
    }

    @Test
    void theHookIsRegisteredOnceAtStartAndRemovedAtStop() {
        GracefulShutdown shutdown = shutdown();
        shutdown.onStart(null);
        Thread hook = shutdown.drainHook();
        assertNotNull(hook);
        // The JVM refuses a hook it already has: registered.
        assertThrows(IllegalArgumentException.class, () -> Runtime.getRuntime().addShutdownHook(hook));

        shutdown.onStart(null);
        assertSame(hook, shutdown.drainHook(), "a second start event registers no second hook");

        shutdown.onStop(null);
        assertNull(shutdown.drainHook());
        assertFalse(Runtime.getRuntime().removeShutdownHook(hook), "the stopped application left its hook behind");
    }

    @Test
    void applicationsStartedOneAfterAnotherLeaveNoHooksBehind() {
        for (int run = 0; run < 3; run++) {
            GracefulShutdown shutdown = shutdown();
            shutdown.onStart(null);
            Thread hook = shutdown.drainHook();
            shutdown.onStop(null);
            assertFalse(Runtime.getRuntime().removeShutdownHook(hook), "run " + run + " left its hook behind");
        }
    }
}
