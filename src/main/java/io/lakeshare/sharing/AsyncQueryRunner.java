package io.lakeshare.sharing;

import io.lakeshare.config.TablesConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Runs asynchronous queries on a bounded pool, so that a burst of them cannot exhaust the server. */
@ApplicationScoped
public class AsyncQueryRunner {

    private final ExecutorService executor;

    @Inject
    AsyncQueryRunner(TablesConfig config) {
        int threads = config.asyncQueryThreads();
        this.executor = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(100), runnable -> {
                    Thread t = new Thread(runnable, "async-query");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs the work, or returns false when too many queries are waiting already. */
    boolean submit(Runnable work) {
        try {
            executor.execute(work);
            return true;
        } catch (RejectedExecutionException busy) {
            return false;
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
