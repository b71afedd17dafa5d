package io.secretjdbc.cli;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One part of a table in key order: the rows whose key is after {@code after} (exclusive; null: from
 * the first row) and up to {@code upTo} (inclusive; null: to the last row). The bounds are key tuples
 * read from the table itself, so comparing them is left to the database (its collation, its integer
 * order), the same as the walk's {@code ORDER BY}.
 */
record KeyRange(Object[] after, Object[] upTo) {

    /** The whole table. */
    static final KeyRange ALL = new KeyRange(null, null);

    /** The range's conditions, to AND into a WHERE clause; null for {@link #ALL}. */
    String condition(List<String> keyColumns) {
        List<String> terms = new ArrayList<>(2);
        if (after != null) {
            terms.add("(" + greater(keyColumns) + ")");
        }
        if (upTo != null) {
            terms.add("NOT (" + greater(keyColumns) + ")");
        }
        return terms.isEmpty() ? null : String.join(" AND ", terms);
    }

    /** Binds the range's bounds in the order {@link #condition} wrote them; returns the next index. */
    int bind(PreparedStatement statement, int p) throws SQLException {
        if (after != null) {
            p = bindGreater(statement, p, after);
        }
        if (upTo != null) {
            p = bindGreater(statement, p, upTo);
        }
        return p;
    }

    /**
     * Key after a given tuple, for any number of key columns, without row-value syntax (not every
     * database has it): {@code (k1 > ?) OR (k1 = ? AND k2 > ?) OR ...}. Key columns are never NULL
     * (a primary key), so {@code NOT} of it is exactly "up to and including".
     */
    static String greater(List<String> keys) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            StringBuilder term = new StringBuilder("(");
            for (int j = 0; j < i; j++) {
                term.append(keys.get(j)).append(" = ? AND ");
            }
            terms.add(term.append(keys.get(i)).append(" > ?)").toString());
        }
        return String.join(" OR ", terms);
    }

    /** Binds a key tuple into {@link #greater}'s parameters; returns the next index. */
    static int bindGreater(PreparedStatement statement, int p, Object[] key) throws SQLException {
        for (int i = 0; i < key.length; i++) {
            for (int j = 0; j <= i; j++) {
                statement.setObject(p++, key[j]);
            }
        }
        return p;
    }
}
