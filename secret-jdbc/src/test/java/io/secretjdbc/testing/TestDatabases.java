package io.secretjdbc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases tests run against. Embedded ones (SQLite, H2) are always there; the real servers
 * (PostgreSQL, MariaDB) come from the settings that {@code scripts/test-servers.sh env} prints:
 * {@code SECRET_JDBC_TEST_PG_URL}, {@code _PG_USER}, {@code _PG_PASSWORD} and the same with
 * {@code MARIADB}, read as system properties first, then as environment variables.
 *
 * <p>A test that needs a server calls {@link #requirePostgres()} / {@link #requireMariadb()} (or
 * {@link #fresh}). When the server was not given, the test is skipped with a loud message on a
 * developer's machine, and fails when {@code CI=true}, so CI can never pass by skipping.
 */
public final class TestDatabases {

    private static final String START_HINT =
            "start them with: scripts/test-servers.sh start && eval \"$(scripts/test-servers.sh env)\"";
    private static final Set<Backend> WARNED = ConcurrentHashMap.newKeySet();

    private TestDatabases() {}

    /** All four backends, for {@code @MethodSource} / {@code @EnumSource} parameterised suites. */
    public static Stream<Backend> backends() {
        return Stream.of(Backend.values());
    }

    /** The PostgreSQL server given to the tests, if any. */
    public static Optional<TestDatabase> postgres() {
        return server(Backend.POSTGRESQL, TestDatabases::setting);
    }

    /** The MariaDB server given to the tests, if any. */
    public static Optional<TestDatabase> mariadb() {
        return server(Backend.MARIADB, TestDatabases::setting);
    }

    /** The PostgreSQL server; skips the test (locally) or fails it (CI=true) when none was given. */
    public static TestDatabase requirePostgres() {
        return require(Backend.POSTGRESQL);
    }

    /** The MariaDB server; skips the test (locally) or fails it (CI=true) when none was given. */
    public static TestDatabase requireMariadb() {
        return require(Backend.MARIADB);
    }

    /** The given server backend, or skip / fail as {@link #requirePostgres()} does. */
    public static TestDatabase require(Backend backend) {
        Optional<TestDatabase> server = server(backend, TestDatabases::setting);
        boolean ci = isCi();
        if (server.isEmpty() && !ci && WARNED.add(backend)) {
            // Once per backend and run, on stderr, so a developer sees it in the Maven output.
            System.err.println();
            System.err.println("*** " + skipMessage(backend) + " ***");
            System.err.println();
        }
        return require(backend, server, ci);
    }

    /** An in-memory H2 database that lives as long as the JVM (so several connections share it). */
    public static TestDatabase h2(String name) {
        return new TestDatabase(Backend.H2, "jdbc:h2:mem:" + databaseName(name) + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** A SQLite database in the given file (created on first connect). */
    public static TestDatabase sqlite(Path file) {
        return new TestDatabase(Backend.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    /**
     * An empty database of the given backend named after {@code name} (e.g. the test class), so that
     * test classes never see each other's tables: an existing one of that name is dropped first.
     * SQLite gets a file in {@code directory} (a {@code @TempDir}); H2 an in-memory database;
     * PostgreSQL and MariaDB a database on the server, created with the test user's rights.
     * Skips or fails (CI) like {@link #require} when a server was not given.
     */
    public static TestDatabase fresh(Backend backend, String name, Path directory) throws SQLException {
        String database = databaseName(name);
        switch (backend) {
            case SQLITE:
                deleteSqliteFiles(directory.resolve(database + ".db"));
                return sqlite(directory.resolve(database + ".db"));
            case H2:
                TestDatabase h2 = h2(database);
                execute(h2, "DROP ALL OBJECTS");
                return h2;
            case POSTGRESQL:
                return freshPostgres(database);
            case MARIADB:
                return freshMariadb(database);
            default:
                throw new IllegalArgumentException("unknown backend " + backend);
        }
    }

    /** A fresh database on the PostgreSQL server named after {@code name}; see {@link #fresh}. */
    public static TestDatabase freshPostgres(String name) throws SQLException {
        TestDatabase server = requirePostgres();
        String database = databaseName(name);
        // FORCE ends connections a previous run left open (PostgreSQL 13+).
        execute(server, "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)",
                "CREATE DATABASE \"" + database + "\" ENCODING 'UTF8'");
        return server.withDatabase(database);
    }

    /** A fresh database on the MariaDB server named after {@code name}; see {@link #fresh}. */
    public static TestDatabase freshMariadb(String name) throws SQLException {
        TestDatabase server = requireMariadb();
        String database = databaseName(name);
        execute(server, "DROP DATABASE IF EXISTS `" + database + "`",
                "CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return server.withDatabase(database);
    }

    /** True when the tests run in CI ({@code CI=true}), where a missing server is an error. */
    public static boolean isCi() {
        String ci = setting("CI");
        return ci != null && ci.trim().equalsIgnoreCase("true");
    }

    /**
     * A database name every backend accepts unquoted: {@code sj_} + lower-case letters, digits and
     * underscores of {@code name}, at most 63 characters (PostgreSQL's limit; MariaDB's is 64).
     */
    public static String databaseName(String name) {
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String prefixed = cleaned.startsWith("sj_") ? cleaned : "sj_" + cleaned;
        return prefixed.length() <= 63 ? prefixed : prefixed.substring(0, 63);
    }

    // ------------------------------------------------------------------------------ internals

    static Optional<TestDatabase> server(Backend backend, UnaryOperator<String> settings) {
        String url = blankToNull(settings.apply(backend.urlSetting()));
        if (url == null) {
            return Optional.empty();
        }
        return Optional.of(new TestDatabase(backend, url,
                blankToNull(settings.apply(backend.userSetting())),
                settings.apply(backend.passwordSetting())));
    }

    static TestDatabase require(Backend backend, Optional<TestDatabase> server, boolean ci) {
        if (server.isPresent()) {
            return server.get();
        }
        if (ci) {
            return Assertions.fail("CI=true but no " + backend + " server was given: " + backend.urlSetting()
                    + " is not set. .ci/run must start the servers (scripts/test-servers.sh start) and"
                    + " export what `scripts/test-servers.sh env` prints before running the tests.");
        }
        return Assumptions.abort(skipMessage(backend));
    }

    private static String skipMessage(Backend backend) {
        return "SKIPPED: no " + backend + " server (" + backend.urlSetting() + " is not set), so the "
                + backend + " tests do not run; " + START_HINT;
    }

    private static String setting(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void execute(TestDatabase database, String... statements) throws SQLException {
        try (Connection connection = database.connectRaw(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void deleteSqliteFiles(Path file) {
        for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            } catch (IOException e) {
                throw new IllegalStateException("cannot delete the old SQLite test file " + file + ": " + e, e);
            }
        }
    }
}
