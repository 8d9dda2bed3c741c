package io.lakeshare.catalog;

import io.lakeshare.errors.EchoedInput;
import io.lakeshare.errors.LakeshareException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules for share, schema and table names. The protocol allows more (anything but spaces, '/',
 * control characters, and '.' in schema and table names), but the official clients interpolate
 * names into URLs unencoded (Python) or form-encoded (Spark), and Spark splits table paths on '.'.
 * A safe set is enforced at creation so every name is addressable by every client.
 */
public final class Names {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    private Names() {}

    /** Returns the name unchanged if it is valid for the given kind ("share", "schema", "table"). */
    public static String validate(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw LakeshareException.invalidParameter("The " + kind + " name is empty");
        }
        if (!SAFE.matcher(name).matches()) {
            throw LakeshareException.invalidParameter("Invalid " + kind + " name '" + EchoedInput.shown(name)
                    + "': use 1 to 255 letters, digits, '_' or '-'");
        }
        return name;
    }

    /** The key names are compared and made unique by: names are case-insensitive. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
