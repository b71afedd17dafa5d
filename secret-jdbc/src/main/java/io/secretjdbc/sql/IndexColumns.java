package io.secretjdbc.sql;

import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.registry.SecretColumn;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a table has the index column its blind index declares (reference §7): a statement that
 * would read or write it on a table without it fails naming {@code table.column}, the index column and
 * the DDL that adds it, rather than with the database's "no such column". The columns come from the
 * same metadata as {@link ColumnOrder}; without metadata (a planner built in code) nothing is checked.
 */
final class IndexColumns {

    private final ColumnOrder columnOrder;
    private final Map<String, List<String>> seen = new HashMap<>();

    IndexColumns(ColumnOrder columnOrder) {
        this.columnOrder = columnOrder;
    }

    /** Refuses when {@code secret}'s table lacks its index column. */
    void require(SecretColumn secret) {
        if (columnOrder == null) {
            return;
        }
        List<String> columns = seen.get(secret.table());
        if (columns == null) {
            try {
                columns = columnOrder.columns(secret.table());
            } catch (SQLException e) {
                return; // unknown: the database names a missing column itself, and nothing secret is in it
            }
            seen.put(secret.table(), columns == null ? List.of() : columns);
        }
        if (columns == null || columns.isEmpty()) {
            return;
        }
        String index = secret.blindIndex().column();
        for (String c : columns) {
            if (index.equals(Identifiers.normalize(c))) {
                return;
            }
        }
        throw missing(secret);
    }

    /** The refusal for a table that lacks the index column, with the DDL to add it. */
    static Refusal missing(SecretColumn secret) {
        String index = secret.blindIndex().column();
        return new Refusal("secret column " + secret + " has a blind index in column " + index + ", which table "
                + secret.table() + " lacks. Add it: " + IndexColumnDdl.addColumnAndIndex(secret.table(), index)
                + "; then fill it with the command line's migrate.",
                false);
    }
}
