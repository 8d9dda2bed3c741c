package io.lakeshare.tables;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An object named the way table readers name files: {@code lakeshare://bucket/key}. The scheme is
 * the server's own; which store holds the bucket is decided by configuration, not by the URI.
 */
public record ObjectPath(String bucket, String key) {

    public static final String SCHEME = "lakeshare";

    /** The table root for a shared table's bucket and prefix, without a trailing '/'. */
    public static String tableRoot(String bucket, String prefix) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return format(bucket, p);
    }

    public static String format(String bucket, String key) {
        try {
            // The URI constructor quotes what must be quoted (spaces, '%', non-ASCII) in the path.
            return new URI(SCHEME, bucket, "/" + key, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot name object " + bucket + "/" + key, e);
        }
    }

    public static ObjectPath parse(String path) {
        URI uri = URI.create(path);
        if (!SCHEME.equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Not a " + SCHEME + ":// path: " + path);
        }
        String key = uri.getPath() == null ? "" : uri.getPath();
        return new ObjectPath(uri.getHost(), key.startsWith("/") ? key.substring(1) : key);
    }
}
