package io.lakeshare.tables.iceberg;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What Iceberg Core instantiates by reflection when it reads manifest lists and manifests (through
 * its Avro readers' hidden constructors) and when its REST client picks an authentication manager,
 * registered for the native image.
 */
@RegisterForReflection(
        classNames = {
            "org.apache.iceberg.GenericManifestFile",
            "org.apache.iceberg.GenericPartitionFieldSummary",
            "org.apache.iceberg.GenericManifestEntry",
            "org.apache.iceberg.GenericDataFile",
            "org.apache.iceberg.GenericDeleteFile",
            "org.apache.iceberg.PartitionData",
            "org.apache.iceberg.rest.auth.NoopAuthManager",
            "org.apache.iceberg.rest.auth.OAuth2Manager"
        })
final class NativeReflection {

    private NativeReflection() {}
}
