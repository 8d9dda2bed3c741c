package io.lakeshare.tables.skipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code jsonPredicateHints} (PROTOCOL.md, "JSON predicates for Filtering"). Parts it does not understand — an
 * unknown op or valueType, the wrong number of children — become {@link FilePredicate.Unknown},
 * which can match anything; only text that is not JSON at all, or is too large or deep, is ignored
 * whole. Either way a hint can only ever skip files it proves cannot match.
 */
final class JsonPredicates {

    static final int MAX_LENGTH = 1 << 20;
    static final int MAX_DEPTH = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode NO_CHILDREN = JSON.createArrayNode();

    private JsonPredicates() {}

    static Optional<FilePredicate> parse(String hint) {
        if (hint == null || hint.isBlank() || hint.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(hint);
            return root == null || !root.isObject() ? Optional.empty() : Optional.of(node(root, 0));
        } catch (java.io.IOException | TooDeep e) {
            return Optional.empty();
        }
    }

    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    @SuppressWarnings("rawtypes")
    private static FilePredicate node(JsonNode n, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TooDeep();
        }
        List<FilePredicate> children = new ArrayList<>();
        // Children are an array; anything else (an object's values, a scalar) means none.
        JsonNode kids = n.path("children").isArray() ? n.path("children") : NO_CHILDREN;
        String op = n.path("op").asText("");
        switch (op) {
            case "and", "or" -> {
                for (JsonNode kid : kids) {
                    children.add(node(kid, depth + 1));
                }
                if (children.size() < 2) {
                    return new FilePredicate.Unknown();
                }
                return op.equals("and") ? new FilePredicate.And(children) : new FilePredicate.Or(children);
            }
            case "not" -> {
                return kids.size() == 1
                        ? new FilePredicate.Not(node(kids.get(0), depth + 1))
                        : new FilePredicate.Unknown();
            }
            case "isNull" -> {
                JsonNode leaf = kids.size() == 1 ? kids.get(0) : null;
                Optional<ValueType> type = leaf == null
                        ? Optional.empty()
                        : ValueType.of(leaf.path("valueType").asText(null));
                if (leaf == null || !"column".equals(leaf.path("op").asText()) || type.isEmpty()) {
                    return new FilePredicate.Unknown();
                }
                return new FilePredicate.IsNull(leaf.path("name").asText(), type.get());
            }
            case "equal", "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual" -> {
                if (kids.size() != 2) {
                    return new FilePredicate.Unknown();
                }
                return comparison(op(op), kids.get(0), kids.get(1));
            }
            default -> {
                return new FilePredicate.Unknown();
            }
        }
    }

    private static FilePredicate.Op op(String name) {
        return switch (name) {
            case "equal" -> FilePredicate.Op.EQ;
            case "lessThan" -> FilePredicate.Op.LT;
            case "lessThanOrEqual" -> FilePredicate.Op.LE;
            case "greaterThan" -> FilePredicate.Op.GT;
            default -> FilePredicate.Op.GE;
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static FilePredicate comparison(FilePredicate.Op op, JsonNode left, JsonNode right) {
        Optional<ValueType> leftType = ValueType.of(left.path("valueType").asText(null));
        Optional<ValueType> rightType = ValueType.of(right.path("valueType").asText(null));
        if (leftType.isEmpty() || !leftType.equals(rightType)) {
            return new FilePredicate.Unknown();
        }
        ValueType type = leftType.get();
        boolean leftColumn = "column".equals(left.path("op").asText());
        boolean rightColumn = "column".equals(right.path("op").asText());
        if (leftColumn && !rightColumn) {
            return literal(right, type)
                    .<FilePredicate>map(
                            v -> new FilePredicate.Compare(left.path("name").asText(), type, op, v))
                    .orElse(new FilePredicate.Unknown());
        }
        if (rightColumn && !leftColumn) {
            return literal(left, type)
                    .<FilePredicate>map(
                            v -> new FilePredicate.Compare(right.path("name").asText(), type, op.flipped(), v))
                    .orElse(new FilePredicate.Unknown());
        }
        if (!leftColumn && !rightColumn) {
            Optional<Comparable> a = literal(left, type);
            Optional<Comparable> b = literal(right, type);
            if (a.isPresent() && b.isPresent()) {
                int c = a.get().compareTo(b.get());
                boolean holds = switch (op) {
                    case EQ -> c == 0;
                    case LT -> c < 0;
                    case LE -> c <= 0;
                    case GT -> c > 0;
                    case GE -> c >= 0;
                };
                return new FilePredicate.Constant(new Outcomes(holds, !holds, false));
            }
        }
        return new FilePredicate.Unknown();
    }

    @SuppressWarnings("rawtypes")
    private static Optional<Comparable> literal(JsonNode node, ValueType type) {
        if (!"literal".equals(node.path("op").asText()) || !node.path("value").isValueNode()) {
            return Optional.empty();
        }
        return type.parse(node.path("value").asText());
    }
}
