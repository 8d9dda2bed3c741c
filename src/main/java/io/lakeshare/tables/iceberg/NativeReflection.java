package io.lakeshare.tables.iceberg;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What Iceberg Core instantiates by reflection when it reads manifest lists and manifests (through
 * its Avro readers' hidden constructors), registered for the native image.
 */
@RegisterForReflection(classNames = {
    "org.apache.iceberg.GenericManifestFile",
    "org.apache.iceberg.GenericPartitionFieldSummary",
    "org.apache.iceberg.GenericManifestEntry",
    "org.apache.iceberg.GenericDataFile",
    "org.apache.iceberg.GenericDeleteFile",
    "org.apache.iceberg.PartitionData"
})
final class NativeReflection {

    private NativeReflection() {
    }
}
