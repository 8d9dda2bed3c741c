package io.lakeshare.tables;

/** The table formats the server reads; each has one {@link TableReader}. */
public enum TableFormat {
    DELTA,
    ICEBERG
}
