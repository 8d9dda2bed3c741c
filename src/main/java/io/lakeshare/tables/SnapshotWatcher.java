package io.lakeshare.tables;

/** Hears how reading a snapshot went: its reader forgets a damaged one and notes the damage. */
public interface SnapshotWatcher {

    /** Reading the snapshot's files failed: it may not be served from memory again. */
    void failed(TableException failure);

    /** Every file of the snapshot was read. */
    void readWhole();

    SnapshotWatcher NONE = new SnapshotWatcher() {
        @Override
        public void failed(TableException failure) {}

        @Override
        public void readWhole() {}
    };
}
