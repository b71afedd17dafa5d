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

    /**
     * The counts of several workers on one table, column by column.
     *
     * @param perWorker each worker's counts, all in the table's column order
     */
    static List<ColumnCounts> merged(List<List<ColumnCounts>> perWorker) {
        List<ColumnCounts> sum = new ArrayList<>();
        for (ColumnCounts c : perWorker.get(0)) {
            sum.add(new ColumnCounts(c.table, c.column));
        }
        for (List<ColumnCounts> worker : perWorker) {
            for (int i = 0; i < sum.size(); i++) {
                ColumnCounts into = sum.get(i);
                ColumnCounts from = worker.get(i);
                for (int s = 0; s < into.states.length; s++) {
                    into.states[s] += from.states[s];
                }
                into.rewritten += from.rewritten;
                into.changedConcurrently += from.changedConcurrently;
            }
        }
        return sum;
    }
}
