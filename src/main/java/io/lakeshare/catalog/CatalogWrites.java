package io.lakeshare.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Whether a write to the catalog would be stored now, asked before attempting one: not during an
 * outage, unless a heartbeat shows it is over (so that the first change after it goes through),
 * and not when the disk under an embedded database cannot take it.
 */
@ApplicationScoped
public class CatalogWrites {

    @Inject
    CatalogOutage outage;

    @Inject
    CatalogHeartbeat heartbeat;

    @Inject
    CatalogDisk disk;

    /** Why a write would not be stored now (a phrase any caller may see), if it would not. */
    public Optional<String> refusal() {
        if (outage.ongoing().isPresent()) {
            return heartbeat
                    .beat()
                    .map(problem ->
                            outage.ongoing().map(CatalogOutage.Ongoing::reason).orElse(CatalogFailures.WRITE_FAILED));
        }
        Optional<CatalogDisk.Problem> full = disk.problem();
        full.ifPresent(p -> outage.foreseen(p.reason()));
        return full.map(CatalogDisk.Problem::reason);
    }
}
