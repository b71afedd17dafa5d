package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PostgreSQL: the conditional updates of a batch as one statement per {@value #ROWS} rows,
 * {@code UPDATE t AS sj_t SET c = v.n0 FROM (VALUES (?, ?, ?), ...) AS v(k0, n0, o0)
 * WHERE sj_t.k = v.k0 AND sj_t.c = v.o0}: the same rows, the same condition (a value changed since
 * it was read is not matched, so not overwritten), the same count of rows written.
 *
 * <p>Why: the server's CPU is most of migrate's cost on PostgreSQL, and a JDBC batch of single-row
 * UPDATEs pays the executor's start and end once per row; one statement per chunk pays it once per
 * chunk (BENCHMARKS.md "migrate with workers"). Other databases keep the JDBC batch.
 */
final class ValuesUpdate implements AutoCloseable {

    /** Rows per statement: at most 5 parameters per row for the usual table, far under pgjdbc's 32,767. */
    static final int ROWS = 500;

    private final Connection connection;
    private final DatabaseTable table;
    /**
     * Statements by set of changed columns and chunk size, reused (pgjdbc prepares them on the server):
     * full chunks, and the size of a batch smaller than a chunk. Odd sizes (the last batch of a range)
     * beyond {@value #CACHED} statements are prepared for one use.
     */
    private final Map<Shape, PreparedStatement> statements = new HashMap<>();
    private static final int CACHED = 16;

    private ValuesUpdate(Connection connection, DatabaseTable table) {
        this.connection = connection;
        this.table = table;
    }

    /** For PostgreSQL connections; null elsewhere (the caller keeps its JDBC batch). */
    static ValuesUpdate forConnection(Connection connection, DatabaseTable table) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        boolean postgres = product != null && product.toLowerCase(Locale.ROOT).contains("postgresql");
        return postgres && table.keyColumns.size() + 2L * table.columns.size() <= 32_767 / ROWS
                ? new ValuesUpdate(connection, table) : null;
    }

    /** What one statement's text depends on. */
    private record Shape(long changed, int rows) {
    }

    /** One row to write: its key, and for each changed column (in column order) the new and the old value. */
    record Change(Object[] key, String[] newValues, String[] oldValues) {
    }

    /**
     * Writes the changes of one set of changed columns.
     *
     * @param changed bit i = secret column i
     * @return the rows written (the others were changed by someone else meanwhile)
     */
    long execute(long changed, List<Change> changes) throws SQLException {
        long written = 0;
        for (int from = 0; from < changes.size(); from += ROWS) {
            List<Change> chunk = changes.subList(from, Math.min(changes.size(), from + ROWS));
            Shape shape = new Shape(changed, chunk.size());
            PreparedStatement update = statements.get(shape);
            boolean reuse = update != null || statements.size() < CACHED;
            if (update == null) {
                update = connection.prepareStatement(sql(changed, chunk.size()));
                if (reuse) {
                    statements.put(shape, update);
                }
            }
            try {
                int p = 1;
                for (Change change : chunk) {
                    for (Object key : change.key()) {
                        update.setObject(p++, key);
                    }
                    for (String value : change.newValues()) {
                        update.setString(p++, value);
                    }
                    for (String value : change.oldValues()) {
                        update.setString(p++, value);
                    }
                }
                written += update.executeUpdate();
            } finally {
                if (!reuse) {
                    update.close();
                }
            }
        }
        return written;
    }

    private String sql(long changed, int rows) {
        List<String> set = new ArrayList<>();
        List<String> where = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < table.keyColumns.size(); k++) {
            names.add("k" + k);
            where.add("sj_t." + table.keyColumns.get(k) + " = v.k" + k);
        }
        List<String> olds = new ArrayList<>();
        int n = 0;
        for (int c = 0; c < table.columns.size(); c++) {
            if ((changed & (1L << c)) != 0) {
                String column = table.quotedColumns.get(c);
                set.add(column + " = v.n" + n);
                where.add("sj_t." + column + " = v.o" + n);
                names.add("n" + n);
                olds.add("o" + n);
                n++;
            }
        }
        names.addAll(olds);
        String tuple = "(" + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")";
        return "UPDATE " + table.sqlName + " AS sj_t SET " + String.join(", ", set)
                + " FROM (VALUES " + String.join(", ", java.util.Collections.nCopies(rows, tuple)) + ") AS v("
                + String.join(", ", names) + ") WHERE " + String.join(" AND ", where);
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
    }
}
