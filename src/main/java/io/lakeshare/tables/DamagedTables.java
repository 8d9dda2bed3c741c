package io.lakeshare.tables;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables last found damaged, and why, for the owner's eyes (readiness shows them): a table whose
 * log, checkpoint or metadata could not be read as it is, or has gone missing under it. A table leaves the list when a snapshot
 * of it at that version or later is read whole again.
 */
@ApplicationScoped
public class DamagedTables {

    /** A damage seen: since when, at which version (-1 when not known), and what failed. */
    public record Damage(Instant since, long version, String reason) {}

    /** Bounded: a provider with many broken tables learns of the first ones, not of every one. */
    private static final int MAX_TABLES = 100;

    private final Map<String, Damage> damaged = new ConcurrentHashMap<>();

    /** {@code table} failed to read at {@code version} (-1 when not known) with {@code failure}. */
    public void found(TableLocation table, long version, TableException failure) {
        boolean tablesOwnFiles =
                failure.kind() == TableException.Kind.DAMAGED || failure.kind() == TableException.Kind.NOT_FOUND;
        if (!tablesOwnFiles || (damaged.size() >= MAX_TABLES && !damaged.containsKey(table.key()))) {
            return;
        }
        damaged.merge(
                table.key(),
                new Damage(Instant.now(), version, TableException.detail(failure)),
                (old, now) -> new Damage(old.since(), Math.max(old.version(), now.version()), now.reason()));
    }

    /** {@code table} was read whole at {@code version}: damage seen at that version or before is over. */
    public void readWhole(TableLocation table, long version) {
        damaged.computeIfPresent(table.key(), (key, damage) -> damage.version() <= version ? null : damage);
    }

    /** By table key, in key order. */
    public Map<String, Damage> all() {
        return new TreeMap<>(damaged);
    }
}
