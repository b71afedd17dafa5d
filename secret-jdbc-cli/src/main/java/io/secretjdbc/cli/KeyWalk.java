package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The walk of one key range on one connection, a batch at a time, for migrate, rotate and scan.
 *
 * <p>Keyset pagination ({@code WHERE key > last ORDER BY key LIMIT n}, never OFFSET): rows rewritten
 * earlier do not shift the walk, and a walk started again from the range's first key (after a kill)
 * meets the same rows. What is done with a batch is the caller's: the walk only reads.
 */
final class KeyWalk {

    /** One row read: its key and the values of the table's secret columns (as stored). */
    record Fetched(Object[] key, String[] values) {
    }

    /** What is done with each batch, before the next one is read (migrate: rewrite and commit). */
    interface Batch {
        void accept(List<Fetched> rows) throws SQLException;
    }

    private final Connection connection;
    private final DatabaseTable table;
    private final int batchSize;

    KeyWalk(Connection connection, DatabaseTable table, int batchSize) {
        if (!table.hasKey()) {
            throw new IllegalArgumentException("a key walk needs a table with a key");
        }
        this.connection = connection;
        this.table = table;
        this.batchSize = batchSize;
    }

    /**
     * Hands every row of the range to {@code batch}, in key order, {@code batchSize} at a time.
     *
     * @param keepGoing asked before each batch; false stops the walk there (another worker failed)
     */
    void walk(KeyRange range, Batch batch, BooleanSupplier keepGoing) throws SQLException {
        String bounds = range.condition(table.keyColumns);
        try (PreparedStatement first = connection.prepareStatement(select(bounds, false));
             PreparedStatement next = connection.prepareStatement(select(bounds, true))) {
            Object[] last = null;
            while (keepGoing.getAsBoolean()) {
                PreparedStatement query = last == null ? first : next;
                int p = range.bind(query, 1);
                if (last != null) {
                    KeyRange.bindGreater(next, p, last);
                }
                List<Fetched> rows = read(query);
                if (rows.isEmpty()) {
                    break;
                }
                batch.accept(rows);
                last = rows.get(rows.size() - 1).key();
                if (rows.size() < batchSize) {
                    break;
                }
            }
        }
    }

    private List<Fetched> read(PreparedStatement query) throws SQLException {
        int keys = table.keyColumns.size();
        int columns = table.columns.size();
        List<Fetched> rows = new ArrayList<>(batchSize);
        try (ResultSet result = query.executeQuery()) {
            while (result.next()) {
                Object[] key = new Object[keys];
                for (int i = 0; i < keys; i++) {
                    key[i] = result.getObject(i + 1);
                }
                String[] values = new String[columns];
                for (int c = 0; c < columns; c++) {
                    values[c] = result.getString(keys + c + 1);
                }
                rows.add(new Fetched(key, values));
            }
        }
        return rows;
    }

    /** {@code SELECT k..., c... FROM t [WHERE range] [AND key > last, spelled out] ORDER BY k... LIMIT n}. */
    private String select(String bounds, boolean afterLast) {
        List<String> all = new ArrayList<>(table.keyColumns);
        all.addAll(table.quotedColumns);
        List<String> where = new ArrayList<>(2);
        if (bounds != null) {
            where.add(bounds);
        }
        if (afterLast) {
            where.add("(" + KeyRange.greater(table.keyColumns) + ")");
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", all))
                .append(" FROM ").append(table.sqlName);
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        return sql.append(" ORDER BY ").append(String.join(", ", table.keyColumns))
                .append(" LIMIT ").append(batchSize).toString();
    }
}
