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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * secret-jdbc in front of a PostgreSQL primary and its streaming replica ({@code scripts/test-clusters.sh}):
 * a multi-host URL reaches the delegate unchanged, {@code targetServerType} picks the node, reads on the
 * replica decrypt, and a failover under load (primary stopped with {@code -m immediate}, replica
 * promoted) costs the application SQLExceptions during the switch and not one committed row. Replication
 * is synchronous, so "committed" (the commit returned) means "on the replica too".
 *
 * <p>The failover runs last: pgjdbc remembers in a JVM-wide table which host was primary (for
 * {@code hostRecheckSeconds}, 10 s by default), so right after it the rebuilt replica would still pass
 * for the primary in the other tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresClusterTest {

    private static Cluster cluster;
    private static String database;

    private final String marker = "PLAIN-" + UUID.randomUUID();

    @BeforeAll
    static void cluster() {
        cluster = TestClusters.requirePostgres();
        // Heals what an earlier run left (a promoted replica, a stopped primary); quick when all is well.
        cluster.control("pg-start");
        database = TestDatabases.serverDatabaseName("c_PostgresClusterTest");
        RecordingDriver.register();
    }

    @BeforeEach
    void freshTables() throws Exception {
        cluster.recreateDatabase("postgresql", database, "DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)",
                "CREATE DATABASE \"{db}\" ENCODING 'UTF8'");
        try (Connection c = node(1)) {
            ClusterLoad.createTable(c, "TEXT");
        }
        awaitReplicaCaughtUp();
        RecordingDriver.clear();
    }

    /**
     * Until the replica has replayed all the primary's WAL so far. A synchronous commit only waits for
     * the WAL to reach the replica's disk; before replay the new database is missing there, and
     * {@code preferSecondary} would quietly fall back to the primary.
     */
    private static void awaitReplicaCaughtUp() throws Exception {
        String lsn;
        try (Connection primary = cluster.connectNode("postgresql", 1, cluster.database(), "");
             Statement s = primary.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
            assertThat(rs.next()).isTrue();
            lsn = rs.getString(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        try (Connection replica = cluster.connectNode("postgresql", 2, cluster.database(), "");
             PreparedStatement ps = replica.prepareStatement("SELECT pg_last_wal_replay_lsn() >= CAST(? AS pg_lsn)")) {
            ps.setString(1, lsn);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as("the replica replayed up to %s within 15 s", lsn).isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    private static String hostsUrl(String scheme, String params) {
        return "jdbc:" + scheme + "postgresql://" + cluster.hostList() + "/" + database + params;
    }

    private static Connection secret(String scheme, String params) throws SQLException {
        return ClusterLoad.connect(cluster, hostsUrl(scheme, params));
    }

    private static Connection node(int n) throws SQLException {
        return cluster.connectNode("postgresql", n, database, "");
    }

    @Test
    @Order(1)
    void multiHostUrlReachesTheDelegateUnchangedAndWritesLandOnThePrimary() throws Exception {
        String params = "?targetServerType=primary";
        try (Connection c = secret("secret:recording:", params)) {
            insert(c, 1, ClusterLoad.value(marker, 1));
            assertThat(serverPortAndRecovery(c)).isEqualTo(cluster.port(1) + " false");
        }
        assertThat(RecordingDriver.calls()).filteredOn(call -> call.method().equals("connect"))
                .extracting(call -> call.arguments().get(0))
                .containsExactly(hostsUrl("recording:", params));
        assertThat(RecordingDriver.sightingsOf(marker)).as("plaintext seen by the delegate driver").isEmpty();

        // Straight over pgjdbc: the driver reports the URL it was given, host list and all.
        try (Connection c = secret("secret:", params)) {
            assertThat(c.getMetaData().getURL()).isEqualTo(hostsUrl("", params));
            assertThat(serverPortAndRecovery(c)).isEqualTo(cluster.port(1) + " false");
        }
        try (Connection primary = node(1)) {
            assertThat(ClusterLoad.scanNode(primary, marker)).containsOnlyKeys(1);
        }
    }

    @Test
    @Order(1)
    void ourParametersAreTakenOutOfAMultiHostUrlAndAKeyThereIsRefused() throws Exception {
        String params = "?targetServerType=primary";
        try (Connection c = secret("secret:recording:", params + "&secret.flows=" + ConformanceDb.FLOWS)) {
            assertThat(serverPortAndRecovery(c)).isEqualTo(cluster.port(1) + " false");
        }
        assertThat(RecordingDriver.calls()).filteredOn(call -> call.method().equals("connect"))
                .extracting(call -> call.arguments().get(0))
                .containsExactly(hostsUrl("recording:", params));

        RecordingDriver.clear();
        assertThatThrownBy(() -> secret("secret:recording:", params + "&secret.key=" + ConformanceDb.KEY).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("secret.key")
                .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(ConformanceDb.KEY));
        assertThat(RecordingDriver.calls()).as("nothing reached the delegate").isEmpty();
    }

    @Test
    @Order(2)
    void readsWithPreferSecondaryDecryptOnTheReplica() throws Exception {
        try (Connection c = secret("secret:", "?targetServerType=primary")) {
            for (int id = 1; id <= 20; id++) {
                insert(c, id, ClusterLoad.value(marker, id));
            }
        }
        try (Connection replica = secret("secret:", "?targetServerType=preferSecondary")) {
            assertThat(serverPortAndRecovery(replica)).isEqualTo(cluster.port(2) + " true");
            awaitReplayed(replica, 20);
            try (PreparedStatement ps = replica.prepareStatement("SELECT id, password FROM credentials ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getString(2)).isEqualTo(ClusterLoad.value(marker, rs.getInt(1)));
                }
                assertThat(rows).isEqualTo(20);
            }
            // The replica refuses writes; the error is the database's and carries no secret.
            assertThatThrownBy(() -> insert(replica, 99, ClusterLoad.value(marker, 99)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("read-only")
                    .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(marker));
        }
        try (Connection replica = node(2)) {
            assertThat(ClusterLoad.scanNode(replica, marker)).hasSize(20);
        }
    }

    @Test
    @Order(3)
    void failoverUnderLoadLosesNoCommittedRowAndLeaksNothing() throws Exception {
        ClusterLoad load;
        Set<Integer> beforeKill;
        String phases = "";
        try (HikariDataSource pool = pool()) {
            load = new ClusterLoad(pool, 8, marker);
            try {
                load.start();
                load.awaitCommitted(200, Duration.ofSeconds(30));
                beforeKill = load.committed();
                long start = System.nanoTime();
                cluster.control("pg-kill-primary");
                Thread.sleep(500); // the application meets a primary that is gone and a replica that is not one
                cluster.control("pg-promote");
                long promoted = System.nanoTime();
                load.mark();
                load.awaitEveryThreadCommitsAgain(20, Duration.ofSeconds(40));
                phases = String.format("kill to promoted %d ms, promoted to 20 commits by every writer %d ms",
                        (promoted - start) / 1_000_000, (System.nanoTime() - promoted) / 1_000_000);
            } finally {
                load.stop();
            }
        }
        try {
            assertThat(load.others()).as("failures other than SQLException").isEmpty();
            assertThat(load.sqlErrors()).as("SQLExceptions the application saw during the switch").isPositive();
            assertThat(load.errorMessages()).allSatisfy(m -> assertThat(m).doesNotContain(marker));
            Set<Integer> committed = load.committed();
            assertThat(committed).containsAll(beforeKill);
            System.out.printf("PostgreSQL failover: %s; %d rows committed (%d before the kill), %d SQLExceptions, e.g. %s%n",
                    phases, committed.size(), beforeKill.size(), load.sqlErrors(), load.errorMessages().stream().distinct().limit(3).toList());

            // Through secret-jdbc on the new primary: every committed row, exactly.
            try (Connection c = secret("secret:", "?targetServerType=primary");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, password FROM credentials")) {
                assertThat(serverPortAndRecovery(c)).isEqualTo(cluster.port(2) + " false");
                Set<Integer> read = new java.util.HashSet<>();
                while (rs.next()) {
                    assertThat(rs.getString(2)).isEqualTo(ClusterLoad.value(marker, rs.getInt(1)));
                    read.add(rs.getInt(1));
                }
                assertThat(read).containsAll(committed);
            }
            try (Connection promoted = node(2)) {
                Map<Integer, String> stored = ClusterLoad.scanNode(promoted, marker);
                assertThat(stored.keySet()).containsAll(committed);
            }
        } finally {
            // Node 1 primary again, node 2 rebuilt from it: the old primary's rows can be scanned too.
            cluster.control("pg-rebuild");
        }
        try (Connection oldPrimary = node(1)) {
            assertThat(ClusterLoad.scanNode(oldPrimary, marker).keySet()).containsAll(beforeKill);
        }
    }

    /**
     * The pool an application would configure: both hosts, {@code targetServerType=primary}, and
     * {@code hostRecheckSeconds=1} so pgjdbc does not keep believing for 10 s that the promoted node is a
     * replica; short connect and socket timeouts so a dead node fails fast instead of hanging a writer.
     */
    private static HikariDataSource pool() {
        String params = "?targetServerType=primary&hostRecheckSeconds=1&connectTimeout=3&socketTimeout=20";
        return ClusterLoad.pool(cluster, hostsUrl("secret:", params), "pg-failover", 8);
    }

    private static void insert(Connection c, int id, String password) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, "n" + id);
            ps.setString(3, password);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static String serverPortAndRecovery(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT inet_server_port(), pg_is_in_recovery()")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1) + " " + rs.getBoolean(2);
        }
    }

    /** Synchronous commit means the replica has the WAL; replaying it may still take a moment. */
    private static void awaitReplayed(Connection replica, int rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            try (Statement s = replica.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM credentials")) {
                assertThat(rs.next()).isTrue();
                seen = rs.getInt(1);
            }
            if (seen >= rows) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(seen).as("rows replayed on the replica within 15 s").isEqualTo(rows);
    }
}
