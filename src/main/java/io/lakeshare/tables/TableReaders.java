package io.lakeshare.tables;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;

/** The table readers by format: adding a format is one package with one {@link TableReader} bean. */
@ApplicationScoped
public class TableReaders {

    private final Map<TableFormat, TableReader> byFormat = new EnumMap<>(TableFormat.class);

    @Inject
    public TableReaders(Instance<TableReader> readers) {
        for (TableReader reader : readers) {
            if (byFormat.put(reader.format(), reader) != null) {
                throw new IllegalStateException("Two table readers for " + reader.format());
            }
        }
    }

    /** The reader of the table's format. */
    public TableReader of(TableLocation table) {
        TableReader reader = byFormat.get(table.format());
        if (reader == null) {
            throw new IllegalStateException("No table reader for " + table.format());
        }
        return reader;
    }
}
