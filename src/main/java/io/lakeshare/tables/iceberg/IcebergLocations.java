package io.lakeshare.tables.iceberg;

import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import java.net.URI;
import java.nio.file.Path;

/**
 * Turns the absolute locations Iceberg metadata records ({@code s3://bucket/key}, {@code file:/…}
 * under the local warehouse) into objects of the shared table's bucket. Locations elsewhere are
 * refused: metadata must never lead the server to objects the owner did not share. A table from a
 * catalog the owner configured may live in any bucket the server can reach ({@code bucket} null).
 */
final class IcebergLocations {

    private final String bucket;
    private final Path localRoot;

    IcebergLocations(String bucket, Path localRoot) {
        this.bucket = bucket;
        this.localRoot = localRoot.toAbsolutePath().normalize();
    }

    ObjectPath resolve(String location) {
        ObjectPath object = parse(location);
        if (bucket != null && !object.bucket().equals(bucket)) {
            throw outside("outside the shared bucket " + bucket, location);
        }
        return object;
    }

    private ObjectPath parse(String location) {
        URI uri;
        try {
            uri = URI.create(location.replace(" ", "%20"));
        } catch (IllegalArgumentException e) {
            throw new TableException(
                    Kind.UNSUPPORTED,
                    "The table's Iceberg metadata holds a location that cannot be read",
                    new IllegalArgumentException(location, e));
        }
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "s3", "s3a", "s3n", ObjectPath.SCHEME -> {
                String key = uri.getPath() == null ? "" : uri.getPath();
                return new ObjectPath(uri.getHost(), key.startsWith("/") ? key.substring(1) : key);
            }
            case "file" -> {
                Path path = Path.of(uri.getPath()).toAbsolutePath().normalize();
                if (!path.startsWith(localRoot) || path.getNameCount() <= localRoot.getNameCount() + 1) {
                    throw outside("outside the local warehouse", location);
                }
                Path relative = localRoot.relativize(path);
                return new ObjectPath(
                        relative.getName(0).toString(),
                        relative.subpath(1, relative.getNameCount()).toString().replace('\\', '/'));
            }
            default ->
                throw new TableException(
                        Kind.UNSUPPORTED,
                        "The table's Iceberg metadata refers to files in a kind"
                                + " of storage this server does not read",
                        new IllegalArgumentException(location));
        }
    }

    /** Recipients learn that the metadata leads elsewhere; the owner's log gets where. */
    private static TableException outside(String where, String location) {
        return new TableException(
                Kind.UNSUPPORTED,
                "The table's Iceberg metadata refers to files outside its location;"
                        + " only tables whose files are all in the shared bucket can be shared",
                new IllegalArgumentException(location + " is " + where));
    }
}
