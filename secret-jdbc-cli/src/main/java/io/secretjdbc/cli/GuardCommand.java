package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.secretjdbc.guard.Guard;
import io.secretjdbc.guard.GuardedColumn;
import io.secretjdbc.registry.SecretRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code guard}: installs (or with {@code --remove} takes out) the database-side check of every secret column. */
@Command(name = "guard", mixinStandardHelpOptions = true,
        description = {"Install in the database, for every secret column, a check that refuses any value that is not"
                + " NULL, empty or shaped like ciphertext, so that clients other than the driver cannot store plaintext.",
                "CHECK constraints on PostgreSQL, MariaDB/MySQL and H2; BEFORE INSERT/UPDATE triggers on SQLite. Named"
                        + " sj_guard_<table>_<column>; idempotent. Refused, changing nothing, while a column still holds"
                        + " plaintext (run migrate first). No key is needed."})
final class GuardCommand extends DatabaseCommand {

    @Option(names = "--remove", description = "Take the checks out instead.")
    boolean remove;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    int run() throws Exception {
        List<GuardedColumn> result;
        try (Session session = open(false)) {
            result = apply(session.raw, session.registry, remove);
        }
        print(result);
        return Main.OK;
    }

    static List<GuardedColumn> apply(Connection raw, SecretRegistry registry, boolean remove) throws Exception {
        return remove ? Guard.remove(raw, registry) : Guard.install(raw, registry);
    }

    private void print(List<GuardedColumn> columns) throws SQLException {
        if (json) {
            Json.print(out(), out -> {
                out.beginObject().name("columns").beginArray();
                for (GuardedColumn c : columns) {
                    out.beginObject()
                            .name("table").value(c.table())
                            .name("column").value(c.column())
                            .name("in").value(c.sqlTable())
                            .name("guard").value(c.guard())
                            .name("state").value(GuardStates.word(c.state()))
                            .endObject();
                }
                out.endArray().endObject();
            });
            return;
        }
        TextTable table = new TextTable(List.of("table", "column", "in the database", "check", "state"));
        for (GuardedColumn c : columns) {
            table.add(List.of(c.table(), c.column(), c.sqlTable() == null ? "-" : c.sqlTable(),
                    c.guard() == null ? "-" : c.guard(), GuardStates.word(c.state())));
        }
        table.print(out(), "");
        long guarded = columns.stream().filter(c -> c.state() == GuardedColumn.State.GUARDED).count();
        out().println(remove ? "Checks removed; " + (columns.size() - guarded) + " column(s) unguarded."
                : guarded + " secret column(s) guarded: the database now refuses anything but NULL, empty or"
                        + " ciphertext there, whoever writes.");
    }
}
