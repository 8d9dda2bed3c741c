package io.lakeshare.errors;

import java.util.List;

/**
 * Limits on what callers send, checked where each value comes in and named in the refusal, so that
 * none reaches a limit of the database (a column's size) or of the server (a parser's depth) first.
 * The sizes match the catalog's columns (db/migration).
 */
public final class InputLimits {

    /** Share descriptions: {@code shares.description}. */
    public static final int SHARE_DESCRIPTION = 4096;
    /** Recipient descriptions: {@code recipients.description}. */
    public static final int RECIPIENT_DESCRIPTION = 4096;
    /** Values of recipient properties: {@code recipient_properties.prop_value}. */
    public static final int PROPERTY_VALUE = 1024;
    /** Networks in one recipient's IP access list: {@code recipient_networks}. */
    public static final int RECIPIENT_NETWORKS = 256;
    /** Token descriptions: {@code recipient_tokens.description}. */
    public static final int TOKEN_DESCRIPTION = 1024;
    /** Of an OIDC subject bound to a recipient (its column holds 255). */
    public static final int OIDC_SUBJECT = 255;
    /** Table prefixes and {@code namespace:table} of catalog tables: {@code shared_tables.prefix}. */
    public static final int PREFIX = 1024;
    /** Buckets and warehouses: {@code shared_tables.bucket}. */
    public static final int BUCKET = 63;
    /** The public endpoint frozen into a token: {@code recipient_tokens.public_endpoint}. */
    public static final int PUBLIC_ENDPOINT = 2048;
    /** {@code idempotencyKey} of asynchronous queries: {@code async_queries.idempotency_key}. */
    public static final int IDEMPOTENCY_KEY = 255;
    /** An asynchronous query as stored, in JSON: {@code async_queries.request}. */
    public static final int STORED_QUERY = 65536;
    /** {@code jsonPredicateHints}, in characters. */
    public static final int JSON_PREDICATE_HINTS = 65536;
    /** {@code predicateHints}: how many, and how long each. */
    public static final int PREDICATE_HINTS = 1000;

    public static final int PREDICATE_HINT = 4096;
    /** Page and refresh tokens: the server's own are far shorter. */
    public static final int TOKEN = 4096;
    /** Timestamps, as text. */
    public static final int TIMESTAMP = 64;

    private InputLimits() {}

    /** The value, when it has at most {@code max} characters (null passes). */
    public static String atMost(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw LakeshareException.invalidParameter(
                    field + " has " + value.length() + " characters; at most " + max + " are allowed");
        }
        return value;
    }

    /** The list, when it has at most {@code count} entries of at most {@code each} characters each (null passes). */
    public static List<String> atMost(String field, List<String> values, int count, int each) {
        if (values == null) {
            return null;
        }
        if (values.size() > count) {
            throw LakeshareException.invalidParameter(
                    field + " has " + values.size() + " entries; at most " + count + " are allowed");
        }
        for (int i = 0; i < values.size(); i++) {
            atMost(field + "[" + i + "]", values.get(i), each);
        }
        return values;
    }
}
