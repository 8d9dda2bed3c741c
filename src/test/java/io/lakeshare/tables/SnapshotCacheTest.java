package io.lakeshare.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakeshare.ops.LakeshareMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A snapshot is loaded once per table and version; the metrics say how often it was loaded and how often found. */
class SnapshotCacheTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SnapshotCache cache = new SnapshotCache(2, new LakeshareMetrics(registry)::lookedUp);
    private final AtomicInteger loads = new AtomicInteger();

    /** A load of a snapshot; the cache only keeps and hands out what it gets. */
    private Supplier<TableSnapshot> load() {
        return () -> {
            loads.incrementAndGet();
            return (TableSnapshot) Proxy.newProxyInstance(
                    getClass().getClassLoader(),
                    new Class<?>[] {TableSnapshot.class},
                    (proxy, method, args) -> method.getName().equals("toString") ? "snapshot " + loads.get() : null);
        };
    }

    private double counted(String result) {
        return registry.get("lakeshare.snapshot.cache")
                .tag("result", result)
                .counter()
                .count();
    }

    @Test
    void theFirstLookupLoadsAndCountsAMissLaterOnesHit() {
        TableSnapshot first = cache.get("local://demo/employees/", 1, load());
        assertSame(first, cache.get("local://demo/employees/", 1, load()));
        assertSame(first, cache.get("local://demo/employees/", 1, load()));

        assertEquals(1, loads.get());
        assertEquals(1, counted("miss"));
        assertEquals(2, counted("hit"));
    }

    @Test
    void anotherVersionOrTableIsAnotherMiss() {
        cache.get("local://demo/employees/", 1, load());
        cache.get("local://demo/employees/", 2, load());
        cache.get("local://demo/salaries/", 1, load());

        assertEquals(3, loads.get());
        assertEquals(3, counted("miss"));
        assertEquals(0, counted("hit"));
    }

    @Test
    void theLeastRecentlyUsedSnapshotGoesFirstAndIsLoadedAgain() {
        cache.get("t/", 1, load());
        cache.get("t/", 2, load());
        cache.get("t/", 1, load()); // used again: version 2 is now the least recent
        cache.get("t/", 3, load()); // over the capacity of 2: version 2 goes

        cache.get("t/", 1, load());
        cache.get("t/", 2, load());

        assertEquals(4, loads.get(), "versions 1, 2, 3, then 2 again");
        assertEquals(4, counted("miss"));
        assertEquals(2, counted("hit"));
    }

    @Test
    void requestsArrivingDuringALoadWaitForItInsteadOfLoadingAgain() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Supplier<TableSnapshot> slowLoad = () -> {
            loading.countDown();
            await(release);
            return load().get();
        };
        ExecutorService recipients = Executors.newFixedThreadPool(20);
        try {
            Future<TableSnapshot> first = recipients.submit(() -> cache.get("t/", 1, slowLoad));
            loading.await();
            List<Future<TableSnapshot>> others = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                others.add(recipients.submit(() -> cache.get("t/", 1, slowLoad)));
            }
            release.countDown();
            for (Future<TableSnapshot> other : others) {
                assertSame(first.get(10, TimeUnit.SECONDS), other.get(10, TimeUnit.SECONDS));
            }
        } finally {
            recipients.shutdownNow();
        }
        assertEquals(1, loads.get(), "one scan of the table for twenty recipients");
    }

    @Test
    void aFailedLoadIsForgottenAndTheNextRequestLoadsAgain() {
        TableException damaged =
                TableException.readFailure("t", "its checkpoint", new IllegalStateException("corrupt"));
        assertSame(
                damaged,
                assertThrows(
                        TableException.class,
                        () -> cache.get("t/", 1, () -> {
                            throw damaged;
                        })));

        cache.get("t/", 1, load());
        assertEquals(1, loads.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
