package io.lakeshare.ops.health;

import io.lakeshare.config.HealthConfig;
import io.lakeshare.storage.ObjectStore;
import io.lakeshare.storage.Storage;
import io.lakeshare.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/** Readiness part: every store that holds shared buckets answers a cheap call in time. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(StorageReadiness.class);

    @Inject
    Storage storage;

    @Inject
    HealthConfig config;

    private final FailureSince failures = new FailureSince();

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("storage").up();
        for (Map.Entry<String, ObjectStore> store : storage.storesInUse().entrySet()) {
            String kind = store.getKey();
            Instant now = Instant.now();
            try {
                response.withData(kind, store.getValue().ping(config.storageTimeout()));
                failures.passed(kind)
                        .ifPresent(since -> LOG.infof("Storage %s answers again (failing since %s)", kind, since));
            } catch (StorageException e) {
                Instant since = failures.failed(kind, now);
                if (since.equals(now)) {
                    LOG.warnf("Storage %s does not answer: %s", kind, e.getMessage());
                }
                response.down().withData(kind, e.getMessage()).withData(kind + ".since", since.toString());
            }
        }
        return response.build();
    }
}
