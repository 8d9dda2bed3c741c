package io.lakeshare.ops.audit;

import io.lakeshare.catalog.CatalogOutage;
import io.lakeshare.catalog.UsageService;
import io.lakeshare.catalog.UsageService.DownloadCounts;
import io.lakeshare.catalog.UsageService.TableCounts;
import io.lakeshare.config.UsageConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Counts what recipients read, from each request's audit record, in memory: per token, table and
 * hour, and per directory of the data files fetched through the server's signed URLs. Every
 * {@code lakeshare.usage.flush-interval} the counts are added to the catalog ({@link UsageService})
 * and forgotten here; counts the catalog could not take are kept for the next time, up to {@value
 * #MAX_KEYS} keys of each kind. Also counts requests and files in metrics, without per-table labels.
 */
@ApplicationScoped
public class UsageMeter {

    private static final Logger LOG = Logger.getLogger(UsageMeter.class);

    /** Keys of each kind kept between flushes; beyond, new ones are dropped (and said so). */
    static final int MAX_KEYS = 100_000;

    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    record TableKey(Instant hour, UUID tokenId, String share, String schema, String table) {}

    record DownloadKey(Instant hour, String holder, String bucket, String directory) {}

    /** Mutated only inside the map's {@code compute}, so a tally removed from its map is final. */
    static final class Tally {
        long requests;
        long files;
        long bytes;
        Instant first;
        Instant last;

        Tally add(long requests, long files, long bytes, Instant at) {
            this.requests += requests;
            this.files += files;
            this.bytes += bytes;
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
            return this;
        }

        void merge(Tally other) {
            requests += other.requests;
            files += other.files;
            bytes += other.bytes;
            first = first == null || other.first.isBefore(first) ? other.first : first;
            last = last == null || other.last.isAfter(last) ? other.last : last;
        }
    }

    private final ConcurrentHashMap<TableKey, Tally> tables = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DownloadKey, Tally> downloads = new ConcurrentHashMap<>();
    private volatile boolean droppedSaid;
    private volatile Instant prunedAt = Instant.EPOCH;

    @Inject
    UsageService usage;

    @Inject
    UsageConfig config;

    @Inject
    CatalogOutage outage;

    @Inject
    MeterRegistry registry;

    Clock clock = Clock.systemUTC();

    private ScheduledExecutorService flusher;

    /**
     * The counters without labels, registered once rather than looked up at every request; not
     * registered with per-recipient labels on (one name takes one set of label keys).
     */
    private Counter requests;

    private Counter listed;

    void onStart(@Observes StartupEvent event) {
        if (!config.metricsPerRecipient()) {
            requests = requestsCounter().register(registry);
            listed = filesCounter().register(registry);
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lakeshare-usage");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, config.flushInterval().toMillis());
        flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Counts a recipient's completed table request: its files listed and the bytes of its answer. */
    void table(AuditRecord record, long files, long responseBytes) {
        UUID tokenId;
        try {
            tokenId = UUID.fromString(record.tokenId());
        } catch (IllegalArgumentException | NullPointerException notAToken) {
            return;
        }
        if (record.share() == null || record.schemaName() == null || record.tableName() == null) {
            return;
        }
        Instant now = clock.instant();
        TableKey key = new TableKey(
                UsageService.hourOf(now), tokenId, record.share(), record.schemaName(), record.tableName());
        if (room(tables, key)) {
            tables.compute(key, (k, t) -> (t == null ? new Tally() : t).add(1, files, responseBytes, now));
        }
        if (config.metricsPerRecipient()) {
            String recipient = record.recipientId() == null ? "share-token" : record.recipientId();
            count(requestsCounter().tag("recipient", recipient).register(registry), 1);
            count(filesCounter().tag("recipient", recipient).register(registry), files);
        } else {
            count(requests, 1);
            count(listed, files);
        }
    }

    // No label a request names (a share or table, in any letter case): every spelling would be a new
    // series. Per table, usage is in the catalog; per recipient, by its id, only if asked for.
    private static Counter.Builder requestsCounter() {
        return Counter.builder("lakeshare.usage.requests").description("Recipients' successful table requests");
    }

    private static Counter.Builder filesCounter() {
        return Counter.builder("lakeshare.usage.files")
                .description("Files listed to recipients in query and change-feed answers");
    }

    private static void count(Counter counter, long amount) {
        if (amount > 0) {
            counter.increment(amount);
        }
    }

    /** Counts a data file fetched through a signed URL issued to {@code holder}: its object and bytes sent. */
    void download(String holder, String object, long bytes) {
        int slash = object.indexOf('/');
        if (holder == null || slash < 0) {
            return;
        }
        String key = object.substring(slash + 1);
        int last = key.lastIndexOf('/');
        Instant now = clock.instant();
        DownloadKey at = new DownloadKey(
                UsageService.hourOf(now), holder, object.substring(0, slash), last < 0 ? "" : key.substring(0, last));
        if (room(downloads, at)) {
            downloads.compute(at, (k, t) -> (t == null ? new Tally() : t).add(1, 0, bytes, now));
        }
    }

    private <K> boolean room(ConcurrentHashMap<K, Tally> counts, K key) {
        if (counts.size() < MAX_KEYS || counts.containsKey(key)) {
            return true;
        }
        if (!droppedSaid) {
            droppedSaid = true;
            LOG.warnf(
                    "Usage counts are not reaching the catalog and %d keys are waiting: new ones are dropped",
                    MAX_KEYS);
        }
        return false;
    }

    /**
     * Adds what was counted to the catalog. Runs on its own schedule; also called before this
     * replica's usage is read, so that the answer includes its latest requests.
     */
    public synchronized void flush() {
        Map<TableKey, Tally> tableTallies = take(tables);
        Map<DownloadKey, Tally> downloadTallies = take(downloads);
        if (tableTallies.isEmpty() && downloadTallies.isEmpty()) {
            prune();
            return;
        }
        List<TableCounts> tableCounts = new ArrayList<>();
        tableTallies.forEach((k, t) -> tableCounts.add(new TableCounts(
                k.hour(),
                k.tokenId(),
                k.share(),
                k.schema(),
                k.table(),
                t.requests,
                t.files,
                t.bytes,
                t.first,
                t.last)));
        List<DownloadCounts> downloadCounts = new ArrayList<>();
        downloadTallies.forEach((k, t) -> downloadCounts.add(new DownloadCounts(
                k.hour(), k.holder(), k.bucket(), k.directory(), t.requests, t.bytes, t.first, t.last)));
        try {
            store(tableCounts, downloadCounts);
            droppedSaid = false;
        } catch (RuntimeException e) {
            // Kept for the next flush: usage lags while the catalog cannot take writes, it is not lost.
            keep(tables, tableTallies);
            keep(downloads, downloadTallies);
            throw e;
        }
        prune();
    }

    /** Removes every tally from its map: once removed, no request adds to it any more. */
    private static <K> Map<K, Tally> take(ConcurrentHashMap<K, Tally> counts) {
        Map<K, Tally> taken = new LinkedHashMap<>();
        for (K key : new ArrayList<>(counts.keySet())) {
            Tally t = counts.remove(key);
            if (t != null) {
                taken.put(key, t);
            }
        }
        return taken;
    }

    /** Puts tallies that were not stored back, added to what was counted since. */
    private static <K> void keep(ConcurrentHashMap<K, Tally> counts, Map<K, Tally> tallies) {
        tallies.forEach((key, tally) -> counts.merge(key, tally, (now, old) -> {
            now.merge(old);
            return now;
        }));
    }

    private void store(List<TableCounts> tableCounts, List<DownloadCounts> downloadCounts) {
        try {
            usage.add(tableCounts, downloadCounts);
        } catch (RuntimeException raced) {
            // Another replica inserted one of the hour's rows first: the second try adds to it.
            usage.add(tableCounts, downloadCounts);
        }
    }

    private void prune() {
        Instant now = clock.instant();
        if (Duration.between(prunedAt, now).compareTo(PRUNE_EVERY) >= 0) {
            long removed = usage.prune(UsageService.hourOf(now.minus(config.retention())));
            prunedAt = now;
            if (removed > 0) {
                LOG.infof("Removed %d hourly usage rows older than %s", removed, config.retention());
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            if (outage.report(e).isEmpty()) {
                LOG.warnf("Usage counts were not stored, kept for the next try: %s", e.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flushQuietly();
    }
}
