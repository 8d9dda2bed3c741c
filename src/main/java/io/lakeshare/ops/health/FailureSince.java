package io.lakeshare.ops.health;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers when each check started failing, so a DOWN report says since when. */
final class FailureSince {

    private final Map<String, Instant> since = new ConcurrentHashMap<>();

    /** Records a failure; returns when the current run of failures began. */
    Instant failed(String check, Instant now) {
        return since.computeIfAbsent(check, c -> now);
    }

    /** Records a success; returns when the run of failures it ends began, if there was one. */
    Optional<Instant> passed(String check) {
        return Optional.ofNullable(since.remove(check));
    }
}
