package io.secretjdbc.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.ValueState;
import io.secretjdbc.guard.Guard;
import io.secretjdbc.guard.GuardedColumn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scan}: per secret column, how many values are under which key, plaintext, unreadable, NULL or empty. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Count the values of every secret column by state: primary key, previous key, plaintext, unreadable;"
                + " and say which columns the database guards (see guard).",
                "Reads the stored values through the plain driver, for every secret column of every flow table; a flow"
                        + " table the database lacks is reported and skipped. Also counts NULL or empty values."
                        + " Exit code 1 when plaintext or unreadable values exist, so a pipeline can gate on it."})
final class ScanCommand extends DatabaseCommand {

    @Option(names = "--json", description = "Print the counts as JSON.")
    boolean json;

    @Mixin
    WorkOptions work;

    /** Rows per read of a split scan (one SELECT ... LIMIT each). */
    private static final int SCAN_BATCH = 5_000;

    @Override
    int run() throws Exception {
        List<ColumnCounts> all = new ArrayList<>();
        List<String> guards = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String badWork = work.check();
        if (badWork != null) {
            throw usage(badWork);
        }
        try (Session session = open()) {
            Map<String, String> guardStates = guardStates(session);
            for (DatabaseTable table : session.tables) {
                List<ColumnCounts> counts;
                if (!work.splits() || table.columns.isEmpty()) {
                    counts = scan(session, table);
                } else if (table.hasKey()) {
                    counts = scanSplit(session, table);
                } else if (work.shardIndex == 1) {
                    counts = scan(session, table);
                    notes.add("table " + table.name() + " has no key to split by: scanned whole, by one connection"
                            + (work.sharded() ? ", in shard 1" : ""));
                } else {
                    notes.add("table " + table.name() + " has no key to split by: scanned whole by shard 1, skipped here");
                    continue;
                }
                for (ColumnCounts c : counts) {
                    guards.add(guardStates.getOrDefault(table.sqlName + "\u0000" + c.column, "unknown"));
                }
                all.addAll(counts);
            }
            notes.addAll(0, skipped(session));
        }
        long unguarded = guards.stream().filter(g -> !g.equals("guarded")).count();
        long plaintext = all.stream().mapToLong(c -> c.get(ValueState.PLAINTEXT)).sum();
        long unreadable = all.stream().mapToLong(c -> c.get(ValueState.UNREADABLE)).sum();
        if (json) {
            printJson(all, guards, notes);
        } else {
            printText(all, guards, notes, plaintext, unreadable);
            if (unguarded > 0) {
                out().println(unguarded + " secret column(s) unguarded: the database accepts plaintext there from"
                        + " clients other than the driver; install the checks with `guard` once the columns are clean.");
            }
        }
        return plaintext + unreadable > 0 ? Main.FAILURE : Main.OK;
    }

    /** {@code sqlTable NUL column} to the guard state word; empty when the database has no guard support. */
    private static Map<String, String> guardStates(Session session) {
        Map<String, String> states = new HashMap<>();
        try {
            for (GuardedColumn c : Guard.status(session.raw, session.registry)) {
                states.put(c.sqlTable() + "\u0000" + c.column(), GuardStates.word(c.state()));
            }
        } catch (SQLException e) {
            // a database guard does not know: reported as "unknown" per column
        }
        return states;
    }

    /** {@code --workers} / {@code --shard}: this run's key ranges of the table, over the worker connections. */
    private List<ColumnCounts> scanSplit(Session session, DatabaseTable table) throws SQLException {
        KeyRanges.Split split = KeyRanges.plan(session.raw, table, work);
        List<RangeScan> workers = Workers.run(work.workers, session.raw, session::connectWorker, split.ranges(),
                connection -> new RangeScan(connection, table, session.codec));
        return ColumnCounts.merged(workers.stream().map(w -> w.counts).toList());
    }

    /** One worker of a split scan: classifies the values of its ranges, read by key in batches. */
    private static final class RangeScan implements Workers.Worker {
        final List<ColumnCounts> counts;
        private final KeyWalk walk;
        private final KestraCodec codec;

        RangeScan(Connection connection, DatabaseTable table, KestraCodec codec) {
            this.counts = newCounts(table);
            this.walk = new KeyWalk(connection, table, SCAN_BATCH);
            this.codec = codec;
        }

        @Override
        public void process(KeyRange range, BooleanSupplier keepGoing) throws SQLException {
            walk.walk(range, rows -> {
                for (KeyWalk.Fetched row : rows) {
                    for (int c = 0; c < counts.size(); c++) {
                        counts.get(c).count(codec.classify(row.values()[c]));
                    }
                }
            }, keepGoing);
        }
    }

    private static List<ColumnCounts> newCounts(DatabaseTable table) {
        List<ColumnCounts> counts = new ArrayList<>();
        for (var column : table.columns) {
            counts.add(new ColumnCounts(table.name(), column.column()));
        }
        return counts;
    }

    private static List<ColumnCounts> scan(Session session, DatabaseTable table) throws SQLException {
        List<ColumnCounts> counts = newCounts(table);
        if (counts.isEmpty()) {
            return counts;
        }
        KestraCodec codec = session.codec;
        try (Statement statement = session.raw.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery(
                    "SELECT " + String.join(", ", table.quotedColumns) + " FROM " + table.sqlName)) {
                while (rows.next()) {
                    for (int c = 0; c < counts.size(); c++) {
                        counts.get(c).count(codec.classify(rows.getString(c + 1)));
                    }
                }
            }
        }
        return counts;
    }

    private void printText(List<ColumnCounts> all, List<String> guards, List<String> notes, long plaintext,
            long unreadable) {
        PrintWriter out = out();
        TextTable table = new TextTable(List.of("table", "column", "primary", "previous", "plaintext", "unreadable",
                "null/empty", "guard"));
        for (int i = 2; i <= 6; i++) {
            table.alignRight(i);
        }
        for (int i = 0; i < all.size(); i++) {
            ColumnCounts c = all.get(i);
            table.add(List.of(c.table, c.column,
                    Long.toString(c.get(ValueState.PRIMARY)), Long.toString(c.get(ValueState.PREVIOUS)),
                    Long.toString(c.get(ValueState.PLAINTEXT)), Long.toString(c.get(ValueState.UNREADABLE)),
                    Long.toString(c.get(ValueState.NULL_OR_EMPTY)), guards.get(i)));
        }
        table.print(out, "");
        notes.forEach(note -> out.println("note: " + note));
        long previous = all.stream().mapToLong(c -> c.get(ValueState.PREVIOUS)).sum();
        if (plaintext > 0) {
            out.println(plaintext + " plaintext value(s): encrypt them with `migrate`.");
        }
        if (previous > 0) {
            out.println(previous + " value(s) under a previous key: re-encrypt them with `rotate`.");
        }
        if (unreadable > 0) {
            out.println(unreadable + " unreadable value(s): no configured key opens them (wrong key, a missing"
                    + " --previous-keys, or altered data).");
        }
        if (plaintext + unreadable == 0) {
            out.println("OK: no plaintext and no unreadable values.");
        }
    }

    private void printJson(List<ColumnCounts> all, List<String> guards, List<String> notes) throws SQLException {
        Json.print(out(), json -> {
            json.beginObject().name("columns").beginArray();
            for (int i = 0; i < all.size(); i++) {
                ColumnCounts c = all.get(i);
                json.beginObject()
                        .name("table").value(c.table)
                        .name("column").value(c.column)
                        .name("primary").value(c.get(ValueState.PRIMARY))
                        .name("previous").value(c.get(ValueState.PREVIOUS))
                        .name("plaintext").value(c.get(ValueState.PLAINTEXT))
                        .name("unreadable").value(c.get(ValueState.UNREADABLE))
                        .name("nullOrEmpty").value(c.get(ValueState.NULL_OR_EMPTY))
                        .name("guard").value(guards.get(i))
                        .endObject();
            }
            json.endArray().name("skipped").beginArray();
            for (String note : notes) {
                json.value(note);
            }
            json.endArray().endObject();
        });
    }
}
