package io.lakeshare.ops.health;

import java.net.URI;

/**
 * A URI as health output and logs show it: scheme, host, port and path, without the user info
 * ({@code user:password@}) and query string where credentials and tokens travel. Health output is
 * served as it is, past the log filter, so nothing secret may reach it in the first place.
 */
final class ShownUri {

    private ShownUri() {}

    static String of(URI uri) {
        StringBuilder shown = new StringBuilder();
        if (uri.getScheme() != null) {
            shown.append(uri.getScheme()).append(':');
        }
        String authority = uri.getRawAuthority();
        if (authority != null) {
            shown.append("//").append(authority.substring(authority.lastIndexOf('@') + 1));
        }
        if (uri.getRawPath() != null) {
            shown.append(uri.getRawPath());
        }
        return shown.toString();
    }

    /** {@code text} (an exception's, say) with {@code uri} shown as {@link #of} shows it, and its user info and query cut wherever they appear. */
    static String scrub(String text, URI uri) {
        String scrubbed = text.replace(uri.toString(), of(uri));
        if (uri.getRawUserInfo() != null) {
            scrubbed = scrubbed.replace(uri.getRawUserInfo() + "@", "");
        }
        if (uri.getRawQuery() != null) {
            scrubbed = scrubbed.replace("?" + uri.getRawQuery(), "");
        }
        return scrubbed;
    }
}
