package io.lakeshare.catalog;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.Optional;

/**
 * Refuses a change the catalog database cannot store ({@link CatalogWrites}) before its
 * transaction begins: it is answered 503 rather than attempted, since on H2 a failed write closes
 * the database under the reads in flight.
 */
@CatalogWrite
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) // outside @Transactional (PLATFORM_BEFORE + 200)
public class CatalogWriteGate {

    @Inject
    CatalogWrites writes;

    @AroundInvoke
    Object refuseWhatCannotBeStored(InvocationContext invocation) throws Exception {
        Optional<String> refusal = writes.refusal();
        if (refusal.isPresent()) {
            throw CatalogOutage.unavailable(refusal.get());
        }
        return invocation.proceed();
    }
}
