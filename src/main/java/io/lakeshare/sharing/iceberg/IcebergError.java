package io.lakeshare.sharing.iceberg;

/**
 * A failure as the Iceberg REST catalog's error model names it: the HTTP status, the exception type
 * Iceberg clients know ({@code NoSuchTableException}, {@code ForbiddenException}, …) and a message
 * for the recipient (naming shared names only, never where data is kept).
 */
public final class IcebergError extends RuntimeException {

    private final int status;
    private final String type;

    public IcebergError(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public static IcebergError badRequest(String message) {
        return new IcebergError(400, "BadRequestException", message);
    }

    public static IcebergError forbidden(String message) {
        return new IcebergError(403, "ForbiddenException", message);
    }

    /** Every write: the catalog serves what owners share, and recipients change nothing. */
    public static IcebergError readOnly() {
        return forbidden("This Iceberg REST catalog is read-only: tables and namespaces cannot be created,"
                + " changed, renamed, registered or dropped");
    }

    public static IcebergError noSuchNamespace(String namespace) {
        return new IcebergError(
                404,
                "NoSuchNamespaceException",
                "Namespace '" + printable(namespace) + "' does not exist, or is not shared with you");
    }

    public static IcebergError noSuchTable(String namespace, String table) {
        return new IcebergError(
                404,
                "NoSuchTableException",
                "Table '" + printable(namespace) + "." + printable(table)
                        + "' does not exist, or is not shared with you");
    }

    public static IcebergError noSuchWarehouse(String warehouse) {
        return new IcebergError(
                404,
                "NoSuchWarehouseException",
                "Warehouse (share) '" + printable(warehouse) + "' does not exist, or is not shared with you");
    }

    /** Names as recipients sent them, with the namespace separator and control characters shown harmlessly. */
    public static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(name.length(), 300));
        for (int i = 0; i < name.length() && out.length() < 300; i++) {
            char c = name.charAt(i);
            out.append(c == '\u001f' ? '.' : (c < 0x20 || c == 0x7f) ? '?' : c);
        }
        return out.toString();
    }
}
