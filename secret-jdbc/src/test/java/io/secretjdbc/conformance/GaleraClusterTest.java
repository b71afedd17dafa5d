package io.secretjdbc.conformance;

import com.zaxxer.hikari.HikariDataSource;
import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.TestClusters;
import io.secretjdbc.testing.TestClusters.Cluster;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * secret-jdbc in front of a three-node MariaDB Galera cluster ({@code scripts/test-clusters.sh}): writes
 * spread over the nodes through MariaDB Connector/J's multi-host URLs ({@code loadbalance},
 * {@code sequential}), every node holds the same ciphertext byte for byte (each value is encrypted once,
 * by the driver, and Galera copies rows), and a node killed with {@code kill -9} under load and rejoined
 * (IST) loses no committed row. Raw reads use {@code wsrep_sync_wait=1}, so a node has applied
 * everything the cluster committed before it answers.
 *
 * <p>The node kill runs last: Connector/J keeps a failed host on a JVM-wide deny list
 * ({@code deniedListTimeout}, 60 s by default), so right after it the rejoined node would get no
 * {@code loadbalance} connections in the other test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GaleraClusterTest {

    private static final String SYNC_READS = "?sessionVariables=wsrep_sync_wait=1";

    private static Cluster cluster;
    private static String database;

    private final String marker = "PLAIN-" + UUID.randomUUID();

    @BeforeAll
    static void cluster() {
        cluster = TestClusters.requireGalera();
        // Rebuilds the cluster when an earlier run left it short of a node; quick when all three are Synced.
        cluster.control("galera-start");
        database = TestDatabases.serverDatabaseName("c_GaleraClusterTest");
        RecordingDriver.register();
    }

    @BeforeEach
    void freshTables() throws SQLException {
        cluster.recreateDatabase("mariadb", database, "DROP DATABASE IF EXISTS `{db}`",
                "CREATE DATABASE `{db}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        try (Connection c = node(1)) {
            ClusterLoad.createTable(c, "MEDIUMTEXT");
        }
        // DDL is applied on the other nodes in the group's order, not before CREATE returns on node 1:
        // a read with wsrep_sync_wait=1 on each waits until it has, so the first insert there finds the table.
        for (int n = 2; n <= 3; n++) {
            try (Connection c = node(n); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM credentials")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        RecordingDriver.clear();
    }

    private static String hostsUrl(String scheme, String mode) {
        return "jdbc:" + scheme + "mariadb:" + mode + "://" + cluster.hostList() + "/" + database;
    }

    private static Connection secret(String scheme, String mode) throws SQLException {
        return ClusterLoad.connect(cluster, hostsUrl(scheme, mode));
    }

    private static Connection node(int n) throws SQLException {
        return cluster.connectNode("mariadb", n, database, SYNC_READS);
    }

    @Test
    @Order(1)
    void writesSpreadOverTheNodesAndEveryNodeHoldsTheSameCiphertext() throws Exception {
        Set<Integer> ports = new TreeSet<>();
        // loadbalance: each new connection picks a node at random; 60 connections reach all three
        // (the chance that one is never picked is 3 * (2/3)^60, about 1e-10).
        for (int id = 1; id <= 60; id++) {
            try (Connection c = secret("secret:recording:", "loadbalance")) {
                insert(c, id);
                ports.add(serverPort(c));
            }
        }
        assertThat(ports).containsExactlyInAnyOrder(cluster.port(1), cluster.port(2), cluster.port(3));
        // sequential: the first node that answers, node 1 while it is up.
        try (Connection c = secret("secret:recording:", "sequential")) {
            insert(c, 61);
            assertThat(serverPort(c)).isEqualTo(cluster.port(1));
        }
        assertThat(RecordingDriver.calls()).filteredOn(call -> call.method().equals("connect"))
                .extracting(call -> call.arguments().get(0))
                .containsOnly(hostsUrl("recording:", "loadbalance"), hostsUrl("recording:", "sequential"));
        assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext seen by the delegate driver").isEmpty();

        Map<Integer, String> first = assertNodesIdentical();
        assertThat(first).hasSize(61);
        // And back through secret-jdbc from any node.
        try (Connection c = secret("secret:", "loadbalance"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, password FROM credentials")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                assertThat(rs.getString(2)).isEqualTo(ClusterLoad.value(marker, rs.getInt(1)));
            }
            assertThat(rows).isEqualTo(61);
        }
    }

    @Test
    @Order(2)
    void nodeKilledUnderLoadAndRejoinedLosesNothing() throws Exception {
        ClusterLoad load;
        String phases = "";
        try (HikariDataSource pool = pool()) {
            load = new ClusterLoad(pool, 4, marker);
            try {
                load.start();
                load.awaitCommitted(100, Duration.ofSeconds(30));
                long start = System.nanoTime();
                cluster.control("galera-kill", "3");
                load.mark();
                load.awaitEveryThreadCommitsAgain(20, Duration.ofSeconds(30)); // two nodes carry on
                long resumed = System.nanoTime();
                cluster.control("galera-rejoin", "3"); // IST while the writers go on
                long rejoined = System.nanoTime();
                load.awaitEveryThreadCommitsAgain(40, Duration.ofSeconds(30));
                phases = String.format("kill to every writer going again %d ms, rejoin %d ms",
                        (resumed - start) / 1_000_000, (rejoined - resumed) / 1_000_000);
            } finally {
                load.stop();
            }
        }
        assertThat(load.others()).as("failures other than SQLException").isEmpty();
        assertThat(load.errorMessages()).allSatisfy(m -> assertThat(m).doesNotContain(marker));
        Set<Integer> committed = load.committed();
        System.out.printf("Galera kill -9 and rejoin: %s; %d rows committed, %d SQLExceptions, e.g. %s%n",
                phases, committed.size(), load.sqlErrors(), load.errorMessages().stream().distinct().limit(3).toList());
        Map<Integer, String> stored = assertNodesIdentical();
        assertThat(stored.keySet()).containsAll(committed);
    }

    /** Every node's rows, scanned by the oracle, are the same ids with the same ciphertext; returns node 1's. */
    private static Map<Integer, String> assertNodesIdentical(String marker) throws Exception {
        Map<Integer, String> first;
        try (Connection c = node(1)) {
            first = ClusterLoad.scanNode(c, marker);
        }
        for (int n = 2; n <= 3; n++) {
            try (Connection c = node(n)) {
                assertThat(ClusterLoad.scanNode(c, marker)).as("rows on node %d", n).isEqualTo(first);
            }
        }
        return first;
    }

    private Map<Integer, String> assertNodesIdentical() throws Exception {
        return assertNodesIdentical(marker);
    }

    /** loadbalance over the three nodes; short timeouts so a killed node fails a writer fast. */
    private static HikariDataSource pool() {
        String url = hostsUrl("secret:", "loadbalance") + "?connectTimeout=3000&socketTimeout=20000";
        return ClusterLoad.pool(cluster, url, "galera-kill", 4);
    }

    private void insert(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, "n" + id);
            ps.setString(3, ClusterLoad.value(marker, id));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static int serverPort(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@port")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }
}
