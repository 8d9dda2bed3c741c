package io.lakeshare.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The first answer of a new snapshot renders its lines while the ones that arrive meanwhile wait,
 * then replay them side by side; a first one that stalls or fails does not hold the others for good.
 */
class FirstDoesTheWorkTest {

    private static final int CALLERS = 8;

    private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicInteger worked = new AtomicInteger();
    private final AtomicInteger reused = new AtomicInteger();
    private final AtomicInteger waited = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private List<String> atOnce(
            FirstDoesTheWork<String> turns, FirstDoesTheWork.Step<String> work, FirstDoesTheWork.Step<String> reuse)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            calls.add(pool.submit(() -> {
                start.await();
                return turns.run("snapshot", done::get, waited::incrementAndGet, work, reuse);
            }));
        }
        start.countDown();
        List<String> answers = new ArrayList<>();
        for (Future<String> call : calls) {
            answers.add(call.get(30, TimeUnit.SECONDS));
        }
        return answers;
    }

    @Test
    void oneRendersAndTheOthersReplayTogetherOnceItIsDone() throws Exception {
        CountDownLatch allReplaying = new CountDownLatch(CALLERS - 1);
        List<String> answers = atOnce(
                new FirstDoesTheWork<>(Duration.ofSeconds(20)),
                () -> {
                    worked.incrementAndGet();
                    sleep(300); // long enough for every other caller to be waiting
                    done.set(true);
                    return "rendered";
                },
                () -> {
                    reused.incrementAndGet();
                    allReplaying.countDown();
                    // Replays run side by side: each waits here for all the others to have started.
                    assertTrue(await(allReplaying), "the replays were made one after another");
                    return "replayed";
                });
        assertEquals(1, worked.get());
        assertEquals(CALLERS - 1, reused.get());
        assertEquals(CALLERS - 1, waited.get(), "each caller that waited was told so first");
        assertEquals(1, answers.stream().filter("rendered"::equals).count());
    }

    @Test
    void aFirstThatFailsLeavesTheWorkToTheNext() throws Exception {
        FirstDoesTheWork<String> turns = new FirstDoesTheWork<>(Duration.ofSeconds(20));
        AtomicInteger attempts = new AtomicInteger();
        List<Object> outcomes = new ArrayList<>();
        for (String answer : atOnceCatching(turns, () -> {
            if (attempts.incrementAndGet() == 1) {
                sleep(200);
                throw new IOException("the client went away");
            }
            done.set(true);
            return "rendered";
        })) {
            outcomes.add(answer);
        }
        assertEquals(2, attempts.get(), "the failed render is done once more, then reused");
        assertEquals(1, outcomes.stream().filter("failed"::equals).count());
        assertEquals(1, outcomes.stream().filter("rendered"::equals).count());
        assertEquals(CALLERS - 2, outcomes.stream().filter("replayed"::equals).count());
    }

    @Test
    void aStalledFirstHoldsTheOthersOnlyAsLongAsTheWait() throws Exception {
        FirstDoesTheWork<String> turns = new FirstDoesTheWork<>(Duration.ofMillis(200));
        CountDownLatch release = new CountDownLatch(1);
        FirstDoesTheWork.Step<String> work = () -> {
            if (worked.incrementAndGet() == 1) {
                await(release); // a first answer whose client stopped reading
                return "stalled";
            }
            return "rendered";
        };
        Future<String> stalled =
                pool.submit(() -> turns.run("snapshot", done::get, waited::incrementAndGet, work, () -> "replayed"));
        while (worked.get() == 0) {
            Thread.sleep(5);
        }
        List<Future<String>> others = new ArrayList<>();
        for (int i = 1; i < CALLERS; i++) {
            others.add(pool.submit(
                    () -> turns.run("snapshot", done::get, waited::incrementAndGet, work, () -> "replayed")));
        }
        for (Future<String> other : others) {
            assertEquals("rendered", other.get(5, TimeUnit.SECONDS), "rendered on its own after the wait");
        }
        release.countDown();
        assertEquals("stalled", stalled.get(5, TimeUnit.SECONDS));
        assertEquals(CALLERS, worked.get());
    }

    private List<String> atOnceCatching(FirstDoesTheWork<String> turns, FirstDoesTheWork.Step<String> work)
            throws Exception {
        return atOnce(
                turns,
                () -> {
                    try {
                        return work.run();
                    } catch (IOException e) {
                        return "failed";
                    }
                },
                () -> "replayed");
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
