package io.secretjdbc.jdbc;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code attacks/jdbc.tsv} (the format of the shared adversarial corpus) on each backend, with the
 * corpus' oracles implemented independently of the product: the recording delegate never saw the
 * marker, nothing but SQLException escaped, and afterwards every stored secret value opens with plain
 * javax.crypto while no table holds the marker. The shared runner reads the same file; this one lets
 * the file's owner prove every line {@code closed} before the shared runner lands.
 */
class JdbcAttackFileTest {

    @TempDir
    static Path dir;

    private record Attack(String id, String backends, String status, String oracle, List<String> steps, String note) {
        boolean runsOn(Backend backend) {
            return backends.equals("all") || Arrays.asList(backends.split(",")).contains(backend.name().toLowerCase(Locale.ROOT));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyLineOfTheJdbcAttackFileHolds(Backend backend) throws Exception {
        RecordingDriver.register();
        List<Attack> attacks = read();
        assertThat(attacks).hasSizeGreaterThanOrEqualTo(40).allMatch(a -> a.status().equals("closed"));
        TestDatabase db = TestDatabases.fresh(backend, "jdbc_attacks", dir);
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (Attack attack : attacks) {
            if (!attack.runsOn(backend)) {
                continue;
            }
            ran++;
            String marker = "mk" + attack.id().replaceAll("[^0-9]", "") + "zq" + backend.ordinal();
            reset(db, backend);
            RecordingDriver.clear();
            try (Connection c = secret(db)) {
                for (String step : attack.steps()) {
                    String sql = step.replace("<M>", marker);
                    try {
                        run(c, sql, marker);
                    } catch (SQLException refusedOrFailed) {
                        // an SQLException is an allowed outcome of any step
                    } catch (RuntimeException e) {
                        failures.add(attack.id() + ": a step threw " + e);
                    }
                }
            }
            if (attack.oracle().equals("both")) {
                for (String seen : RecordingDriver.seen()) {
                    if (seen.toLowerCase(Locale.ROOT).contains(marker)) {
                        failures.add(attack.id() + " (" + attack.note() + "): the delegate saw the marker");
                        break;
                    }
                }
            }
            failures.addAll(atRest(db, backend, attack, marker));
        }
        assertThat(ran).as("attacks run on " + backend).isGreaterThan(10);
        assertThat(failures).isEmpty();
    }

    private static void run(Connection c, String step, String marker) throws SQLException {
        if (step.startsWith("prep:")) {
            try (PreparedStatement ps = c.prepareStatement(step.substring("prep:".length()))) {
                int count = ps.getParameterMetaData().getParameterCount();
                for (int i = 1; i <= count; i++) {
                    ps.setString(i, marker);
                }
                ps.execute();
            }
        } else {
            try (Statement s = c.createStatement()) {
                s.execute(step);
            }
        }
    }

    private static Connection secret(TestDatabase db) throws SQLException {
        Properties p = db.credentials();
        p.putAll(JdbcTestDb.settings());
        return DriverManager.getConnection("jdbc:secret:recording:" + db.url().substring("jdbc:".length()), p);
    }

    private static void reset(TestDatabase db, Backend backend) throws SQLException {
        try (Connection raw = db.connectRaw(); Statement s = raw.createStatement()) {
            switch (backend) {
                case POSTGRESQL, H2 -> s.execute("DROP SCHEMA IF EXISTS other_schema CASCADE");
                case MARIADB -> s.execute("DROP DATABASE IF EXISTS sj_jdbc_attacks_twin");
                default -> { }
            }
            s.execute("DROP TABLE IF EXISTS creds");
            s.execute("DROP TABLE IF EXISTS other");
            s.execute("CREATE TABLE creds (id INT PRIMARY KEY, username VARCHAR(200), password VARCHAR(400),"
                    + " api_token VARCHAR(400))");
            s.execute("CREATE TABLE other (id INT PRIMARY KEY, username VARCHAR(200), password VARCHAR(400),"
                    + " note VARCHAR(400))");
        }
    }

    /** Every table the raw driver sees, every text value: no marker; secret columns of creds open. */
    private static List<String> atRest(TestDatabase db, Backend backend, Attack attack, String marker)
            throws SQLException {
        List<String> failures = new ArrayList<>();
        try (Connection raw = db.connectRaw()) {
            List<String> tables = new ArrayList<>();
            DatabaseMetaData md = raw.getMetaData();
            try (ResultSet rs = backend == Backend.MARIADB ? null : md.getTables(null, null, "%", null)) {
                while (rs != null && rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    String type = rs.getString("TABLE_TYPE");
                    if (type == null || !type.toUpperCase(Locale.ROOT).contains("TABLE")
                            || type.toUpperCase(Locale.ROOT).contains("SYSTEM")
                            || schema != null && (schema.equalsIgnoreCase("information_schema")
                            || schema.toLowerCase(Locale.ROOT).startsWith("pg_"))) {
                        continue;
                    }
                    String name = rs.getString("TABLE_NAME");
                    tables.add(schema == null || backend == Backend.SQLITE ? quote(backend, name)
                            : quote(backend, schema) + "." + quote(backend, name));
                }
            }
            if (backend == Backend.MARIADB) {
                try (ResultSet rs = raw.createStatement().executeQuery(
                        "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA IN"
                        + " (DATABASE(), 'sj_jdbc_attacks_twin')")) {
                    while (rs.next()) {
                        tables.add("`" + rs.getString(1) + "`.`" + rs.getString(2) + "`");
                    }
                }
            }
            for (String table : tables) {
                boolean registry = table.replaceAll("[\"`\\[\\]]", "").toLowerCase(Locale.ROOT).matches("(.*\\.)?creds");
                try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = rs.getString(i);
                            if (value == null || value.isEmpty()) {
                                continue;
                            }
                            String column = rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT);
                            if (value.toLowerCase(Locale.ROOT).contains(marker)) {
                                failures.add(attack.id() + " (" + attack.note() + "): " + table + "." + column
                                        + " holds the marker at rest");
                            }
                            if (registry && (column.equals("password") || column.equals("api_token")) && !opens(value)) {
                                failures.add(attack.id() + " (" + attack.note() + "): " + table + "." + column
                                        + " holds a value the key does not open");
                            }
                        }
                    }
                }
            }
        }
        return failures;
    }

    private static String quote(Backend backend, String name) {
        return backend == Backend.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
    }

    /** Plain javax.crypto, not the product's codec: Base64 of IV (12) || ciphertext || tag (16). */
    private static boolean opens(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(JdbcTestDb.KEY), "AES"),
                    new GCMParameterSpec(128, all, 0, 12));
            cipher.doFinal(all, 12, all.length - 12);
            return true;
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static List<Attack> read() throws IOException {
        List<Attack> attacks = new ArrayList<>();
        try (InputStream in = JdbcAttackFileTest.class.getResourceAsStream("/attacks/jdbc.tsv")) {
            assertThat(in).as("attacks/jdbc.tsv on the test class path").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                assertThat(f).as(line).hasSize(7);
                attacks.add(new Attack(f[0], f[2], f[3], f[4], Arrays.asList(f[5].split(" ;; ")), f[6]));
            }
        }
        return attacks;
    }
}
