package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.secretjdbc.config.ConnectionSettings;
import io.secretjdbc.config.DelegateUrl;
import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.registry.SecretTable;
import picocli.CommandLine.Mixin;

/**
 * scan, migrate and rotate: they read the stored values through the RAW delegate connection (the URL
 * without {@code jdbc:secret:}) and classify them with the codec, over every table of the registry.
 */
abstract class DatabaseCommand extends CliCommand {

    @Mixin
    DatabaseOptions database;

    @Mixin
    KeyOptions keys;

    /** The raw connection, the codec, and the registry tables found (and not found) in the database. */
    static final class Session implements AutoCloseable {
        final Connection raw;
        private final String rawUrl;
        private final Properties rawProperties;
        /** Null when the command needs no key ({@code guard}). */
        final KestraCodec codec;
        final SecretRegistry registry;
        final List<DatabaseTable> tables = new ArrayList<>();
        final List<String> missingTables = new ArrayList<>();

        private Session(Connection raw, String rawUrl, Properties rawProperties, KestraCodec codec,
                SecretRegistry registry) {
            this.raw = raw;
            this.rawUrl = rawUrl;
            this.rawProperties = rawProperties;
            this.codec = codec;
            this.registry = registry;
        }

        /**
         * One more raw connection, for a worker of {@code --workers N}. SQLite has one writer at a time,
         * and a transaction that reads and then writes fails at once (SQLITE_BUSY, no waiting) when another
         * connection wrote in between: worker connections there take the write lock when their
         * transaction begins ({@code transaction_mode=IMMEDIATE}) and wait for it ({@code busy_timeout}).
         */
        Connection connectWorker() throws SQLException {
            Properties properties = new Properties();
            for (String name : rawProperties.stringPropertyNames()) {
                properties.setProperty(name, rawProperties.getProperty(name));
            }
            if (rawUrl.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length())) {
                properties.putIfAbsent("transaction_mode", "IMMEDIATE");
                properties.putIfAbsent("busy_timeout", "600000");
            }
            return DriverManager.getConnection(rawUrl, properties);
        }

        @Override
        public void close() throws SQLException {
            raw.close();
        }
    }

    Session open() throws Exception {
        return open(true);
    }

    /** @param needKey false for commands that read no value ({@code guard}) */
    Session open(boolean needKey) throws Exception {
        Properties properties = keys.toProperties(stdin());
        database.addTo(properties);
        // secret.* parameters in --url are read as the driver reads them, and never reach the database.
        DelegateUrl url = DelegateUrl.parse(database.rawUrl());
        // Key-only load, then the same refusal as a connection's, worded for the command line.
        ConnectionSettings settings = loadKeySettings(url.mergeInto(properties));
        KestraCodec codec = needKey ? requireCodec(settings.settings()) : settings.settings().codec();
        SecretRegistry registry = settings.settings().registry();
        if (registry == null || registry.secretColumnCount() == 0) {
            throw new CliException("no secret columns declared: give the flow files with --flows (or secret-jdbc.flows in --config)");
        }
        Properties delegate = settings.delegateProperties();
        Session session = new Session(DriverManager.getConnection(url.url(), delegate), url.url(), delegate, codec,
                registry);
        try {
            for (SecretTable table : registry.tables()) {
                if (table.secretColumns().isEmpty()) {
                    continue;
                }
                List<DatabaseTable> found = DatabaseTable.find(session.raw, table);
                if (found.isEmpty()) {
                    session.missingTables.add(table.name());
                } else {
                    session.tables.addAll(found);
                }
            }
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** The notes for tables and columns the registry names but the database lacks. */
    static List<String> skipped(Session session) {
        List<String> notes = new ArrayList<>();
        for (String table : session.missingTables) {
            notes.add("table " + table + " is not in the database: skipped");
        }
        for (DatabaseTable table : session.tables) {
            for (String column : table.missingColumns) {
                notes.add("column " + table.name() + "." + column + " is not in the table: skipped");
            }
            for (String declared : table.missingIndexColumns) {
                String[] parts = declared.split(":", 2);
                notes.add("blind index column " + table.name() + "." + parts[1] + " of " + table.name() + "." + parts[0]
                        + " is not in the table, so the driver fails every statement on it: add it with "
                        + io.secretjdbc.sql.IndexColumnDdl.addColumnAndIndex(table.sqlName, parts[1])
                        + ", and fill it with `migrate`");
            }
        }
        return notes;
    }
}
