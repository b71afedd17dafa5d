package io.secretjdbc.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.secretjdbc.config.ConnectionSettings;
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
        final KestraCodec codec;
        final List<DatabaseTable> tables = new ArrayList<>();
        final List<String> missingTables = new ArrayList<>();

        private Session(Connection raw, KestraCodec codec) {
            this.raw = raw;
            this.codec = codec;
        }

        @Override
        public void close() throws SQLException {
            raw.close();
        }
    }

    Session open() throws Exception {
        Properties properties = keys.toProperties(stdin());
        database.addTo(properties);
        ConnectionSettings settings = loadSettings(properties);
        KestraCodec codec = requireCodec(settings.settings());
        SecretRegistry registry = settings.settings().registry();
        if (registry == null || registry.isEmpty()) {
            throw new CliException("no secret columns declared: give the flow files with --flows (or secret-jdbc.flows in --config)");
        }
        Session session = new Session(DriverManager.getConnection(database.rawUrl(), settings.delegateProperties()), codec);
        try {
            for (SecretTable table : registry.tables()) {
                if (table.secretColumns().isEmpty()) {
                    continue;
                }
                DatabaseTable found = DatabaseTable.find(session.raw, table);
                if (found == null) {
                    session.missingTables.add(table.name());
                } else {
                    session.tables.add(found);
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
        }
        return notes;
    }
}
