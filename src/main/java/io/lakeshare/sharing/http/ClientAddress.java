package io.lakeshare.sharing.http;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The address the current request comes from, as budgets and throttles key it: the TCP peer's,
 * for the recipient API and the admin API alike.
 */
@ApplicationScoped
public class ClientAddress {

    @Inject
    CurrentVertxRequest request;

    /** The peer's host address, or "unknown" outside a request. */
    public String current() {
        RoutingContext routing = request.getCurrent();
        SocketAddress address = routing == null ? null : routing.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }
}
