package io.lakeshare.catalog;

import io.lakeshare.config.AddressRange;
import io.lakeshare.errors.InputLimits;
import io.lakeshare.errors.LakeshareException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The owner's operations on recipients and on the grants of shares to them. Each call is one
 * transaction. Grants are read by every request of a recipient's token (see {@link
 * RecipientAccessService}), so a grant or a revocation reaches every replica at the next request.
 */
@ApplicationScoped
public class RecipientService {

    private static final Logger LOG = Logger.getLogger(RecipientService.class);

    @Inject
    Event<TokenCheckCache.Revoked> revoked;

    @CatalogWrite
    @Transactional
    public RecipientDetails create(
            String name, String description, Map<String, String> properties, List<String> networks) {
        Names.validate("recipient", name);
        InputLimits.atMost("description", description, InputLimits.RECIPIENT_DESCRIPTION);
        checkProperties(properties);
        TreeSet<String> allowed = canonical(networks);
        checkNetworkCount(allowed);
        if (RecipientEntity.findByName(name).isPresent()) {
            throw LakeshareException.alreadyExists("Recipient '" + name + "' already exists");
        }
        Instant now = CatalogTime.now();
        RecipientEntity recipient = new RecipientEntity();
        recipient.id = UUID.randomUUID();
        recipient.name = name;
        recipient.nameKey = Names.key(name);
        recipient.description = description;
        recipient.properties = new TreeMap<>(properties);
        recipient.networks = allowed;
        recipient.createdAt = now;
        recipient.updatedAt = now;
        recipient.persist();
        LOG.infof(
                "Created recipient %s with %d propert(ies), %s",
                name, properties.size(), allowed.isEmpty() ? "callable from anywhere" : allowed.size() + " network(s)");
        return details(recipient);
    }

    @Transactional
    public List<RecipientDetails> list() {
        return RecipientEntity.<RecipientEntity>list("order by nameKey").stream()
                .map(RecipientService::details)
                .toList();
    }

    @Transactional
    public RecipientDetails details(String name) {
        return details(require(name));
    }

    /**
     * Changes a recipient: a new description, properties to set (added or replaced) and properties
     * to remove by name, networks to allow and to disallow. Nothing changes unless every part is
     * valid. A changed access list applies from the next request on this replica and within the
     * token-check cache's life on the others.
     */
    @CatalogWrite
    @Transactional
    public RecipientDetails update(
            String name,
            Optional<String> description,
            Map<String, String> set,
            List<String> remove,
            List<String> allowNetworks,
            List<String> removeNetworks) {
        description.ifPresent(d -> InputLimits.atMost("description", d, InputLimits.RECIPIENT_DESCRIPTION));
        checkProperties(set);
        TreeSet<String> allow = canonical(allowNetworks);
        TreeSet<String> disallow = canonical(removeNetworks);
        RecipientEntity recipient = require(name);
        for (String network : disallow) {
            if (!recipient.networks.contains(network)) {
                throw LakeshareException.notFound(
                        "Recipient '" + recipient.name + "' has no network " + network + " to remove");
            }
            if (allow.contains(network)) {
                throw LakeshareException.invalidParameter("Network " + network + " is both allowed and removed");
            }
        }
        for (String key : remove) {
            Names.validate("property", key);
            if (!recipient.properties.containsKey(key)) {
                throw LakeshareException.notFound(
                        "Recipient '" + recipient.name + "' has no property '" + key + "' to remove");
            }
            if (set.containsKey(key)) {
                throw LakeshareException.invalidParameter("Property '" + key + "' is both set and removed");
            }
        }
        TreeSet<String> networks = new TreeSet<>(recipient.networks);
        networks.removeAll(disallow);
        networks.addAll(allow);
        checkNetworkCount(networks);
        boolean networksChanged = !networks.equals(recipient.networks);
        remove.forEach(recipient.properties::remove);
        recipient.properties.putAll(set);
        description.ifPresent(d -> recipient.description = d);
        if (networksChanged) {
            recipient.networks.clear();
            recipient.networks.addAll(networks);
            // Token checks carry the access list: drop them, as for a revocation.
            revoked.fire(new TokenCheckCache.Revoked());
        }
        recipient.updatedAt = CatalogTime.now();
        LOG.infof(
                "Updated recipient %s: %d propert(ies) set, %d removed%s%s",
                recipient.name,
                set.size(),
                remove.size(),
                description.isPresent() ? ", description changed" : "",
                networksChanged
                        ? ", " + (networks.isEmpty() ? "callable from anywhere" : networks.size() + " network(s)")
                        : "");
        return details(recipient);
    }

    /** Removes a recipient with its grants, and revokes all its tokens at once. */
    @CatalogWrite
    @Transactional
    public void remove(String name) {
        RecipientEntity recipient = require(name);
        long tokens = TokenEntity.delete("recipient", recipient);
        GrantEntity.delete("recipient", recipient);
        recipient.delete();
        revoked.fire(new TokenCheckCache.Revoked());
        LOG.infof("Removed recipient %s and revoked its %d token(s)", recipient.name, tokens);
    }

    /** Grants a share to a recipient: its tokens list and read it from their next request on. */
    @CatalogWrite
    @Transactional
    public RecipientDetails grant(String shareName, String recipientName) {
        ShareEntity share = ShareService.require(shareName);
        RecipientEntity recipient = require(recipientName);
        if (GrantEntity.count("share = ?1 and recipient = ?2", share, recipient) > 0) {
            throw LakeshareException.alreadyExists(
                    "Share '" + share.name + "' is already granted to recipient '" + recipient.name + "'");
        }
        GrantEntity grant = new GrantEntity();
        grant.id = UUID.randomUUID();
        grant.share = share;
        grant.recipient = recipient;
        grant.grantedAt = CatalogTime.now();
        grant.persist();
        LOG.infof("Granted share %s to recipient %s", share.name, recipient.name);
        return details(recipient);
    }

    /**
     * Takes a share back from a recipient: its tokens stop seeing it at their next request, on every
     * replica; the server's own file URLs of the share issued to them are refused too (see {@link
     * TokenService#holder}).
     */
    @CatalogWrite
    @Transactional
    public RecipientDetails revoke(String shareName, String recipientName) {
        ShareEntity share = ShareService.require(shareName);
        RecipientEntity recipient = require(recipientName);
        if (GrantEntity.delete("share = ?1 and recipient = ?2", share, recipient) == 0) {
            throw LakeshareException.notFound(
                    "Share '" + share.name + "' is not granted to recipient '" + recipient.name + "'");
        }
        revoked.fire(new TokenCheckCache.Revoked());
        LOG.infof("Revoked share %s from recipient %s", share.name, recipient.name);
        return details(recipient);
    }

    static RecipientEntity require(String name) {
        return RecipientEntity.findByName(name)
                .orElseThrow(() -> LakeshareException.notFound("Recipient '" + name + "' does not exist"));
    }

    /** The canonical text of each network ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}), or a 400 naming the bad one. */
    private static TreeSet<String> canonical(Collection<String> networks) {
        TreeSet<String> out = new TreeSet<>();
        for (String network : networks) {
            try {
                out.add(AddressRange.parse(network).text());
            } catch (IllegalArgumentException e) {
                throw LakeshareException.invalidParameter("Not a network: " + e.getMessage());
            }
        }
        return out;
    }

    private static void checkNetworkCount(Collection<String> networks) {
        if (networks.size() > InputLimits.RECIPIENT_NETWORKS) {
            throw LakeshareException.invalidParameter(
                    "A recipient may have at most " + InputLimits.RECIPIENT_NETWORKS + " networks");
        }
    }

    private static void checkProperties(Map<String, String> properties) {
        properties.forEach((key, value) -> {
            Names.validate("property", key);
            if (value == null) {
                throw LakeshareException.invalidParameter("Property '" + key + "' has no value");
            }
            InputLimits.atMost("property '" + key + "'", value, InputLimits.PROPERTY_VALUE);
        });
    }

    private static RecipientDetails details(RecipientEntity recipient) {
        List<String> shares = GrantEntity.<GrantEntity>list("recipient = ?1 order by share.nameKey", recipient).stream()
                .map(g -> g.share.name)
                .toList();
        return new RecipientDetails(
                recipient.id,
                recipient.name,
                recipient.description,
                Collections.unmodifiableMap(new TreeMap<>(recipient.properties)),
                List.copyOf(new TreeSet<>(recipient.networks)),
                shares,
                TokenEntity.count("recipient", recipient),
                recipient.createdAt,
                recipient.updatedAt);
    }
}
