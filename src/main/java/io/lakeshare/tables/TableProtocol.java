package io.lakeshare.tables;

import java.util.Set;

/** A table's Delta protocol: reader and writer versions and table features. */
public record TableProtocol(
        int minReaderVersion, int minWriterVersion, Set<String> readerFeatures, Set<String> writerFeatures) {}
