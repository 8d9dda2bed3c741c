package io.lakeshare.ops;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A fixed number of slots for long-running streams; a stream waits a while for one, or is refused. */
public final class StreamSlots {

    /** A slot held by one stream; giving it back twice gives it back once. */
    public interface Slot {
        void release();
    }

    private static final Slot UNLIMITED = () -> {};

    private final int size;
    private final Semaphore slots;
    private final Duration wait;
    private final AtomicInteger waiting = new AtomicInteger();

    /** {@code size} 0 means no limit. */
    public StreamSlots(int size, Duration wait) {
        this.size = size;
        this.slots = new Semaphore(Math.max(size, 0), true);
        this.wait = wait;
    }

    /** A slot, after waiting at most the configured time for one; null if none came free. */
    public Slot take() {
        if (size <= 0) {
            return UNLIMITED;
        }
        waiting.incrementAndGet();
        try {
            if (!slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            waiting.decrementAndGet();
        }
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.compareAndSet(true, false)) {
                slots.release();
            }
        };
    }

    public int size() {
        return size;
    }

    public int active() {
        return size <= 0 ? 0 : size - slots.availablePermits();
    }

    public int waiting() {
        return waiting.get();
    }

    public Duration maxWait() {
        return wait;
    }
}
