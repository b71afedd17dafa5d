package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.ValueState;

/**
 * Rewrites the secret values of one table in place, over one raw connection, for migrate and rotate:
 * what a row's new values are (the per-row work), and the conditional UPDATEs that store them. Which
 * rows, in what order, is {@link KeyWalk}'s; with {@code --workers N} there is one TableRewriter per
 * worker connection, each on its own key ranges ({@link Workers}).
 *
 * <p>Why it is safe to kill at any moment and run again: rows are walked by key (keyset pagination, so
 * rows rewritten earlier do not shift the walk, and a range walked again meets the same rows); each
 * batch is one transaction, so a kill loses at most the batch in flight of each worker; and every
 * value is classified before it is touched, so a value already rewritten is never rewritten again (no
 * double encryption). Updates are conditional on the value read ({@code AND c = ?}), so a value that
 * an application changed meanwhile is left to it.
 *
 * <p>Blind indexes (reference §3.1): beside a secret column with an index column, each row's index is
 * judged against the plaintext ({@link BlindIndexes}) and rewritten under the primary key when it is
 * missing or wrong (both commands), or stale (rotate, and migrate where it encrypts the value). An
 * index-only update is conditional on the secret value read, the value the index was computed from.
 */
final class TableRewriter implements Workers.Worker {

    /** Which values a run rewrites. */
    enum Mode {
        /** PLAINTEXT -> encrypted under the primary key. */
        MIGRATE(ValueState.PLAINTEXT),
        /** PREVIOUS -> re-encrypted under the primary key. */
        ROTATE(ValueState.PREVIOUS);

        final ValueState rewrites;

        Mode(ValueState rewrites) {
            this.rewrites = rewrites;
        }
    }

    private final Connection connection;
    private final DatabaseTable table;
    private final KestraCodec codec;
    /** Opens values: rotate's per-value work, and both commands' for columns with a blind index. */
    private final Reencrypter reencrypter;
    private final BlindIndexes indexes;
    private final Mode mode;
    private final int batchSize;
    private final boolean dryRun;
    private final Progress progress;
    /** Rows per unit of parallel crypto work. */
    private static final int CHUNK_ROWS = 64;

    private final List<ColumnCounts> counts;
    /**
     * PostgreSQL: multi-row UPDATEs instead of the JDBC batch (null elsewhere), for rows whose index
     * values do not change; set while a range is walked.
     */
    private ValuesUpdate values;
    /** One reused UPDATE per shape of change (which values, which indexes, which conditions are IS NULL). */
    private final Map<RewriteRow.Shape, PreparedStatement> updates = new LinkedHashMap<>();

    /**
     * @param connection this worker's own connection
     * @param progress shared by every worker of the table
     */
    TableRewriter(Connection connection, DatabaseTable table, KestraCodec codec, Mode mode, int batchSize, boolean dryRun,
            Progress progress) {
        this.connection = connection;
        this.table = table;
        this.codec = codec;
        this.reencrypter = new Reencrypter(codec);
        this.indexes = new BlindIndexes(table, codec.keyring());
        this.mode = mode;
        this.batchSize = batchSize;
        this.dryRun = dryRun;
        this.progress = progress;
        this.counts = ColumnCounts.of(table);
    }

    /** Walks one key range of the table, one transaction per batch; adds to this rewriter's counts. */
    @Override
    public void process(KeyRange range, BooleanSupplier keepGoing) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(dryRun);
        values = dryRun ? null : ValuesUpdate.forConnection(connection, table);
        try {
            new KeyWalk(connection, table, batchSize).walk(range, fetched -> {
                List<RewriteRow> rows = transformed(fetched);
                rewrite(rows);
                if (!dryRun) {
                    connection.commit();
                }
                progress.step(rows.size());
            }, keepGoing);
        } catch (SQLException | RuntimeException e) {
            if (!dryRun) {
                connection.rollback();
            }
            throw e;
        } finally {
            for (PreparedStatement update : updates.values()) {
                update.close();
            }
            updates.clear();
            if (values != null) {
                values.close();
                values = null;
            }
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The counts per secret column of every range this rewriter walked. */
    List<ColumnCounts> counts() {
        return counts;
    }

    /**
     * The crypto of a few rows, on one thread. rotate opens all of them, then seals all of them: the
     * JDK re-expands the AES key schedule whenever a thread's cipher changes key, and alternating
     * open-under-old / seal-under-new per value paid that twice per value (a third of rotate's CPU).
     */
    private void transform(List<RewriteRow> chunk) {
        if (mode == Mode.MIGRATE) {
            chunk.forEach(row -> row.encrypt(codec, reencrypter, indexes));
            return;
        }
        chunk.forEach(row -> row.open(reencrypter, indexes));
        chunk.forEach(row -> row.seal(reencrypter));
    }

    /** The rows of a batch with their new values decided, and counted. */
    private List<RewriteRow> transformed(List<KeyWalk.Fetched> fetched) {
        int columns = table.columns.size();
        List<RewriteRow> rows = new ArrayList<>(fetched.size());
        for (KeyWalk.Fetched f : fetched) {
            rows.add(new RewriteRow(f.key(), f.values(), f.indexes()));
        }
        // AES-GCM is the CPU cost of a batch: spread it over the cores in chunks of consecutive rows (which
        // are mostly under the same key); the database work stays on this thread.
        int chunks = (rows.size() + CHUNK_ROWS - 1) / CHUNK_ROWS;
        IntStream.range(0, chunks).parallel()
                .forEach(i -> transform(rows.subList(i * CHUNK_ROWS, Math.min(rows.size(), (i + 1) * CHUNK_ROWS))));
        for (RewriteRow row : rows) {
            for (int c = 0; c < columns; c++) {
                counts.get(c).count(row.states[c]);
                if (row.indexStates != null && indexes.has(c)) {
                    counts.get(c).count(row.indexStates[c]);
                }
            }
        }
        return rows;
    }

    private void rewrite(List<RewriteRow> rows) throws SQLException {
        Map<RewriteRow.Shape, Integer> pending = new LinkedHashMap<>();
        Map<Long, List<ValuesUpdate.Change>> byMask = new LinkedHashMap<>();
        for (RewriteRow row : rows) {
            if (row.changed == 0 && row.indexChanged == 0) {
                continue;
            }
            if (dryRun) {
                forEachColumn(row.changed, c -> counts.get(c).rewritten++);
                forEachColumn(row.indexChanged, c -> counts.get(c).indexRewritten++);
                continue;
            }
            RewriteRow.Shape shape = row.shape();
            if (values != null && shape.indexes() == 0) {
                byMask.computeIfAbsent(row.changed, m -> new ArrayList<>()).add(row.change());
                continue;
            }
            PreparedStatement update = updates.get(shape);
            if (update == null) {
                update = connection.prepareStatement(update(shape));
                updates.put(shape, update);
            }
            int p = 1;
            for (int c = 0; c < row.values.length; c++) {
                if ((shape.values() & (1L << c)) != 0) {
                    update.setString(p++, row.rewritten[c]);
                }
            }
            for (int c = 0; c < row.values.length; c++) {
                if ((shape.indexes() & (1L << c)) != 0) {
                    update.setString(p++, row.newIndexes[c]);
                }
            }
            for (Object key : row.key) {
                update.setObject(p++, key);
            }
            for (int c = 0; c < row.values.length; c++) {
                if ((shape.conditions() & ~shape.nullValues() & (1L << c)) != 0) {
                    update.setString(p++, row.values[c]);
                }
            }
            update.addBatch();
            pending.merge(shape, 1, Integer::sum);
        }
        for (Map.Entry<Long, List<ValuesUpdate.Change>> entry : byMask.entrySet()) {
            long written = values.execute(entry.getKey(), entry.getValue());
            long conflicts = entry.getValue().size() - written;
            forEachColumn(entry.getKey(), c -> {
                counts.get(c).rewritten += written;
                counts.get(c).changedConcurrently += conflicts;
            });
        }
        for (RewriteRow.Shape shape : pending.keySet()) {
            int[] results = updates.get(shape).executeBatch();
            long done = 0;
            for (int result : results) {
                if (result != 0) { // 1, or SUCCESS_NO_INFO
                    done++;
                }
            }
            long written = done;
            long conflicts = results.length - done;
            forEachColumn(shape.values(), c -> counts.get(c).rewritten += written);
            forEachColumn(shape.indexes(), c -> counts.get(c).indexRewritten += written);
            forEachColumn(shape.conditions(), c -> counts.get(c).changedConcurrently += conflicts);
        }
    }

    private void forEachColumn(long changed, java.util.function.IntConsumer action) {
        for (int c = 0; c < table.columns.size(); c++) {
            if ((changed & (1L << c)) != 0) {
                action.accept(c);
            }
        }
    }

    /**
     * {@code UPDATE t SET c1 = ?, c2_bidx = ? WHERE k = ? AND c1 = ? AND c2 = ?}: only the changed values
     * and indexes, only if the secret values are unchanged since read ({@code IS NULL} for a NULL read).
     */
    private String update(RewriteRow.Shape shape) {
        List<String> set = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (String key : table.keyColumns) {
            where.add(key + " = ?");
        }
        for (int c = 0; c < table.columns.size(); c++) {
            if ((shape.values() & (1L << c)) != 0) {
                set.add(table.quotedColumns.get(c) + " = ?");
            }
        }
        for (int c = 0; c < table.columns.size(); c++) {
            if ((shape.indexes() & (1L << c)) != 0) {
                set.add(table.quotedIndexColumns.get(c) + " = ?");
            }
        }
        for (int c = 0; c < table.columns.size(); c++) {
            if ((shape.conditions() & (1L << c)) != 0) {
                where.add(table.quotedColumns.get(c) + ((shape.nullValues() & (1L << c)) != 0 ? " IS NULL" : " = ?"));
            }
        }
        return "UPDATE " + table.sqlName + " SET " + String.join(", ", set) + " WHERE " + String.join(" AND ", where);
    }
}
