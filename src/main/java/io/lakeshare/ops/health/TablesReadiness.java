package io.lakeshare.ops.health;

import io.lakeshare.tables.DamagedTables;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness part: the shared tables last found damaged (a log, checkpoint or metadata file that
 * cannot be read as it is), each with since when and why. Always UP: a damaged table is the
 * owner's to repair, and taking every replica out of service for it would stop every other table too.
 */
@Readiness
@ApplicationScoped
public class TablesReadiness implements HealthCheck {

    @Inject
    DamagedTables damaged;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("tables").up();
        for (Map.Entry<String, DamagedTables.Damage> table : damaged.all().entrySet()) {
            DamagedTables.Damage damage = table.getValue();
            response.withData(
                    table.getKey(),
                    "damaged since " + damage.since() + (damage.version() >= 0 ? " at version " + damage.version() : "")
                            + ": " + damage.reason());
        }
        return response.build();
    }
}
