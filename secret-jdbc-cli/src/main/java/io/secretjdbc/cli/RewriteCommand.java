package io.secretjdbc.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.secretjdbc.crypto.ValueState;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** migrate and rotate: the same batched, resumable walk, rewriting different values. */
abstract class RewriteCommand extends DatabaseCommand {

    @Option(names = "--dry-run", description = "Count what would change; write nothing.")
    boolean dryRun;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Rows per batch, one transaction each (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--no-progress", description = "No progress bar on standard error.")
    boolean noProgress;

    @Mixin
    WorkOptions work;

    @Option(names = "--guard", description = "Once every secret column is clean, install the database-side checks"
            + " (as the guard command does).")
    boolean guard;

    abstract TableRewriter.Mode mode();

    /** The verb of the summary: "encrypted", "re-encrypted". */
    abstract String rewrittenLabel();

    /** The state that is left alone and reported, with the advice for it. */
    abstract ValueState otherState();

    abstract String otherLabel();

    abstract String otherAdvice(long count);

    @Override
    int run() throws Exception {
        if (batchSize < 1) {
            throw usage("--batch-size must be at least 1");
        }
        String badWork = work.check();
        if (badWork != null) {
            throw usage(badWork);
        }
        List<ColumnCounts> all = new ArrayList<>();
        long rows = 0;
        long start = System.nanoTime();
        try (Session session = open()) {
            for (DatabaseTable table : session.tables) {
                if (!table.columns.isEmpty() && !table.hasKey()) {
                    throw new CliException("table " + table.name() + " has no primary key (nor a unique index of NOT NULL"
                            + " columns): " + spec.name() + " walks tables in batches by key and cannot resume without"
                            + " one; add a primary key (nothing was changed)");
                }
                if (table.columns.size() > 63) {
                    throw new CliException("table " + table.name() + " has more than 63 secret columns, which this tool"
                            + " does not handle (nothing was changed)");
                }
            }
            skipped(session).forEach(note -> out().println("note: " + note));
            if (!dryRun) {
                Compaction.prepare(session.raw);
            }
            List<String> rewritten = new ArrayList<>();
            for (DatabaseTable table : session.tables) {
                if (table.columns.isEmpty()) {
                    continue;
                }
                rewritten.add(table.sqlName);
                KeyRanges.Split split = KeyRanges.plan(session.raw, table, work);
                String task = work.sharded() ? table.name() + " " + work.shardLabel() : table.name();
                try (Progress progress = noProgress ? Progress.none() : Progress.bar(err(), task, split.rows())) {
                    List<TableRewriter> workers = Workers.run(work.workers, session.raw, () -> {
                        Connection connection = session.connectWorker();
                        if (!dryRun) {
                            Compaction.prepare(connection);
                        }
                        return connection;
                    }, split.ranges(), connection -> new TableRewriter(connection, table, session.codec, mode(),
                            batchSize, dryRun, progress));
                    all.addAll(ColumnCounts.merged(workers.stream().map(TableRewriter::counts).toList()));
                }
                rows += split.rows();
            }
            int exit = summarize(all, rows, (System.nanoTime() - start) / 1e9);
            if (!dryRun) {
                Compaction.finish(session.raw, rewritten, out());
            }
            if (guard && !dryRun) {
                // Guard.install refuses, naming the column, if anything but ciphertext is left
                GuardCommand.apply(session.raw, session.registry, false);
                out().println("Guard installed on every secret column: the database now refuses plaintext there.");
            }
            return exit;
        }
    }

    private int summarize(List<ColumnCounts> all, long rows, double seconds) {
        PrintWriter out = out();
        String rewritten = dryRun ? "would be " + rewrittenLabel() : rewrittenLabel();
        TextTable table = new TextTable(List.of("table", "column", rewritten, "already primary", otherLabel(),
                "unreadable", "null/empty", "changed meanwhile"));
        for (int i = 2; i <= 7; i++) {
            table.alignRight(i);
        }
        for (ColumnCounts c : all) {
            long alreadyPrimary = c.get(ValueState.PRIMARY);
            table.add(List.of(c.table, c.column, Long.toString(c.rewritten), Long.toString(alreadyPrimary),
                    Long.toString(c.get(otherState())), Long.toString(c.get(ValueState.UNREADABLE)),
                    Long.toString(c.get(ValueState.NULL_OR_EMPTY)), Long.toString(c.changedConcurrently)));
        }
        table.print(out, "");
        long total = all.stream().mapToLong(c -> c.rewritten).sum();
        long other = all.stream().mapToLong(c -> c.get(otherState())).sum();
        long unreadable = all.stream().mapToLong(c -> c.get(ValueState.UNREADABLE)).sum();
        long concurrent = all.stream().mapToLong(c -> c.changedConcurrently).sum();
        out.println(String.format(Locale.ROOT, "%s%d value(s) %s; %d rows in %.2f s (%,.0f rows/s).",
                dryRun ? "Dry run, nothing written: " : "", total, rewritten, rows, seconds,
                seconds > 0 ? rows / seconds : 0.0));
        if (other > 0) {
            out.println(otherAdvice(other));
        }
        if (concurrent > 0) {
            out.println(concurrent + " value(s) were changed by another writer while this ran and were left to it;"
                    + " run " + spec.name() + " again to check them.");
        }
        if (unreadable > 0) {
            err().println(spec.qualifiedName() + ": " + unreadable + " unreadable value(s) left untouched: no configured key"
                    + " opens them (wrong key, a missing --previous-keys, or altered data)");
            return Main.FAILURE;
        }
        return Main.OK;
    }
}
