package io.lakeshare.tables.delta;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.lakeshare.storage.Storage;

/** Delta Kernel's default engine (JSON and Parquet handlers) over the storage port instead of Hadoop. */
final class StorageEngine extends DefaultEngine {

    StorageEngine(Storage storage, LogFileCache logCache) {
        super(new KernelFileIO(storage, logCache));
    }
}
