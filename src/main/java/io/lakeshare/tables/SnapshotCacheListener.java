package io.lakeshare.tables;

/** Hears of every snapshot cache lookup, for the metrics: a hit, or a load. */
public interface SnapshotCacheListener {

    void lookedUp(boolean hit);
}
