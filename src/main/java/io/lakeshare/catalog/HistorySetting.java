package io.lakeshare.catalog;

import io.lakeshare.errors.LakeshareException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a table's history is shared, as the owner writes it: {@code schema/table=off},
 * {@code schema/table=on}, or {@code schema/table=on@12} to share versions from 12 on.
 */
public record HistorySetting(String schema, String table, boolean shared, Long startVersion) {

    public static final String FORM = "schema/table=on|off[@start-version]";
    private static final Pattern SETTING =
            Pattern.compile("([^/=]+)/([^/=]+)=(on|off)(?:@(\\d{1,18}))?", Pattern.CASE_INSENSITIVE);

    public static HistorySetting parse(String text) {
        Matcher m = SETTING.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw LakeshareException.invalidParameter("Invalid history setting '" + text + "'; the form is " + FORM);
        }
        boolean shared = m.group(3).equalsIgnoreCase("on");
        if (!shared && m.group(4) != null) {
            throw LakeshareException.invalidParameter("A start version needs history on: " + text);
        }
        return new HistorySetting(
                m.group(1), m.group(2), shared, m.group(4) == null ? null : Long.parseLong(m.group(4)));
    }
}
