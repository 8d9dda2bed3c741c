package io.lakeshare.tables;

import java.util.Map;

/**
 * Reads position-delete files: Parquet files of {@code file_path}, {@code pos} rows, as Iceberg v2
 * writes them. A port, so that the Iceberg reader uses the Parquet reader the server already has
 * without depending on the library behind it.
 */
public interface PositionDeleteReader {

    /** The deleted positions the delete file names, by data file location, each sorted and distinct. */
    Map<String, long[]> read(ObjectPath file, long size);
}
