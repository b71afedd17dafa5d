package io.secretjdbc.cli;

import java.util.ArrayList;
import java.util.List;

import io.secretjdbc.crypto.ValueState;

/** What scan, migrate and rotate found in one secret column. */
final class ColumnCounts {

    final String table;
    final String column;
    private final long[] states = new long[ValueState.values().length];
    /** Values rewritten (migrate: encrypted; rotate: re-encrypted), or that would be with --dry-run. */
    long rewritten;
    /** Values a concurrent writer changed between our read and our update: left to that writer. */
    long changedConcurrently;
    /** The blind index column checked beside this column (reference §3.1), or null when none is. */
    final String indexColumn;
    private final long[] indexStates = new long[IndexState.values().length];
    /** Index values written (or that would be with --dry-run) by migrate or rotate. */
    long indexRewritten;

    ColumnCounts(String table, String column) {
        this(table, column, null);
    }

    ColumnCounts(String table, String column, String indexColumn) {
        this.table = table;
        this.column = column;
        this.indexColumn = indexColumn;
    }

    /** One per secret column of the table, in {@link DatabaseTable#columns} order, naming the index columns checked. */
    static java.util.List<ColumnCounts> of(DatabaseTable table) {
        java.util.List<ColumnCounts> counts = new java.util.ArrayList<>();
        for (int c = 0; c < table.columns.size(); c++) {
            var column = table.columns.get(c);
            counts.add(new ColumnCounts(table.name(), column.column(),
                    table.quotedIndexColumns.get(c) == null ? null : column.blindIndex().column()));
        }
        return counts;
    }

    void count(ValueState state) {
        states[state.ordinal()]++;
    }

    long get(ValueState state) {
        return states[state.ordinal()];
    }

    void count(IndexState state) {
        indexStates[state.ordinal()]++;
    }

    long get(IndexState state) {
        return indexStates[state.ordinal()];
    }

    /**
     * The counts of several workers on one table, column by column.
     *
     * @param perWorker each worker's counts, all in the table's column order
     */
    static List<ColumnCounts> merged(List<List<ColumnCounts>> perWorker) {
        List<ColumnCounts> sum = new ArrayList<>();
        for (ColumnCounts c : perWorker.get(0)) {
            sum.add(new ColumnCounts(c.table, c.column, c.indexColumn));
        }
        for (List<ColumnCounts> worker : perWorker) {
            for (int i = 0; i < sum.size(); i++) {
                ColumnCounts into = sum.get(i);
                ColumnCounts from = worker.get(i);
                for (int s = 0; s < into.states.length; s++) {
                    into.states[s] += from.states[s];
                }
                for (int s = 0; s < into.indexStates.length; s++) {
                    into.indexStates[s] += from.indexStates[s];
                }
                into.rewritten += from.rewritten;
                into.indexRewritten += from.indexRewritten;
                into.changedConcurrently += from.changedConcurrently;
            }
        }
        return sum;
    }
}
