package io.secretjdbc.jdbc;

import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One backend's database for the jdbc wrapper tests: {@code creds} (registry: password and api_token
 * secret) and {@code other} (plain, with a CLOB-like and a BLOB-like column), reached raw, through
 * secret-jdbc, or through secret-jdbc over the {@link MarkingDriver}.
 */
final class JdbcTestDb {

    static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String FLOWS = "classpath:jdbc/flows";

    final Backend backend;
    final TestDatabase db;

    private JdbcTestDb(Backend backend, TestDatabase db) {
        this.backend = backend;
        this.db = db;
    }

    /** A fresh database named after {@code name}, with creds and other created through the raw driver. */
    static JdbcTestDb fresh(Backend backend, String name, Path dir) throws SQLException {
        MarkingDriver.register();
        JdbcTestDb t = new JdbcTestDb(backend, TestDatabases.fresh(backend, name, dir));
        try (Connection raw = t.db.connectRaw(); Statement s = raw.createStatement()) {
            s.execute("CREATE TABLE creds (id INT PRIMARY KEY, username VARCHAR(200), password VARCHAR(400),"
                    + " api_token VARCHAR(400))");
            s.execute("CREATE TABLE other (id INT PRIMARY KEY, note " + t.clobType() + ", data " + t.blobType() + ")");
        }
        return t;
    }

    String clobType() {
        return switch (backend) {
            case SQLITE, POSTGRESQL -> "TEXT";
            case H2 -> "CLOB";
            case MARIADB -> "LONGTEXT";
        };
    }

    String blobType() {
        return switch (backend) {
            case SQLITE, H2 -> "BLOB";
            case POSTGRESQL -> "BYTEA";
            case MARIADB -> "LONGBLOB";
        };
    }

    static Properties settings() {
        Properties p = new Properties();
        p.setProperty("secret.key", KEY);
        p.setProperty("secret.flows", FLOWS);
        return p;
    }

    Connection raw() throws SQLException {
        return db.connectRaw();
    }

    Connection secret() throws SQLException {
        return db.connectSecret(settings());
    }

    Connection secret(Properties extra) throws SQLException {
        Properties p = settings();
        p.putAll(extra);
        return db.connectSecret(p);
    }

    /** secret-jdbc over the marking delegate: every delegate object is recognisable. */
    Connection secretOverMarking(Properties extra) throws SQLException {
        Properties p = db.credentials();
        p.putAll(settings());
        p.putAll(extra);
        return DriverManager.getConnection("jdbc:secret:marking:" + db.url().substring("jdbc:".length()), p);
    }

    /** The raw driver under the marking driver, for positive controls of the oracle. */
    Connection rawMarked() throws SQLException {
        return DriverManager.getConnection("jdbc:marking:" + db.url().substring("jdbc:".length()), db.credentials());
    }
}
