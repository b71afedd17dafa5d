package io.secretjdbc.conformance;

import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commit, rollback and savepoints behave exactly as on the raw driver: each scenario runs twice, once
 * through secret-jdbc on the secret table {@code credentials} and once through the raw driver on a
 * twin table the registry does not know; what each connection sees during the scenario, and what is
 * left afterwards, must be the same (decrypted on one side, plain on the other).
 */
class TransactionConformanceTest {

    @TempDir
    static Path dir;

    /** One scenario, written once for both tables; returns what it observed along the way. */
    interface Scenario {
        List<String> run(Connection c, String table) throws SQLException;
    }

    private void assertSameAsRawDriver(Backend backend, Scenario scenario) throws Exception {
        ConformanceDb db = ConformanceDb.withEmptyFlowTables(backend, getClass(), dir);
        db.execRaw("DROP TABLE IF EXISTS twin_credentials",
                "CREATE TABLE twin_credentials (id INTEGER PRIMARY KEY, name VARCHAR(100), password "
                        + db.longText() + ", note VARCHAR(200))");
        List<String> secretSeen;
        List<String> rawSeen;
        try (Connection c = db.secret()) {
            secretSeen = scenario.run(c, "credentials");
        }
        try (Connection c = db.raw()) {
            rawSeen = scenario.run(c, "twin_credentials");
        }
        assertThat(secretSeen).as("observed through secret-jdbc vs raw driver").isEqualTo(rawSeen);
        List<List<String>> left = db.rawRows("SELECT id, name, note FROM credentials ORDER BY id");
        assertThat(left).isEqualTo(db.rawRows("SELECT id, name, note FROM twin_credentials ORDER BY id"));
        try (Connection c = db.secret()) {
            assertThat(ConformanceDb.rows(c, "SELECT id, password FROM credentials ORDER BY id"))
                    .isEqualTo(db.rawRows("SELECT id, password FROM twin_credentials ORDER BY id"));
        }
        for (String stored : db.stored("credentials", "password")) {
            if (stored != null && !stored.isEmpty()) {
                assertThat(ConformanceDb.decrypt(stored)).startsWith("pw-");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void commitKeepsAndRollbackDiscards(Backend backend) throws Exception {
        assertSameAsRawDriver(backend, (c, table) -> {
            List<String> seen = new ArrayList<>();
            c.setAutoCommit(false);
            insert(c, table, 1, "pw-committed");
            c.commit();
            insert(c, table, 2, "pw-rolled-back");
            update(c, table, 1, "pw-overwritten-then-rolled-back");
            seen.add(snapshot(c, table));
            c.rollback();
            seen.add(snapshot(c, table));
            c.setAutoCommit(true);
            insert(c, table, 3, "pw-autocommit");
            seen.add(snapshot(c, table));
            return seen;
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void savepointsRollBackToTheRightPoint(Backend backend) throws Exception {
        assertSameAsRawDriver(backend, (c, table) -> {
            List<String> seen = new ArrayList<>();
            c.setAutoCommit(false);
            insert(c, table, 1, "pw-1");
            Savepoint first = c.setSavepoint();
            insert(c, table, 2, "pw-2");
            Savepoint second = c.setSavepoint("second");
            update(c, table, 1, "pw-1-changed");
            seen.add(snapshot(c, table));
            c.rollback(second);
            seen.add(snapshot(c, table));
            insert(c, table, 3, "pw-3");
            c.rollback(first);
            seen.add(snapshot(c, table));
            insert(c, table, 4, "pw-4");
            Savepoint third = c.setSavepoint("third");
            update(c, table, 4, "pw-4-kept");
            c.releaseSavepoint(third);
            c.commit();
            seen.add(snapshot(c, table));
            c.setAutoCommit(true);
            return seen;
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failedStatementInsideATransactionThenRollback(Backend backend) throws Exception {
        assertSameAsRawDriver(backend, (c, table) -> {
            List<String> seen = new ArrayList<>();
            c.setAutoCommit(false);
            insert(c, table, 1, "pw-1");
            try {
                insert(c, table, 1, "pw-duplicate-key");
                seen.add("no error");
            } catch (SQLException duplicate) {
                seen.add("error: duplicate key");
            }
            c.rollback();
            seen.add(snapshot(c, table));
            insert(c, table, 5, "pw-5");
            c.commit();
            seen.add(snapshot(c, table));
            c.setAutoCommit(true);
            return seen;
        });
    }

    private static void insert(Connection c, String table, int id, String password) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, name, password) VALUES (?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, "n" + id);
            ps.setString(3, password);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String table, int id, String password) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET password = ? WHERE id = ?")) {
            ps.setString(1, password);
            ps.setInt(2, id);
            ps.executeUpdate();
        }
    }

    private static String snapshot(Connection c, String table) throws SQLException {
        return ConformanceDb.rows(c, "SELECT id, name, password FROM " + table + " ORDER BY id").toString();
    }
}
