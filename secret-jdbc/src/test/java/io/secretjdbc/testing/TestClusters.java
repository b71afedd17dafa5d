package io.secretjdbc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The clusters that {@code scripts/test-clusters.sh} runs, as the cluster tests find them: a PostgreSQL
 * primary + streaming replica ({@code SECRET_JDBC_TEST_PG_CLUSTER_HOSTS}, {@code _DATABASE},
 * {@code _USER}, {@code _PASSWORD}) and a three-node MariaDB Galera cluster
 * ({@code SECRET_JDBC_TEST_GALERA_...}), plus the script itself ({@code SECRET_JDBC_TEST_CLUSTER_SCRIPT})
 * that the tests call to kill, promote and rebuild nodes. Read as system properties first, then as
 * environment variables; missing ones skip the test locally and fail it with {@code CI=true}, as
 * {@link TestDatabases} does for the single servers.
 */
public final class TestClusters {

    private static final String START_HINT =
            "start them with: scripts/test-clusters.sh start && eval \"$(scripts/test-clusters.sh env)\"";

    private TestClusters() {}

    /**
     * One cluster.
     *
     * @param name     what messages call it
     * @param hosts    {@code host:port} of every node, the first one the PostgreSQL primary / Galera node 1
     * @param script   the script that controls the nodes
     */
    public record Cluster(String name, List<String> hosts, String database, String user, String password,
                          Path script) {

        /** {@code h1:p1,h2:p2,...}: the host list of a multi-host JDBC URL. */
        public String hostList() {
            return String.join(",", hosts);
        }

        /** The port of node {@code n} (1-based). */
        public int port(int n) {
            String host = hosts.get(n - 1);
            return Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
        }

        public Properties credentials() {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            return properties;
        }

        /** A raw-driver connection to one node ({@code jdbc:<scheme>://node/<database><params>}). */
        public Connection connectNode(String scheme, int n, String database, String params) throws SQLException {
            return DriverManager.getConnection("jdbc:" + scheme + "://" + hosts.get(n - 1) + "/" + database + params,
                    credentials());
        }

        /** Runs {@code script command...}; fails the test with the script's output unless it exits 0 in time. */
        public void control(String... command) {
            List<String> line = new ArrayList<>();
            line.add(script.toString());
            line.addAll(List.of(command));
            try {
                Path output = Files.createTempFile("test-clusters", ".log");
                try {
                    Process process = new ProcessBuilder(line).redirectErrorStream(true)
                            .redirectOutput(output.toFile()).start();
                    boolean done = process.waitFor(180, TimeUnit.SECONDS);
                    if (!done) {
                        process.destroyForcibly();
                    }
                    if (!done || process.exitValue() != 0) {
                        Assertions.fail(String.join(" ", line) + (done ? " exited " + process.exitValue()
                                : " did not finish in 180 s") + ":\n" + Files.readString(output));
                    }
                } finally {
                    Files.deleteIfExists(output);
                }
            } catch (IOException e) {
                Assertions.fail("cannot run " + line + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted while running " + line, e);
            }
        }

        /**
         * An empty database named {@code database} made through node 1 (replication carries it to the
         * others); an existing one is dropped first.
         */
        public void recreateDatabase(String scheme, String database, String... statements) throws SQLException {
            try (Connection c = connectNode(scheme, 1, this.database, ""); Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql.replace("{db}", database));
                }
            }
        }

        @Override
        public String toString() {
            return name + " " + hostList() + " as " + user;
        }
    }

    /** The PostgreSQL primary + replica; skips (locally) or fails (CI=true) when not given. */
    public static Cluster requirePostgres() {
        return require("PostgreSQL primary + replica", "SECRET_JDBC_TEST_PG_CLUSTER_", TestClusters::setting,
                TestDatabases.isCi());
    }

    /** The three-node MariaDB Galera cluster; skips (locally) or fails (CI=true) when not given. */
    public static Cluster requireGalera() {
        return require("MariaDB Galera cluster", "SECRET_JDBC_TEST_GALERA_", TestClusters::setting,
                TestDatabases.isCi());
    }

    static Cluster require(String name, String prefix, UnaryOperator<String> settings, boolean ci) {
        UnaryOperator<String> setting = key -> blankToNull(settings.apply(key));
        String hosts = setting.apply(prefix + "HOSTS");
        String script = setting.apply("SECRET_JDBC_TEST_CLUSTER_SCRIPT");
        if (hosts == null || script == null) {
            String missing = (hosts == null ? prefix + "HOSTS" : "SECRET_JDBC_TEST_CLUSTER_SCRIPT") + " is not set";
            if (ci) {
                return Assertions.fail("CI=true but no " + name + " was given (" + missing + "). .ci/run must start"
                        + " the clusters (scripts/test-clusters.sh start) and export what `scripts/test-clusters.sh"
                        + " env` prints before running the tests.");
            }
            String message = "SKIPPED: no " + name + " (" + missing + "); " + START_HINT;
            // On stderr too: an abort in @BeforeAll shows in Maven's summary only as zero tests run.
            System.err.println();
            System.err.println("*** " + message + " ***");
            System.err.println();
            return Assumptions.abort(message);
        }
        return new Cluster(name, List.of(hosts.split(",")), orDefault(setting.apply(prefix + "DATABASE"), "secretjdbc"),
                orDefault(setting.apply(prefix + "USER"), "secretjdbc"), orDefault(setting.apply(prefix + "PASSWORD"), ""),
                Path.of(script));
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String setting(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
