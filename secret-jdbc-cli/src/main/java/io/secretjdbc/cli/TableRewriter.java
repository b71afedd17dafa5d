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

import io.secretjdbc.crypto.DecryptionException;
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
    /** rotate's per-value work (null for migrate). */
    private final Reencrypter reencrypter;
    private final Mode mode;
    private final int batchSize;
    private final boolean dryRun;
    private final Progress progress;
    /** Rows per unit of parallel crypto work. */
    private static final int CHUNK_ROWS = 64;

    private final List<ColumnCounts> counts = new ArrayList<>();
    /** PostgreSQL: multi-row UPDATEs instead of the JDBC batch (null elsewhere); set while a range is walked. */
    private ValuesUpdate values;
    /** One reused UPDATE per set of changed columns (bit i = secret column i). */
    private final Map<Long, PreparedStatement> updates = new LinkedHashMap<>();

    /**
     * @param connection this worker's own connection
     * @param progress shared by every worker of the table
     */
    TableRewriter(Connection connection, DatabaseTable table, KestraCodec codec, Mode mode, int batchSize, boolean dryRun,
            Progress progress) {
        this.connection = connection;
        this.table = table;
        this.codec = codec;
        this.reencrypter = mode == Mode.ROTATE ? new Reencrypter(codec) : null;
        this.mode = mode;
        this.batchSize = batchSize;
        this.dryRun = dryRun;
        this.progress = progress;
        for (var column : table.columns) {
            counts.add(new ColumnCounts(table.name(), column.column()));
        }
    }

    /** Walks one key range of the table, one transaction per batch; adds to this rewriter's counts. */
    @Override
    public void process(KeyRange range, BooleanSupplier keepGoing) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(dryRun);
        values = dryRun ? null : ValuesUpdate.forConnection(connection, table);
        try {
            new KeyWalk(connection, table, batchSize).walk(range, fetched -> {
                List<Row> rows = transformed(fetched);
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

    /** One row of a batch: its key, the values read, and what the codec made of them. */
    private static final class Row {
        final Object[] key;
        final String[] values;
        final ValueState[] states;
        final String[] rewritten;
        /** rotate: the plaintext of values under a previous key, between open and seal. */
        final byte[][] opened;
        long changed;

        Row(Object[] key, String[] values) {
            this.key = key;
            this.values = values;
            this.states = new ValueState[values.length];
            this.rewritten = new String[values.length];
            this.opened = new byte[values.length][];
        }

        /** The new and old values of the changed columns, for {@link ValuesUpdate}. */
        ValuesUpdate.Change change() {
            int n = Long.bitCount(changed);
            String[] newValues = new String[n];
            String[] oldValues = new String[n];
            int i = 0;
            for (int c = 0; c < values.length; c++) {
                if ((changed & (1L << c)) != 0) {
                    newValues[i] = rewritten[c];
                    oldValues[i++] = values[c];
                }
            }
            return new ValuesUpdate.Change(key, newValues, oldValues);
        }

        /** migrate: classifies each value and encrypts the plaintext ones. */
        void encrypt(KestraCodec codec) {
            for (int c = 0; c < values.length; c++) {
                ValueState state = codec.classify(values[c]);
                if (state == ValueState.PLAINTEXT) {
                    rewritten[c] = codec.encrypt(values[c]);
                    changed |= 1L << c;
                }
                states[c] = state;
            }
        }

        /** rotate, first half: which key opens each value; keeps the plaintext of those under a previous key. */
        void open(Reencrypter reencrypter) {
            for (int c = 0; c < values.length; c++) {
                String value = values[c];
                if (value == null || value.isEmpty()) {
                    states[c] = ValueState.NULL_OR_EMPTY;
                    continue;
                }
                try {
                    byte[] plain = reencrypter.openUnderPrevious(value);
                    if (plain == null) {
                        states[c] = ValueState.PRIMARY;
                    } else {
                        opened[c] = plain;
                        states[c] = ValueState.PREVIOUS;
                    }
                } catch (DecryptionException e) {
                    states[c] = e.state(); // PLAINTEXT or UNREADABLE: never touched by rotate
                }
            }
        }

        /** rotate, second half: the values a previous key opened, encrypted under the primary key. */
        void seal(Reencrypter reencrypter) {
            for (int c = 0; c < values.length; c++) {
                byte[] plain = opened[c];
                if (plain != null) {
                    rewritten[c] = reencrypter.seal(plain);
                    changed |= 1L << c;
                    java.util.Arrays.fill(plain, (byte) 0);
                    opened[c] = null;
                }
            }
        }
    }

    /**
     * The crypto of a few rows, on one thread. rotate opens all of them, then seals all of them: the
     * JDK re-expands the AES key schedule whenever a thread's cipher changes key, and alternating
     * open-under-old / seal-under-new per value paid that twice per value (a third of rotate's CPU).
     */
    private void transform(List<Row> chunk) {
        if (reencrypter == null) {
            chunk.forEach(row -> row.encrypt(codec));
            return;
        }
        chunk.forEach(row -> row.open(reencrypter));
        chunk.forEach(row -> row.seal(reencrypter));
    }

    /** The rows of a batch with their new values decided, and counted. */
    private List<Row> transformed(List<KeyWalk.Fetched> fetched) {
        int columns = table.columns.size();
        List<Row> rows = new ArrayList<>(fetched.size());
        for (KeyWalk.Fetched f : fetched) {
            rows.add(new Row(f.key(), f.values()));
        }
        // AES-GCM is the CPU cost of a batch: spread it over the cores in chunks of consecutive rows (which
        // are mostly under the same key); the database work stays on this thread.
        int chunks = (rows.size() + CHUNK_ROWS - 1) / CHUNK_ROWS;
        IntStream.range(0, chunks).parallel()
                .forEach(i -> transform(rows.subList(i * CHUNK_ROWS, Math.min(rows.size(), (i + 1) * CHUNK_ROWS))));
        for (Row row : rows) {
            for (int c = 0; c < columns; c++) {
                counts.get(c).count(row.states[c]);
            }
        }
        return rows;
    }

    private void rewrite(List<Row> rows) throws SQLException {
        Map<Long, Integer> pending = new LinkedHashMap<>();
        Map<Long, List<ValuesUpdate.Change>> byMask = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.changed == 0) {
                continue;
            }
            if (dryRun) {
                forEachColumn(row.changed, c -> counts.get(c).rewritten++);
                continue;
            }
            if (values != null) {
                byMask.computeIfAbsent(row.changed, m -> new ArrayList<>()).add(row.change());
                continue;
            }
            PreparedStatement update = updates.get(row.changed);
            if (update == null) {
                update = connection.prepareStatement(update(row.changed));
                updates.put(row.changed, update);
            }
            int p = 1;
            for (int c = 0; c < row.values.length; c++) {
                if ((row.changed & (1L << c)) != 0) {
                    update.setString(p++, row.rewritten[c]);
                }
            }
            for (Object key : row.key) {
                update.setObject(p++, key);
            }
            for (int c = 0; c < row.values.length; c++) {
                if ((row.changed & (1L << c)) != 0) {
                    update.setString(p++, row.values[c]);
                }
            }
            update.addBatch();
            pending.merge(row.changed, 1, Integer::sum);
        }
        for (Map.Entry<Long, List<ValuesUpdate.Change>> entry : byMask.entrySet()) {
            long written = values.execute(entry.getKey(), entry.getValue());
            long conflicts = entry.getValue().size() - written;
            forEachColumn(entry.getKey(), c -> {
                counts.get(c).rewritten += written;
                counts.get(c).changedConcurrently += conflicts;
            });
        }
        for (Map.Entry<Long, Integer> entry : pending.entrySet()) {
            long changed = entry.getKey();
            int[] results = updates.get(changed).executeBatch();
            long done = 0;
            for (int result : results) {
                if (result != 0) { // 1, or SUCCESS_NO_INFO
                    done++;
                }
            }
            long written = done;
            long conflicts = results.length - done;
            forEachColumn(changed, c -> {
                counts.get(c).rewritten += written;
                counts.get(c).changedConcurrently += conflicts;
            });
        }
    }

    private void forEachColumn(long changed, java.util.function.IntConsumer action) {
        for (int c = 0; c < table.columns.size(); c++) {
            if ((changed & (1L << c)) != 0) {
                action.accept(c);
            }
        }
    }

    /** {@code UPDATE t SET c1 = ?, c2 = ? WHERE k = ? AND c1 = ? AND c2 = ?}: only the changed columns, only if unchanged since read. */
    private String update(long changed) {
        List<String> set = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (String key : table.keyColumns) {
            where.add(key + " = ?");
        }
        for (int c = 0; c < table.columns.size(); c++) {
            if ((changed & (1L << c)) != 0) {
                set.add(table.quotedColumns.get(c) + " = ?");
            }
        }
        for (int c = 0; c < table.columns.size(); c++) {
            if ((changed & (1L << c)) != 0) {
                where.add(table.quotedColumns.get(c) + " = ?");
            }
        }
        return "UPDATE " + table.sqlName + " SET " + String.join(", ", set) + " WHERE " + String.join(" AND ", where);
    }
}
