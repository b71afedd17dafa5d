package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a table (or one range of it) into parts of about the same number of rows, by key.
 *
 * <p>Why boundaries by row count and not by key value: keys are often sparse or skewed (deleted
 * ranges, several sequences, text keys), and equal value ranges would leave one worker with most of
 * the rows. The boundaries are found in one pass over the key index, each from the last:
 * {@code SELECT k FROM t WHERE k > previous ORDER BY k LIMIT 1 OFFSET step-1}. The database compares,
 * so text keys split in its collation, composite keys in its tuple order.
 *
 * <p>Rows inserted or deleted while this runs only move a boundary: the ranges still cover every key
 * between their first and last bound, because each range starts where the previous one ended.
 */
final class KeyRanges {

    /** The parts, in key order, and the rows they held when counted. */
    record Split(List<KeyRange> ranges, long rows) {
    }

    private KeyRanges() {
    }

    /** The rows of the range now. */
    static long count(Connection connection, DatabaseTable table, KeyRange range) throws SQLException {
        String where = range.condition(table.keyColumns);
        String sql = "SELECT COUNT(*) FROM " + table.sqlName + (where == null ? "" : " WHERE " + where);
        try (PreparedStatement count = connection.prepareStatement(sql)) {
            range.bind(count, 1);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /**
     * {@code within} in at most {@code parts} consecutive ranges that together cover it exactly
     * (fewer when it has fewer rows); {@code parts == 1} costs one COUNT.
     */
    static Split split(Connection connection, DatabaseTable table, KeyRange within, int parts) throws SQLException {
        long rows = count(connection, table, within);
        int n = (int) Math.max(1, Math.min(parts, rows));
        List<KeyRange> ranges = new ArrayList<>(n);
        if (n == 1) {
            ranges.add(within);
            return new Split(ranges, rows);
        }
        List<String> keys = table.keyColumns;
        String where = within.condition(keys);
        String sql = "SELECT " + String.join(", ", keys) + " FROM " + table.sqlName
                + " WHERE (" + KeyRange.greater(keys) + ")" + (where == null ? "" : " AND " + where)
                + " ORDER BY " + String.join(", ", keys) + " LIMIT 1 OFFSET ?";
        String firstSql = "SELECT " + String.join(", ", keys) + " FROM " + table.sqlName
                + (where == null ? "" : " WHERE " + where)
                + " ORDER BY " + String.join(", ", keys) + " LIMIT 1 OFFSET ?";
        Object[] previous = within.after();
        long previousRank = 0;
        try (PreparedStatement fromStart = connection.prepareStatement(firstSql);
             PreparedStatement fromPrevious = connection.prepareStatement(sql)) {
            for (int i = 1; i < n; i++) {
                long rank = rows * i / n; // the boundary is the rank-th row of `within` (1-based)
                PreparedStatement next = i == 1 ? fromStart : fromPrevious;
                int p = i == 1 ? 1 : KeyRange.bindGreater(next, 1, previous);
                p = within.bind(next, p);
                next.setLong(p, rank - previousRank - 1);
                Object[] boundary = firstRow(next, keys.size());
                if (boundary == null) {
                    break; // rows were deleted meanwhile: the last range takes the rest
                }
                ranges.add(new KeyRange(previous, boundary));
                previous = boundary;
                previousRank = rank;
            }
        }
        ranges.add(new KeyRange(previous, within.upTo()));
        return new Split(ranges, rows);
    }

    /**
     * The ranges this run walks: the table's part {@code K} of {@code --shard K/N} (the whole table
     * without it), split again for {@code --workers}. Shard boundaries do not depend on
     * {@code --workers}, so machines running different worker counts still share the table exactly.
     */
    static Split plan(Connection connection, DatabaseTable table, WorkOptions work) throws SQLException {
        if (!work.splits()) {
            return split(connection, table, KeyRange.ALL, 1);
        }
        KeyRange mine = KeyRange.ALL;
        if (work.sharded()) {
            List<KeyRange> shards = split(connection, table, KeyRange.ALL, work.shardCount).ranges();
            if (work.shardIndex > shards.size()) {
                return new Split(List.of(), 0); // fewer rows than shards: the other shards hold them all
            }
            mine = shards.get(work.shardIndex - 1);
        }
        return split(connection, table, mine, work.workers == 1 ? 1 : work.workers * WorkOptions.RANGES_PER_WORKER);
    }

    private static Object[] firstRow(PreparedStatement query, int columns) throws SQLException {
        try (ResultSet result = query.executeQuery()) {
            if (!result.next()) {
                return null;
            }
            Object[] key = new Object[columns];
            for (int i = 0; i < columns; i++) {
                key[i] = result.getObject(i + 1);
            }
            return key;
        }
    }
}
