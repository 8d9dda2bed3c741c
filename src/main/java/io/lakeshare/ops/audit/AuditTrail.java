package io.lakeshare.ops.audit;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The audit record of the request being served, for resources and query services to fill in. */
@ApplicationScoped
public class AuditTrail {

    @Inject
    CurrentVertxRequest request;

    /** The current request's record (a detached one outside a request, e.g. in an async runner). */
    public AuditRecord current() {
        RoutingContext context = request.getCurrent();
        AuditRecord record = context == null ? null : context.get(AuditLog.RECORD_KEY);
        return record != null ? record : new AuditRecord();
    }
}
