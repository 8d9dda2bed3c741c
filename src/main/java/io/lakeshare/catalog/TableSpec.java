package io.lakeshare.catalog;

import io.lakeshare.errors.InputLimits;
import io.lakeshare.errors.LakeshareException;
import java.util.regex.Pattern;

/**
 * A table as the owner types it: {@code name:format:bucket:prefix}, or with the schema in front,
 * {@code schema:name:format:bucket:prefix}. The prefix is the last part and may itself contain
 * ':'; it is normalised to have no leading '/' and one trailing '/'. A table in an Iceberg REST
 * catalog is {@code name:iceberg-rest:warehouse:namespace:table} instead (a nested namespace is
 * dotted, {@code a.b}): the warehouse takes the bucket's place and {@code namespace:table} the prefix's.
 */
public record TableSpec(String schema, String name, TableFormat format, String bucket, String prefix) {

    public static final String FORM = "name:format:bucket:prefix";
    public static final String FORM_WITH_SCHEMA = "schema:" + FORM;

    public static final String CATALOG_FORM = "name:iceberg-rest:warehouse:namespace:table";

    // Warehouses are names in the server's configuration (lakeshare.iceberg.catalogs."<warehouse>").
    private static final Pattern WAREHOUSE = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    // S3's bucket naming rules; a local warehouse uses the same names as directories.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Parses {@code name:format:bucket:prefix}, for a table of the given schema. */
    public static TableSpec parse(String schema, String spec) {
        String[] parts = split(spec, 4, FORM);
        return of(schema, parts[0], parts[1], parts[2], parts[3], FORM, spec);
    }

    /** Parses {@code schema:name:format:bucket:prefix}. */
    public static TableSpec parseWithSchema(String spec) {
        String[] parts = split(spec, 5, FORM_WITH_SCHEMA);
        return of(parts[0], parts[1], parts[2], parts[3], parts[4], FORM_WITH_SCHEMA, spec);
    }

    private static String[] split(String spec, int parts, String form) {
        if (spec == null || spec.isBlank()) {
            throw LakeshareException.invalidParameter("Empty table spec; the form is " + form);
        }
        String[] split = spec.split(":", parts);
        if (split.length != parts) {
            throw LakeshareException.invalidParameter("Table spec '" + shown(spec) + "' has " + split.length
                    + " part(s) but needs " + parts + "; the form is " + form
                    + " (for example employees:delta:analytics:employees/)");
        }
        return split;
    }

    private static TableSpec of(
            String schema, String name, String format, String bucket, String prefix, String form, String spec) {
        String where = " in table spec '" + shown(spec) + "' (the form is " + form + ")";
        try {
            Names.validate("schema", schema);
            Names.validate("table", name);
        } catch (LakeshareException e) {
            throw LakeshareException.invalidParameter(e.getMessage() + where);
        }
        TableFormat tableFormat = TableFormat.parse(format)
                .orElseThrow(() -> LakeshareException.invalidParameter("Unknown format '" + shown(format) + "'" + where
                        + "; the formats are " + TableFormat.allowed()));
        if (tableFormat == TableFormat.ICEBERG_REST) {
            return inCatalog(
                    schema,
                    name,
                    bucket,
                    prefix,
                    " in table spec '" + shown(spec) + "' (the form is " + CATALOG_FORM + ")");
        }
        if (bucket.isEmpty()) {
            throw LakeshareException.invalidParameter("The bucket is empty" + where);
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw LakeshareException.invalidParameter("Invalid bucket '" + shown(bucket) + "'" + where
                    + ": use 3 to 63 lower-case letters, digits, '.' or '-'");
        }
        return new TableSpec(schema, name, tableFormat, bucket, normalisePrefix(prefix, where));
    }

    private static TableSpec inCatalog(String schema, String name, String warehouse, String rest, String where) {
        if (!WAREHOUSE.matcher(warehouse).matches()) {
            throw LakeshareException.invalidParameter("Invalid warehouse '" + shown(warehouse) + "'" + where
                    + ": use 1 to 63 letters, digits, '_', '.' or '-'");
        }
        int colon = rest.lastIndexOf(':');
        String namespace = colon < 0 ? "" : rest.substring(0, colon);
        String table = rest.substring(colon + 1);
        if (!NAMESPACE.matcher(namespace).matches() || !NAMESPACE.matcher(table).matches() || table.contains(".")) {
            throw LakeshareException.invalidParameter(
                    "Expected namespace:table after the warehouse, got '" + shown(rest) + "'" + where);
        }
        if (rest.length() > InputLimits.PREFIX) {
            throw LakeshareException.invalidParameter("namespace:table has " + rest.length() + " characters; at most "
                    + InputLimits.PREFIX + " are allowed" + where);
        }
        return new TableSpec(schema, name, TableFormat.ICEBERG_REST, warehouse, namespace + ":" + table);
    }

    private static String normalisePrefix(String prefix, String where) {
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (!p.isEmpty() && !p.endsWith("/")) {
            p = p + "/";
        }
        for (String segment : p.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw LakeshareException.invalidParameter(
                        "The prefix '" + shown(prefix) + "' may not contain '.' or '..' segments" + where);
            }
        }
        if (p.length() > InputLimits.PREFIX) {
            throw LakeshareException.invalidParameter("The prefix has " + p.length() + " characters; at most "
                    + InputLimits.PREFIX + " are allowed" + where);
        }
        if (p.contains("//") || p.chars().anyMatch(Character::isISOControl)) {
            throw LakeshareException.invalidParameter(
                    "The prefix '" + shown(prefix) + "' has an empty segment or a control character" + where);
        }
        return p;
    }

    /** A value quoted in a refusal: long ones cut, so that the message stays readable. */
    private static String shown(String value) {
        return value.length() > 200 ? value.substring(0, 200) + "..." : value;
    }

    /** The spec as the owner would type it, with the schema in front. */
    public String render() {
        return schema + ":" + name + ":" + format.id() + ":" + bucket + ":" + prefix;
    }
}
