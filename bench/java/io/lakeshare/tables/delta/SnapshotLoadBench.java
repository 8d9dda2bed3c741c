package io.lakeshare.tables.delta;

import io.delta.kernel.Table;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.ScanImpl;
import io.delta.kernel.utils.CloseableIterator;
import io.lakeshare.config.StorageConfig;
import io.lakeshare.storage.Storage;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;

/**
 * Benchmark (not a test): Delta Kernel on the server's storage port against Kernel's Hadoop engine,
 * loading a snapshot and enumerating its files, on the local disk. Run by bench/run.py with
 * WAREHOUSE BUCKET PREFIX; prints "engine snapshot-ms scan-ms files" lines, best of 3.
 */
public final class SnapshotLoadBench {

    public static void main(String[] args) throws Exception {
        Path warehouse = Path.of(args[0]);
        String bucket = args[1];
        String prefix = args[2];
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(StorageConfig.class)
                .withDefaultValue("lakeshare.data-dir", warehouse.toString())
                .withDefaultValue("lakeshare.storage.local.root", warehouse.toString())
                .build();
        Engine port = new StorageEngine(new Storage(config.getConfigMapping(StorageConfig.class)), null);
        Engine hadoop = DefaultEngine.create(new org.apache.hadoop.conf.Configuration());
        run("storage-port", port, "lakeshare://" + bucket + "/" + prefix);
        run("hadoop", hadoop, warehouse.resolve(bucket).resolve(prefix).toUri().toString());
    }

    private static void run(String name, Engine engine, String root) throws Exception {
        long bestSnapshot = Long.MAX_VALUE;
        long bestScan = Long.MAX_VALUE;
        long files = 0;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            var snapshot = Table.forPath(engine, root).getLatestSnapshot(engine);
            long loaded = System.nanoTime();
            files = 0;
            try (CloseableIterator<FilteredColumnarBatch> batches =
                    ((ScanImpl) snapshot.getScanBuilder().build()).getScanFiles(engine, true)) {
                while (batches.hasNext()) {
                    try (CloseableIterator<Row> rows = batches.next().getRows()) {
                        while (rows.hasNext()) {
                            rows.next();
                            files++;
                        }
                    }
                }
            }
            bestSnapshot = Math.min(bestSnapshot, loaded - start);
            bestScan = Math.min(bestScan, System.nanoTime() - loaded);
        }
        System.out.printf("%s %d %d %d%n", name, bestSnapshot / 1_000_000, bestScan / 1_000_000, files);
    }
}
