package io.lakeshare.tables;

/**
 * Where a shared table's data is, in the readers' terms, with the name recipients know the table
 * by. Readers put that name, never the location, in what they tell recipients: where the data lies
 * is the owner's business.
 */
public sealed interface TableLocation {

    TableFormat format();

    /** The table's name as recipients address it. */
    String name();

    /** Names this table's data among every other table's, in its format: for caches and spools. */
    String key();

    /** A table whose files lie under {@code prefix} (empty or ending in '/') in {@code bucket}. */
    record StoragePrefix(TableFormat format, String bucket, String prefix, String name) implements TableLocation {

        /** The table root as the readers name objects: {@code lakeshare://bucket/prefix}, no trailing '/'. */
        public String root() {
            return ObjectPath.tableRoot(bucket, prefix);
        }

        @Override
        public String key() {
            return format + ":" + root();
        }
    }

    /**
     * An Iceberg table that an Iceberg REST catalog, configured for {@code warehouse}, knows as
     * {@code namespace.table} ({@code namespace} may be nested, dotted).
     */
    record CatalogTable(String warehouse, String namespace, String table, String name) implements TableLocation {

        @Override
        public TableFormat format() {
            return TableFormat.ICEBERG;
        }

        @Override
        public String key() {
            return "ICEBERG_REST:" + warehouse + "/" + namespace + "." + table;
        }
    }
}
