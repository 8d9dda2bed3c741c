package io.lakeshare.catalog;

import io.lakeshare.errors.LakeshareException;
import io.lakeshare.tables.skipping.PartitionFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rows of a table recipients may see, by partition, as the owner writes it (Databricks' syntax):
 * equalities and {@code IN} lists on partition columns, combined with {@code AND}, each value a
 * literal ({@code 'nl'}, {@code 2024}, {@code true}) or a property of the recipient asking,
 * {@code CURRENT_RECIPIENT('country')}:
 *
 * <pre>country = CURRENT_RECIPIENT('country') AND region IN ('eu', 'us')</pre>
 *
 * <p>A recipient without the property, and a share token (no recipient at all), match no value of
 * that condition: they see no rows of the table. {@link #text()} is the canonical form kept in the
 * catalog; parsing it again gives the same scope.
 */
public record PartitionScope(List<Condition> conditions) {

    public static final String FORM =
            "column = 'value' | column IN ('a', 'b') | column = CURRENT_RECIPIENT('property'), joined by AND";

    /** A value of a condition: a literal, or the recipient's property {@code key}. */
    public record Value(String literal, String property) {
        String text() {
            return property != null ? "CURRENT_RECIPIENT(" + quote(property) + ")" : literal;
        }
    }

    /** {@code column} must be one of {@code values}; {@code in} records whether it was written as a list. */
    public record Condition(String column, List<Value> values, boolean in) {}

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?");

    public PartitionScope {
        conditions = List.copyOf(conditions);
    }

    /** Parses an owner's scope; throws an invalid-parameter error naming what is wrong. */
    public static PartitionScope parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        Parser p = new Parser(text);
        List<Condition> conditions = new ArrayList<>();
        do {
            conditions.add(p.condition());
        } while (p.keyword("AND"));
        p.skipSpace();
        if (!p.atEnd()) {
            throw invalid(text, "unexpected '" + p.rest() + "'");
        }
        return new PartitionScope(conditions);
    }

    /** The canonical text, as the catalog keeps it and {@code share info} shows it. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Condition c : conditions) {
            if (!out.isEmpty()) {
                out.append(" AND ");
            }
            out.append(IDENTIFIER.matcher(c.column()).matches() ? c.column() : "`" + c.column() + "`");
            if (c.in()) {
                out.append(" IN (");
                for (int i = 0; i < c.values().size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(c.values().get(i).text());
                }
                out.append(')');
            } else {
                out.append(" = ").append(c.values().get(0).text());
            }
        }
        return out.toString();
    }

    /** The partition columns the scope names, as written. */
    public List<String> columns() {
        return conditions.stream().map(Condition::column).distinct().toList();
    }

    /**
     * The scope for one bearer: each condition with its literal values and the values of the
     * recipient's properties it names ({@code properties} empty for a share token); a property the
     * recipient lacks gives no value.
     */
    public List<PartitionFilter.Condition> resolve(Map<String, String> properties) {
        List<PartitionFilter.Condition> resolved = new ArrayList<>();
        for (Condition c : conditions) {
            List<String> values = new ArrayList<>();
            for (Value v : c.values()) {
                if (v.property() == null) {
                    values.add(v.literal().startsWith("'") ? unquote(v.literal()) : v.literal());
                } else if (properties.containsKey(v.property())) {
                    values.add(properties.get(v.property()));
                }
            }
            resolved.add(new PartitionFilter.Condition(c.column(), values));
        }
        return resolved;
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("''", "'");
    }

    private static LakeshareException invalid(String text, String why) {
        String shown = text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return LakeshareException.invalidParameter(
                "Invalid partition scope '" + shown + "': " + why + "; the form is " + FORM);
    }

    /** A hand-written reader (no backtracking patterns over the whole text). */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Condition condition() {
            String column = identifier();
            skipSpace();
            if (peek('=')) {
                at++;
                return new Condition(column, List.of(value()), false);
            }
            if (keyword("IN")) {
                skipSpace();
                expect('(');
                List<Value> values = new ArrayList<>();
                do {
                    values.add(value());
                    skipSpace();
                } while (consume(','));
                expect(')');
                return new Condition(column, values, true);
            }
            throw invalid(text, "expected '=' or IN after column " + column);
        }

        String identifier() {
            skipSpace();
            if (consume('`')) {
                int end = text.indexOf('`', at);
                if (end <= at) {
                    throw invalid(text, "a `quoted` column name is not closed or empty");
                }
                String name = text.substring(at, end);
                at = end + 1;
                return name;
            }
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            String name = text.substring(start, at);
            if (!IDENTIFIER.matcher(name).matches()) {
                throw invalid(text, "expected a partition column name at position " + (start + 1));
            }
            if (name.equalsIgnoreCase("AND") || name.equalsIgnoreCase("IN")) {
                throw invalid(text, "expected a partition column name, not " + name);
            }
            return name;
        }

        Value value() {
            skipSpace();
            if (peek('\'')) {
                return new Value(quote(string()), null);
            }
            int start = at;
            while (at < text.length()
                    && (Character.isLetterOrDigit(text.charAt(at)) || "_.-".indexOf(text.charAt(at)) >= 0)) {
                at++;
            }
            String word = text.substring(start, at);
            if (word.equalsIgnoreCase("CURRENT_RECIPIENT")) {
                skipSpace();
                expect('(');
                skipSpace();
                if (!peek('\'')) {
                    throw invalid(text, "CURRENT_RECIPIENT takes a quoted property name");
                }
                String key = string();
                if (key.isEmpty()) {
                    throw invalid(text, "CURRENT_RECIPIENT takes a property name");
                }
                skipSpace();
                expect(')');
                return new Value(null, key);
            }
            if (NUMBER.matcher(word).matches()) {
                return new Value(word, null);
            }
            if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
                return new Value(word.toLowerCase(Locale.ROOT), null);
            }
            throw invalid(
                    text,
                    word.isEmpty()
                            ? "expected a value at position " + (start + 1)
                            : "'" + word + "' is not a value (quote strings: '" + word + "')");
        }

        /** A quoted string at the cursor, {@code ''} standing for a quote. */
        String string() {
            expect('\'');
            StringBuilder s = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw invalid(text, "a quoted string is not closed");
                }
                char c = text.charAt(at++);
                if (c == '\'') {
                    if (peek('\'')) {
                        at++;
                    } else {
                        return s.toString();
                    }
                }
                s.append(c);
            }
        }

        boolean keyword(String word) {
            skipSpace();
            int end = at + word.length();
            if (end <= text.length()
                    && text.regionMatches(true, at, word, 0, word.length())
                    && (end == text.length()
                            || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'))) {
                at = end;
                return true;
            }
            return false;
        }

        void expect(char c) {
            skipSpace();
            if (!consume(c)) {
                throw invalid(text, "expected '" + c + "' at position " + (at + 1));
            }
        }

        boolean consume(char c) {
            skipSpace();
            if (peek(c)) {
                at++;
                return true;
            }
            return false;
        }

        boolean peek(char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        boolean atEnd() {
            return at >= text.length();
        }

        String rest() {
            String r = text.substring(at);
            return r.length() > 40 ? r.substring(0, 40) + "..." : r;
        }
    }
}
