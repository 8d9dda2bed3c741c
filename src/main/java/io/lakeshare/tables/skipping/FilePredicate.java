package io.lakeshare.tables.skipping;

import java.util.List;
import java.util.Optional;

/** The predicate hints' expression tree, evaluated against what is known about one file. */
sealed interface FilePredicate {

    Outcomes evaluate(FileFacts file);

    /** A part of a hint this server does not understand: it may match anything. */
    record Unknown() implements FilePredicate {
        public Outcomes evaluate(FileFacts file) {
            return Outcomes.UNKNOWN;
        }
    }

    record And(List<FilePredicate> children) implements FilePredicate {
        public Outcomes evaluate(FileFacts file) {
            Outcomes result = new Outcomes(true, false, false);
            for (FilePredicate child : children) {
                result = result.and(child.evaluate(file));
            }
            return result;
        }
    }

    record Or(List<FilePredicate> children) implements FilePredicate {
        public Outcomes evaluate(FileFacts file) {
            Outcomes result = new Outcomes(false, true, false);
            for (FilePredicate child : children) {
                result = result.or(child.evaluate(file));
            }
            return result;
        }
    }

    record Not(FilePredicate child) implements FilePredicate {
        public Outcomes evaluate(FileFacts file) {
            return child.evaluate(file).not();
        }
    }

    record IsNull(String column, ValueType type) implements FilePredicate {
        public Outcomes evaluate(FileFacts file) {
            FileFacts.Column c = file.column(column, type);
            return new Outcomes(!Boolean.FALSE.equals(c.someNull()), !Boolean.TRUE.equals(c.allNull()), false);
        }
    }

    enum Op {
        EQ,
        LT,
        LE,
        GT,
        GE;

        Op flipped() {
            return switch (this) {
                case EQ -> EQ;
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
            };
        }
    }

    /** {@code column op literal}; the literal is already parsed in the column's type. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    record Compare(String column, ValueType type, Op op, Comparable literal) implements FilePredicate {
        public Outcomes evaluate(FileFacts file) {
            FileFacts.Column c = file.column(column, type);
            if (Boolean.TRUE.equals(c.allNull())) {
                return new Outcomes(false, false, true);
            }
            boolean canNull = !Boolean.FALSE.equals(c.someNull());
            Optional<Comparable> min = c.min();
            Optional<Comparable> max = c.max();
            boolean canTrue;
            boolean canFalse;
            switch (op) {
                case EQ -> {
                    canTrue = min.map(m -> m.compareTo(literal) <= 0).orElse(true)
                            && max.map(m -> m.compareTo(literal) >= 0).orElse(true);
                    canFalse = !(min.isPresent()
                            && max.isPresent()
                            && min.get().compareTo(literal) == 0
                            && max.get().compareTo(literal) == 0);
                }
                case LT -> {
                    canTrue = min.map(m -> m.compareTo(literal) < 0).orElse(true);
                    canFalse = max.map(m -> m.compareTo(literal) >= 0).orElse(true);
                }
                case LE -> {
                    canTrue = min.map(m -> m.compareTo(literal) <= 0).orElse(true);
                    canFalse = max.map(m -> m.compareTo(literal) > 0).orElse(true);
                }
                case GT -> {
                    canTrue = max.map(m -> m.compareTo(literal) > 0).orElse(true);
                    canFalse = min.map(m -> m.compareTo(literal) <= 0).orElse(true);
                }
                default -> {
                    canTrue = max.map(m -> m.compareTo(literal) >= 0).orElse(true);
                    canFalse = min.map(m -> m.compareTo(literal) < 0).orElse(true);
                }
            }
            return new Outcomes(canTrue, canFalse, canNull);
        }
    }

    /** A comparison of two literals: known outright. */
    record Constant(Outcomes value) implements FilePredicate {
        public Outcomes evaluate(FileFacts file) {
            return value;
        }
    }
}
