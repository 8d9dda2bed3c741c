package io.lakeshare.tables.skipping;

/**
 * Which results a predicate can have over the rows of one file, in SQL's three-valued logic. Each
 * flag may be over-approximated (true when unsure), never under: a file is skipped only when no row
 * can make the predicate true.
 */
record Outcomes(boolean canTrue, boolean canFalse, boolean canNull) {

    static final Outcomes UNKNOWN = new Outcomes(true, true, true);

    Outcomes not() {
        return new Outcomes(canFalse, canTrue, canNull);
    }

    Outcomes and(Outcomes o) {
        return new Outcomes(canTrue && o.canTrue, canFalse || o.canFalse, canNull || o.canNull);
    }

    Outcomes or(Outcomes o) {
        return new Outcomes(canTrue || o.canTrue, canFalse && o.canFalse, canNull || o.canNull);
    }
}
