package io.lakeshare.sharing.http;

import io.lakeshare.config.AddressRanges;
import io.lakeshare.config.HttpConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The address the current request comes from, as IP access lists, budgets and throttles key it: the
 * TCP peer's, unless the peer is a trusted proxy ({@code lakeshare.http.trusted-proxies}); then the
 * nearest address of {@code X-Forwarded-For} that is not a trusted proxy. Read from the right, because
 * a client can put anything at the left of that header and each proxy appends the address it saw.
 */
@ApplicationScoped
public class ClientAddress {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    @Inject
    CurrentVertxRequest request;

    @Inject
    HttpConfig config;

    private volatile AddressRanges trustedProxies;

    /** Refuses a malformed proxy list when the server starts, not at its first request. */
    void onStart(@Observes StartupEvent start) {
        trustedProxies();
    }

    /** The client's address, or "unknown" outside a request. */
    public String current() {
        RoutingContext routing = request.getCurrent();
        return routing == null ? "unknown" : of(routing.request());
    }

    String of(HttpServerRequest http) {
        SocketAddress peer = http.remoteAddress();
        String address = peer == null ? "unknown" : peer.hostAddress();
        return clientBehind(address, http.headers().getAll(FORWARDED_FOR), trustedProxies());
    }

    /**
     * The client of a request from {@code peer} carrying these {@code X-Forwarded-For} headers. An entry
     * that is not an address ends the walk and is the answer: it matches no access list, so a mangled
     * header is refused rather than skipped.
     */
    static String clientBehind(String peer, List<String> forwardedFor, AddressRanges trusted) {
        if (trusted.isEmpty() || !trusted.holds(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        String client = peer;
        for (int h = forwardedFor.size() - 1; h >= 0; h--) {
            String[] hops = forwardedFor.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (hop.isEmpty()) {
                    continue;
                }
                client = hop;
                if (!trusted.holds(hop)) {
                    return hop;
                }
            }
        }
        return client;
    }

    private AddressRanges trustedProxies() {
        AddressRanges ranges = trustedProxies;
        if (ranges == null) {
            try {
                ranges = AddressRanges.parse(config.trustedProxies().orElse(List.of()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("lakeshare.http.trusted-proxies: " + e.getMessage(), e);
            }
            trustedProxies = ranges;
        }
        return ranges;
    }
}
