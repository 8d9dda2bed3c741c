package io.lakeshare.catalog;

import io.lakeshare.errors.LakeshareException;

/**
 * A table's partition scope as the owner sets it: {@code schema/table=SCOPE}, or
 * {@code schema/table=} (nothing after the '=') to clear it, so recipients see the whole table again.
 */
public record PartitionSetting(String schema, String table, PartitionScope scope) {

    public static final String FORM = "schema/table=SCOPE (or schema/table= to clear it)";

    public static PartitionSetting parse(String text) {
        String t = text == null ? "" : text.strip();
        int eq = t.indexOf('=');
        String ref = eq < 0 ? "" : t.substring(0, eq).strip();
        String[] parts = ref.split("/", -1);
        if (eq < 0 || parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw LakeshareException.invalidParameter("Invalid partition setting '" + text + "'; the form is " + FORM);
        }
        String scope = t.substring(eq + 1).strip();
        return new PartitionSetting(parts[0], parts[1], scope.isEmpty() ? null : PartitionScope.parse(scope));
    }

    public String ref() {
        return schema + "/" + table;
    }
}
