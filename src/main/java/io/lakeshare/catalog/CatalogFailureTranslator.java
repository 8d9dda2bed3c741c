package io.lakeshare.catalog;

import io.lakeshare.errors.FailureTranslator;
import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** The catalog database's failures as callers should see them: a refused value, or an outage. */
@ApplicationScoped
public class CatalogFailureTranslator implements FailureTranslator {

    @Inject
    CatalogOutage catalogOutage;

    @Override
    public Optional<LakeshareException> translate(Throwable failure) {
        if (CatalogFailures.refusedValue(failure)) {
            // The database's column limits are the last check of the request's values (an
            // idempotency key, a stored request); the statement is not quoted, it holds the values.
            return Optional.of(
                    LakeshareException.invalidParameter("A value of the request is too long or out of range"));
        }
        // The database's failure, not the request's: a 503 that says so (and nothing was stored),
        // logged in full once per outage by CatalogOutage.
        return catalogOutage.report(failure).map(CatalogOutage::unavailable);
    }
}
