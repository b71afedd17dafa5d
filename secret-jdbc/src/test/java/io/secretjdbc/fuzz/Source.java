package io.secretjdbc.fuzz;

import java.util.List;

/**
 * Something in a FROM clause as the generator sees it: the name to qualify its columns with, and its
 * columns with their kinds. For a derived table or CTE, a column's kind is the role of what was put in it.
 */
record Source(String qualifier, List<Schema.Column> columns, Schema.Table table) {

    static Source of(Schema.Table table, String qualifier) {
        return new Source(qualifier, table.columns(), table);
    }

    static Source derived(String qualifier, List<Schema.Column> columns) {
        return new Source(qualifier, columns, null);
    }

    List<Schema.Column> ofKind(Schema.Kind kind) {
        return columns.stream().filter(c -> c.kind() == kind).toList();
    }
}
