package io.lakeshare.sharing;

import io.lakeshare.catalog.Bearer;
import io.lakeshare.catalog.PartitionScope;
import io.lakeshare.catalog.RecipientAccessService;
import io.lakeshare.catalog.SharedTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Settles, per request, which partitions of a table the bearer may see (see {@link BearerScope}). */
@ApplicationScoped
public class TableScopes {

    @Inject
    RecipientAccessService access;

    BearerScope of(Bearer bearer, SharedTable table) {
        if (!table.isScoped()) {
            return BearerScope.WHOLE_TABLE;
        }
        PartitionScope scope = table.scope().orElseThrow();
        boolean usesRecipient =
                scope.conditions().stream().anyMatch(c -> c.values().stream().anyMatch(v -> v.property() != null));
        Map<String, String> properties = usesRecipient ? access.properties(bearer) : Map.of();
        return BearerScope.of(scope.resolve(properties));
    }
}
