package io.lakeshare.catalog;

import io.lakeshare.errors.LakeshareException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How recipients may read a table, as the owner writes it: {@code schema/table=url} (per-file URLs,
 * the default) or {@code schema/table=dir}, which also lets them ask for temporary credentials that
 * read the table's whole prefix.
 */
public record AccessSetting(String schema, String table, boolean directory) {

    public static final String FORM = "schema/table=url|dir";
    private static final Pattern SETTING = Pattern.compile("([^/=]+)/([^/=]+)=(url|dir)", Pattern.CASE_INSENSITIVE);

    public static AccessSetting parse(String text) {
        Matcher m = SETTING.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw LakeshareException.invalidParameter("Invalid access setting '" + text + "'; the form is " + FORM);
        }
        return new AccessSetting(m.group(1), m.group(2), m.group(3).equalsIgnoreCase("dir"));
    }
}
