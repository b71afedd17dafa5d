package io.secretjdbc.cli;

import io.secretjdbc.guard.GuardedColumn;

/** How reports name a column's guard state. */
final class GuardStates {

    private GuardStates() {
    }

    static String word(GuardedColumn.State state) {
        return switch (state) {
            case GUARDED -> "guarded";
            case UNGUARDED -> "unguarded";
            case TABLE_MISSING -> "table missing";
            case COLUMN_MISSING -> "column missing";
        };
    }
}
