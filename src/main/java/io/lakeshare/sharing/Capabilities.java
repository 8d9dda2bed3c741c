package io.lakeshare.sharing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code delta-sharing-capabilities} request header: {@code key=v1,v2;key2=v3}, keys and values
 * case-insensitive, malformed pairs ignored.
 */
public record Capabilities(
        List<String> responseFormats, Set<String> readerFeatures, boolean includeEndStreamAction, boolean asyncQuery) {

    static final String HEADER = "delta-sharing-capabilities";

    public static Capabilities parse(String header) {
        List<String> formats = new ArrayList<>();
        Set<String> features = new TreeSet<>();
        boolean endStream = false;
        boolean async = false;
        if (header != null) {
            for (String pair : lower(header).split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = pair.substring(0, eq).strip();
                List<String> values = new ArrayList<>();
                for (String v : pair.substring(eq + 1).split(",")) {
                    if (!v.isBlank()) {
                        values.add(v.strip());
                    }
                }
                switch (key) {
                    case "responseformat" -> formats.addAll(values);
                    case "readerfeatures" -> features.addAll(values);
                    case "includeendstreamaction" -> endStream = values.contains("true");
                    case "asyncquery" -> async = values.contains("true");
                    default -> {}
                }
            }
        }
        if (formats.isEmpty()) {
            formats.add("parquet");
        }
        return new Capabilities(List.copyOf(formats), Set.copyOf(features), endStream, async);
    }

    /**
     * Keys and values are ASCII, so only ASCII letters need folding; not {@code toLowerCase()},
     * which takes quadratic time on some long strings (of 'İ').
     */
    static String lower(String header) {
        char[] chars = header.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    public boolean accepts(String format) {
        return responseFormats.contains(format);
    }
}
