package io.secretjdbc.fuzz;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One generated statement and what the generator knows about it.
 *
 * @param sql            the text, parameters already in their final form ({@code ?}, {@code ?N}, {@code :pN})
 * @param bindings       JDBC index (1-based, as SQLite numbers the parameters) to bound value:
 *                       a String marker, an Integer, or null for setNull; empty for a plain Statement
 * @param secretMarkers  markers that go to a secret column, or are compared with one (or whose column is
 *                       ambiguous): none may reach the delegate
 * @param plainMarkers   markers that go to plain columns only: these may reach the delegate
 * @param mode           how the case is executed
 */
record GeneratedCase(String sql, Map<Integer, Object> bindings, Set<String> secretMarkers,
                     Set<String> plainMarkers, Mode mode) {

    enum Mode { STATEMENT, PREPARED, STATEMENT_BATCH, PREPARED_BATCH }

    /** The text a failure report prints: with markers, as they are test data, never real secrets. */
    String describe() {
        StringBuilder s = new StringBuilder(mode.name()).append(": ").append(sql);
        if (!bindings.isEmpty()) {
            s.append("\n    bindings: ").append(bindings);
        }
        s.append("\n    secret markers: ").append(secretMarkers);
        return s.toString();
    }

    /** The same case with a different SQL text (used by the shrinker and for multi-statement joins). */
    GeneratedCase withSql(String other) {
        return new GeneratedCase(other, bindings, secretMarkers, plainMarkers, mode);
    }

    static GeneratedCase statement(String sql, List<String> secret, List<String> plain) {
        return new GeneratedCase(sql, Map.of(), Set.copyOf(secret), Set.copyOf(plain), Mode.STATEMENT);
    }
}
