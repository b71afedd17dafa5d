package io.secretjdbc.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * What migrate and rotate do so that the old values do not stay readable in the database's files
 * (reference §8). SQLite, where the tool can do it all: {@code PRAGMA secure_delete} while rewriting (freed
 * cells are zeroed), then {@code VACUUM} (the file is rebuilt) and a WAL checkpoint that truncates the
 * {@code -wal} file. Server databases keep old row versions where a client cannot reach them (dead
 * tuples, undo and redo logs, binary logs, replicas, backups): the tool says what remains and how to
 * clear it.
 */
final class Compaction {

    private Compaction() {
    }

    private static boolean isSqlite(Connection raw) throws SQLException {
        return "SQLite".equalsIgnoreCase(raw.getMetaData().getDatabaseProductName());
    }

    /** Before rewriting, on every connection that rewrites: freed content is zeroed on SQLite. */
    static void prepare(Connection raw) throws SQLException {
        if (isSqlite(raw)) {
            try (Statement statement = raw.createStatement()) {
                statement.execute("PRAGMA secure_delete = ON");
            }
        }
    }

    /**
     * After a run that wrote: on SQLite rebuilds the file and empties the WAL; elsewhere prints what
     * remains of the old values and how to clear it.
     *
     * @param tables the SQL names of the tables rewritten
     */
    static void finish(Connection raw, List<String> tables, PrintWriter out) throws SQLException {
        String product = raw.getMetaData().getDatabaseProductName();
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        String list = String.join(", ", tables);
        if (isSqlite(raw)) {
            boolean autoCommit = raw.getAutoCommit();
            raw.setAutoCommit(true); // VACUUM cannot run inside a transaction
            try (Statement statement = raw.createStatement()) {
                statement.execute("PRAGMA secure_delete = ON");
                statement.execute("VACUUM");
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } finally {
                raw.setAutoCommit(autoCommit);
            }
            out.println("Compacted: old values zeroed (secure_delete), the file rebuilt (VACUUM), the WAL emptied."
                    + " Copies made before (backups, other copies of the file) still hold them.");
        } else if (p.contains("postgres")) {
            out.println("Old values remain outside this tool's reach: PostgreSQL keeps the old row versions in"
                    + " the table files until VACUUM reuses the space (run VACUUM FULL " + list + " to rewrite"
                    + " the files now; it locks the tables), and in the WAL, WAL archives, replicas and backups"
                    + " made before. Rotate or discard those: see the README runbook.");
        } else if (p.contains("mariadb") || p.contains("mysql")) {
            out.println("Old values remain outside this tool's reach: InnoDB keeps old row versions in the undo"
                    + " log until purge and freed space in the table files (run OPTIMIZE TABLE " + list
                    + " to rebuild them), and the binary log, relay logs of replicas and backups made before still"
                    + " hold them (PURGE BINARY LOGS once replicas have caught up). See the README runbook.");
        } else if (p.equals("h2")) {
            out.println("Old values remain in H2's file until it is compacted: run SHUTDOWN COMPACT. Backups"
                    + " made before still hold them.");
        } else {
            out.println("Old values may remain in " + product + "'s files, logs, replicas and backups: compact"
                    + " the tables (" + list + ") with its own tools.");
        }
    }
}
