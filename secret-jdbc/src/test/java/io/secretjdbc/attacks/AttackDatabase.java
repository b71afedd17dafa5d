package io.secretjdbc.attacks;

import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * One backend's database for the corpus, made once per run and reset before every attack: the raw
 * connection is kept, the schema objects are dropped and {@code creds} and {@code other} created
 * again. SQLite gets a new file per attack, H2 {@code DROP ALL OBJECTS}, PostgreSQL drops every schema
 * the attack made and recreates {@code public} in a database of its own, MariaDB drops and recreates
 * its database. Only servers' schema objects are reset, never the servers.
 */
final class AttackDatabase implements AutoCloseable {

    static final String CREDS = "CREATE TABLE creds (id INT PRIMARY KEY, username VARCHAR(200), password VARCHAR(400),"
            + " api_token VARCHAR(400))";
    static final String OTHER = "CREATE TABLE other (id INT PRIMARY KEY, username VARCHAR(200), password VARCHAR(400),"
            + " note VARCHAR(400))";

    /** A schema-qualified base table found after an attack. */
    record Table(String schema, String name) {
    }

    final Backend backend;
    private final Path dir;
    private TestDatabase db;
    private Connection raw;
    /** Schemas present before the first attack (servers): never dropped, never scanned (except ours). */
    private final Set<String> baseline = new LinkedHashSet<>();
    private int attacks;

    private AttackDatabase(Backend backend, Path dir) {
        this.backend = backend;
        this.dir = dir;
    }

    static AttackDatabase open(Backend backend, Path dir) throws SQLException {
        AttackDatabase database = new AttackDatabase(backend, dir);
        if (backend != Backend.SQLITE) {
            database.db = TestDatabases.fresh(backend, "attack_corpus", dir);
            database.raw = database.db.connectRaw();
            database.baseline.addAll(database.schemas());
        }
        return database;
    }

    /** Drops what the previous attack left and creates the two tables of the corpus. */
    void reset() throws SQLException {
        attacks++;
        switch (backend) {
            case SQLITE:
                closeRaw();
                db = TestDatabases.sqlite(dir.resolve("attack-" + attacks + ".db"));
                deleteSqliteFiles(dir.resolve("attack-" + (attacks - 1) + ".db"));
                raw = db.connectRaw();
                break;
            case H2:
                reconnectIfLost();
                execute("DROP ALL OBJECTS");
                break;
            case POSTGRESQL:
                reconnectIfLost();
                for (String schema : newSchemas(null)) {
                    execute("DROP SCHEMA " + quote(schema) + " CASCADE");
                }
                execute("DROP SCHEMA IF EXISTS public CASCADE", "CREATE SCHEMA public");
                break;
            case MARIADB:
                reconnectIfLost();
                String name = quote(database());
                execute("DROP DATABASE " + name, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4", "USE " + name);
                break;
            default:
                throw new IllegalStateException(backend.toString());
        }
        execute(CREDS, OTHER);
    }

    /** After an attack on MariaDB: drops the databases it created (named in its text). */
    void dropSchemasOf(Attack attack) throws SQLException {
        if (backend == Backend.MARIADB) {
            for (String schema : newSchemas(attack)) {
                execute("DROP DATABASE " + quote(schema));
            }
        }
    }

    /** A connection through secret-jdbc over the recording delegate, with the corpus settings. */
    Connection secret(Properties settings) throws SQLException {
        Properties properties = db.credentials();
        properties.putAll(settings);
        return DriverManager.getConnection("jdbc:secret:recording:" + db.url().substring("jdbc:".length()), properties);
    }

    Connection raw() {
        return raw;
    }

    /** Every base table the attack may have written: the database's own, and schemas it made (by name). */
    List<Table> tables(Attack attack) throws SQLException {
        List<Table> tables = new ArrayList<>();
        String sql;
        switch (backend) {
            case SQLITE:
                sql = "SELECT 'main', name FROM sqlite_master WHERE type = 'table'";
                break;
            case H2:
                sql = "SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' AND TABLE_TYPE = 'BASE TABLE'";
                break;
            case POSTGRESQL:
                sql = "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                        + " AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_%'"
                        + " UNION ALL SELECT schemaname, matviewname FROM pg_matviews";
                break;
            case MARIADB:
                // Filtered in SQL: information_schema over every database of a shared server is slow.
                StringBuilder in = new StringBuilder("'" + database() + "'");
                for (String schema : newSchemas(attack)) {
                    in.append(", '").append(schema.replace("'", "''")).append("'");
                }
                sql = "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                        + " AND table_schema IN (" + in + ")";
                break;
            default:
                throw new IllegalStateException(backend.toString());
        }
        try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                tables.add(new Table(rs.getString(1), rs.getString(2)));
            }
        }
        return tables;
    }

    /** {@code SELECT * FROM} the table, quoted for this backend. */
    String selectAll(Table table) {
        return "SELECT * FROM " + (backend == Backend.SQLITE ? "" : quote(table.schema()) + ".") + quote(table.name());
    }

    private String quote(String name) {
        return backend == Backend.MARIADB ? "`" + name.replace("`", "``") + "`" : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private String database() {
        return backend.isServer() ? TestDatabases.serverDatabaseName("attack_corpus")
                : TestDatabases.databaseName("attack_corpus");
    }

    /** What {@code sj_attack_} in an attack's database names stands for here (see {@link Attack#concreteSteps}). */
    String databasePrefix() {
        String database = database();
        return database.substring(0, database.length() - "corpus".length());
    }

    private List<String> schemas() throws SQLException {
        List<String> schemas = new ArrayList<>();
        String sql = backend == Backend.H2 || backend == Backend.POSTGRESQL
                ? "SELECT schema_name FROM information_schema.schemata" : "SHOW DATABASES";
        try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
        }
        return schemas;
    }

    /**
     * Schemas that appeared since the run began. On MariaDB, where other test classes create databases
     * on the same server at any time, only those whose name the attack's text contains.
     */
    private List<String> newSchemas(Attack attack) throws SQLException {
        List<String> made = new ArrayList<>();
        for (String schema : schemas()) {
            if (baseline.contains(schema) || schema.equalsIgnoreCase("public")) {
                continue;
            }
            if (attack == null || attack.text(databasePrefix()).contains(schema.toLowerCase(Locale.ROOT))) {
                made.add(schema);
            }
        }
        return made;
    }

    private void execute(String... statements) throws SQLException {
        try (Statement s = raw.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * The shared test servers are used by other runs too; one that ends every connection of the server
     * (a fault test, a restart) must not turn the rest of the corpus into errors.
     */
    private void reconnectIfLost() throws SQLException {
        if (!raw.isValid(5)) {
            raw.close();
            raw = db.connectRaw();
            if (backend == Backend.MARIADB) {
                execute("USE " + quote(database()));
            }
        }
    }

    private void closeRaw() throws SQLException {
        if (raw != null) {
            raw.close();
            raw = null;
        }
    }

    private static void deleteSqliteFiles(Path file) {
        for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        closeRaw();
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
