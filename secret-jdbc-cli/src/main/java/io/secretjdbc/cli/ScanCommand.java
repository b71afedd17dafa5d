package io.secretjdbc.cli;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.ValueState;
import io.secretjdbc.guard.Guard;
import io.secretjdbc.guard.GuardedColumn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scan}: per secret column, how many values are under which key, plaintext, unreadable, NULL or empty. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Count the values of every secret column by state: primary key, previous key, plaintext, unreadable;"
                + " and say which columns the database guards (see guard); per blind index column, the index values"
                + " missing, stale (under a previous key) and wrong (not the index of the value).",
                "Reads the stored values through the plain driver, for every secret column of every flow table; a flow"
                        + " table the database lacks is reported and skipped. Also counts NULL or empty values."
                        + " Exit code 1 when plaintext or unreadable values, or missing or wrong index values, exist, so a"
                        + " pipeline can gate on it."})
final class ScanCommand extends DatabaseCommand {

    @Option(names = "--json", description = "Print the counts as JSON.")
    boolean json;

    @Override
    int run() throws Exception {
        List<ColumnCounts> all = new ArrayList<>();
        List<String> guards = new ArrayList<>();
        List<String> notes;
        long missingIndexColumns;
        try (Session session = open()) {
            Map<String, String> guardStates = guardStates(session);
            for (DatabaseTable table : session.tables) {
                List<ColumnCounts> counts = scan(session, table);
                for (ColumnCounts c : counts) {
                    guards.add(guardStates.getOrDefault(table.sqlName + "\u0000" + c.column, "unknown"));
                }
                all.addAll(counts);
            }
            notes = skipped(session);
            // the driver fails every statement on such a table (reference §7): as bad as a wrong index
            missingIndexColumns = session.tables.stream().mapToLong(t -> t.missingIndexColumns.size()).sum();
        }
        long unguarded = guards.stream().filter(g -> !g.equals("guarded")).count();
        long plaintext = all.stream().mapToLong(c -> c.get(ValueState.PLAINTEXT)).sum();
        long unreadable = all.stream().mapToLong(c -> c.get(ValueState.UNREADABLE)).sum();
        long badIndexes = missingIndexColumns
                + all.stream().mapToLong(c -> c.get(IndexState.WRONG) + c.get(IndexState.MISSING)).sum();
        if (json) {
            printJson(all, guards, notes);
        } else {
            printText(all, guards, notes, plaintext, unreadable, badIndexes);
            if (unguarded > 0) {
                out().println(unguarded + " secret column(s) unguarded: the database accepts plaintext there from"
                        + " clients other than the driver; install the checks with `guard` once the columns are clean.");
            }
        }
        return plaintext + unreadable + badIndexes > 0 ? Main.FAILURE : Main.OK;
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

    private static List<ColumnCounts> scan(Session session, DatabaseTable table) throws SQLException {
        List<ColumnCounts> counts = ColumnCounts.of(table);
        if (counts.isEmpty()) {
            return counts;
        }
        KestraCodec codec = session.codec;
        BlindIndexes indexes = new BlindIndexes(table, codec.keyring());
        Reencrypter opener = new Reencrypter(codec);
        List<String> read = new ArrayList<>(table.quotedColumns);
        table.quotedIndexColumns.stream().filter(java.util.Objects::nonNull).forEach(read::add);
        try (Statement statement = session.raw.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet rows = statement.executeQuery(
                    "SELECT " + String.join(", ", read) + " FROM " + table.sqlName)) {
                while (rows.next()) {
                    int index = counts.size() + 1;
                    for (int c = 0; c < counts.size(); c++) {
                        String value = rows.getString(c + 1);
                        if (!indexes.has(c)) {
                            counts.get(c).count(codec.classify(value));
                            continue;
                        }
                        // the index is checked against the plaintext, whichever key opens the value
                        Reencrypter.Read opened = opener.read(value);
                        if (opened.bytes() != null) {
                            java.util.Arrays.fill(opened.bytes(), (byte) 0);
                        }
                        counts.get(c).count(opened.state());
                        counts.get(c).count(indexes.judge(c, opened.plaintext(),
                                opened.state() != ValueState.UNREADABLE, rows.getString(index++)));
                    }
                }
            }
        }
        return counts;
    }

    private void printText(List<ColumnCounts> all, List<String> guards, List<String> notes, long plaintext,
            long unreadable, long badIndexes) {
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
        IndexReport.print(out, all, null, true);
        if (plaintext + unreadable + badIndexes == 0) {
            out.println("OK: no plaintext and no unreadable values" + (IndexReport.any(all) ? ", every index value present and right." : "."));
        }
    }

    private void printJson(List<ColumnCounts> all, List<String> guards, List<String> notes) {
        PrintWriter out = out();
        out.println("{");
        out.println("  \"columns\": [");
        for (int i = 0; i < all.size(); i++) {
            ColumnCounts c = all.get(i);
            out.println("    {\"table\": " + Json.string(c.table) + ", \"column\": " + Json.string(c.column)
                    + ", \"primary\": " + c.get(ValueState.PRIMARY)
                    + ", \"previous\": " + c.get(ValueState.PREVIOUS)
                    + ", \"plaintext\": " + c.get(ValueState.PLAINTEXT)
                    + ", \"unreadable\": " + c.get(ValueState.UNREADABLE)
                    + ", \"nullOrEmpty\": " + c.get(ValueState.NULL_OR_EMPTY)
                    + ", \"guard\": " + Json.string(guards.get(i)) + "}"
                    + (i + 1 < all.size() ? "," : ""));
        }
        out.println("  ],");
        IndexReport.printJson(out, all);
        out.print("  \"skipped\": [");
        for (int i = 0; i < notes.size(); i++) {
            out.print((i == 0 ? "" : ", ") + Json.string(notes.get(i)));
        }
        out.println("]");
        out.println("}");
    }
}
