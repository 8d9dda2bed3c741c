package io.lakeshare.tables.skipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeshare.tables.TableMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy SQL {@code predicateHints}: a list of conjuncts, each {@code column op literal} or
 * {@code column IS [NOT] NULL}, applied on partition columns only (as the reference server does).
 * Conjuncts it cannot read are left out, which only means fewer files are skipped.
 */
final class SqlPredicates {

    // The literal is read by hand (quotedString): a pattern repeating a group per character, as
    // '(?:[^']|'')*' does, recurses once per character and overflows the stack on long literals.
    private static final Pattern COMPARISON =
            Pattern.compile("\\s*`?([A-Za-z_][A-Za-z0-9_]*)`?\\s*(==|<>|!=|<=|>=|=|<|>)(.*)", Pattern.DOTALL);
    private static final Pattern UNQUOTED =
            Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?|true|false", Pattern.CASE_INSENSITIVE);
    private static final Pattern NULL_TEST =
            Pattern.compile("\\s*`?([A-Za-z_][A-Za-z0-9_]*)`?\\s+IS\\s+(NOT\\s+)?NULL\\s*", Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SqlPredicates() {}

    @SuppressWarnings("rawtypes")
    static Optional<FilePredicate> parse(List<String> hints, TableMetadata metadata) {
        Map<String, ValueType> partitionTypes = partitionTypes(metadata);
        List<FilePredicate> conjuncts = new ArrayList<>();
        for (String hint : hints) {
            if (hint == null) {
                continue;
            }
            Matcher nullTest = NULL_TEST.matcher(hint);
            Matcher comparison = COMPARISON.matcher(hint);
            if (nullTest.matches()) {
                ValueType type = partitionTypes.get(nullTest.group(1).toLowerCase(Locale.ROOT));
                if (type != null) {
                    FilePredicate isNull = new FilePredicate.IsNull(nullTest.group(1), type);
                    conjuncts.add(nullTest.group(2) == null ? isNull : new FilePredicate.Not(isNull));
                }
            } else if (comparison.matches()) {
                ValueType type = partitionTypes.get(comparison.group(1).toLowerCase(Locale.ROOT));
                Optional<String> literal = literal(comparison.group(3));
                Optional<Comparable> value =
                        type == null || literal.isEmpty() ? Optional.empty() : type.parse(literal.get());
                if (value.isPresent()) {
                    String op = comparison.group(2);
                    boolean negated = op.equals("<>") || op.equals("!=");
                    FilePredicate compare = new FilePredicate.Compare(
                            comparison.group(1),
                            type,
                            switch (op) {
                                case "<" -> FilePredicate.Op.LT;
                                case "<=" -> FilePredicate.Op.LE;
                                case ">" -> FilePredicate.Op.GT;
                                case ">=" -> FilePredicate.Op.GE;
                                default -> FilePredicate.Op.EQ;
                            },
                            value.get());
                    conjuncts.add(negated ? new FilePredicate.Not(compare) : compare);
                }
            }
        }
        if (conjuncts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(conjuncts.size() == 1 ? conjuncts.get(0) : new FilePredicate.And(conjuncts));
    }

    /**
     * The literal of a comparison, surrounding whitespace aside: a quoted string ({@code ''} for a
     * quote), a number or a boolean; empty for anything else.
     */
    private static Optional<String> literal(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(text.charAt(to - 1))) {
            to--;
        }
        String t = text.substring(from, to);
        if (!t.startsWith("'")) {
            return UNQUOTED.matcher(t).matches() ? Optional.of(t) : Optional.empty();
        }
        if (t.length() < 2 || !t.endsWith("'")) {
            return Optional.empty();
        }
        StringBuilder value = new StringBuilder(t.length());
        for (int i = 1; i < t.length() - 1; i++) {
            char c = t.charAt(i);
            if (c == '\'') {
                if (i + 1 >= t.length() - 1 || t.charAt(i + 1) != '\'') {
                    return Optional.empty(); // a lone quote inside: not one literal
                }
                i++;
            }
            value.append(c);
        }
        return Optional.of(value.toString());
    }

    /** Whitespace as the pattern's {@code \\s} means it. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Partition columns and their types, from the table's schema. */
    static Map<String, ValueType> partitionTypes(TableMetadata metadata) {
        Map<String, ValueType> types = new HashMap<>();
        try {
            JsonNode fields = JSON.readTree(metadata.schemaString()).path("fields");
            for (String column : metadata.partitionColumns()) {
                for (JsonNode field : fields) {
                    if (field.path("name").asText().equalsIgnoreCase(column)
                            && field.path("type").isTextual()) {
                        typeOf(field.path("type").asText())
                                .ifPresent(t -> types.put(column.toLowerCase(Locale.ROOT), t));
                    }
                }
            }
        } catch (java.io.IOException e) {
            return Map.of();
        }
        return types;
    }

    private static Optional<ValueType> typeOf(String sparkType) {
        String t = sparkType.toLowerCase(Locale.ROOT);
        if (t.startsWith("decimal")) {
            return Optional.of(ValueType.DOUBLE);
        }
        return switch (t) {
            case "string" -> Optional.of(ValueType.STRING);
            case "byte", "short", "integer" -> Optional.of(ValueType.INT);
            case "long" -> Optional.of(ValueType.LONG);
            case "float" -> Optional.of(ValueType.FLOAT);
            case "double" -> Optional.of(ValueType.DOUBLE);
            case "boolean" -> Optional.of(ValueType.BOOL);
            case "date" -> Optional.of(ValueType.DATE);
            case "timestamp", "timestamp_ntz" -> Optional.of(ValueType.TIMESTAMP);
            default -> Optional.empty();
        };
    }
}
