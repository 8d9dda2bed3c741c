package io.lakeshare.sharing;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Work that callers of one key can share: the first does it, the ones that come meanwhile wait for
 * it and then reuse what it made, all at once. A first caller that takes longer than {@code wait}
 * (stalled, say) holds the others only that long; then they do the work too. Work that fails or
 * stops leaves nothing to reuse, and the next waiter does it.
 */
final class FirstDoesTheWork<K> {

    /** The work, or the reuse of what it made. */
    interface Step<T> {
        T run() throws IOException;
    }

    private final ConcurrentHashMap<K, ReentrantLock> working = new ConcurrentHashMap<>();
    private final Duration wait;

    FirstDoesTheWork(Duration wait) {
        this.wait = wait;
    }

    /**
     * {@code reuse} when {@code done} (looked at again after any wait), else {@code work}; {@code
     * waiting} runs first when another caller is at the work.
     */
    <T> T run(K key, BooleanSupplier done, Runnable waiting, Step<T> work, Step<T> reuse) throws IOException {
        if (done.getAsBoolean()) {
            return reuse.run();
        }
        ReentrantLock turn = working.computeIfAbsent(key, k -> new ReentrantLock());
        boolean locked = turn.tryLock();
        try {
            if (!locked) {
                waiting.run();
                locked = turn.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for work another answer is doing", e);
        }
        try {
            if (!done.getAsBoolean()) {
                return work.run();
            }
        } finally {
            if (locked) {
                turn.unlock();
            }
            if (!turn.isLocked() && !turn.hasQueuedThreads()) {
                working.remove(key, turn);
            }
        }
        // Outside the turn: the waiters reuse it side by side.
        return reuse.run();
    }
}
