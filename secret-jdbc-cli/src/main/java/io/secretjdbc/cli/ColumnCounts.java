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

    ColumnCounts(String table, String column) {
        this.table = table;
        this.column = column;
    }

    void count(ValueState state) {
        states[state.ordinal()]++;
    }

    long get(ValueState state) {
        return states[state.ordinal()];
    }
}
