package io.lakeshare.sharing;

import io.lakeshare.errors.ErrorBody;
import io.lakeshare.errors.OAuthErrorBody;
import io.lakeshare.sharing.wire.DeltaFormat;
import io.lakeshare.sharing.wire.ParquetFormat;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records Jackson writes and reads by reflection outside what Quarkus REST sees (NDJSON lines
 * written one by one, stored async-query requests), registered for the native image. Nested classes
 * of the two format holders are the line types themselves.
 */
@RegisterForReflection(
        targets = {
            ParquetFormat.class,
            DeltaFormat.class,
            ErrorBody.class,
            OAuthErrorBody.class,
            QueryRequest.class,
            ListingModels.class,
            CredentialModels.class
        },
        ignoreNested = false)
final class NativeReflection {

    private NativeReflection() {}
}
