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
        Optional<CatalogFailures.Conflict> conflict = CatalogFailures.conflict(failure);
        if (conflict.isPresent()) {
            // Two requests raced (the same share, schema, table or OIDC binding created at once): the one that lost
            // is told what the winner made, as if it had come second.
            CatalogFailures.Conflict c = conflict.get();
            if (c.subject() != null) {
                return Optional.of(LakeshareException.alreadyExists(
                        c.subject() + " was created by another request at the same time; it exists now"));
            }
            if (c == CatalogFailures.Conflict.GONE) {
                return Optional.of(LakeshareException.notFound(
                        "What the request refers to was removed by another request at the same time"));
            }
            return Optional.of(LakeshareException.alreadyExists(
                    "The request conflicts with another one made at the same time; send it again"));
        }
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
