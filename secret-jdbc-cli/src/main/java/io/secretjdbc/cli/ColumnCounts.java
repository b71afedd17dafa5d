package io.secretjdbc.cli;

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
}
