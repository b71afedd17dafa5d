package io.secretjdbc.fuzz;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.KestraReference;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identifier half of issue 9's generated proof, on the two dialects with {@code U&"…"} names
 * (PostgreSQL, H2): seeded INSERT, UPDATE, SELECT and DELETE statements over the tables of
 * {@link Schema}, every table and column name spelled by {@link IdentifierForms} (case, quotes,
 * Unicode escapes, schema and catalog), values as the dialect's literal forms or bound parameters.
 * The oracle is what the generator put where ({@link Schema.Kind}), never the planner: no marker of a
 * secret column reaches the recording delegate, nothing but SQLException escapes, and afterwards every
 * secret value in the database opens under the key with plain javax.crypto and no table holds a
 * secret marker. {@code -Dfuzz.seed=N} as for {@link GeneratedSqlTest}; {@code -Dfuzz.identifierCount=N}.
 */
class GeneratedIdentifierTest {

    private static final int DEFAULT_COUNT = 1_500;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"H2", "POSTGRESQL"})
    void spelledNamesLeakNoSecretMarker(Backend backend) throws Exception {
        long seed = Long.getLong("fuzz.seed", GeneratedSqlTest.DEFAULT_SEED);
        int count = Integer.getInteger("fuzz.identifierCount", DEFAULT_COUNT);
        TestDatabase db = TestDatabases.fresh(backend, "hd_generated_identifiers", dir);
        RecordingDriver.register();
        Set<String> allSecret = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        int reached = 0;
        long started = System.nanoTime();
        try (Connection raw = db.connectRaw()) {
            try (Statement s = raw.createStatement()) {
                for (Schema.Table t : Schema.TABLES) {
                    s.execute(ddl(t));
                }
            }
            Properties p = db.credentials();
            p.setProperty("secret.key", GeneratedSqlTest.KEY);
            p.setProperty("secret.flows", "classpath:flows");
            try (Connection secret = DriverManager.getConnection(
                    "jdbc:secret:recording:" + db.url().substring("jdbc:".length()), p)) {
                String catalog = raw.getCatalog().toLowerCase(Locale.ROOT);
                CaseRunner runner = new CaseRunner(seed, raw);
                for (int i = 0; i < count; i++) {
                    GeneratedCase c = generate(backend, catalog, seed, i);
                    allSecret.addAll(c.secretMarkers());
                    CaseRunner.Outcome outcome = runner.run(secret, c);
                    reached += RecordingDriver.sqlSent().isEmpty() ? 0 : 1;
                    if (outcome.failed() && failures.size() < 40) {
                        failures.add("case " + i + " of -Dfuzz.seed=" + seed + " on " + backend + "\n    "
                                + c.describe() + outcome.describe());
                    }
                }
            }
            System.out.println("[fuzz] " + backend + " seed " + seed + ": " + count + " statements, " + reached
                    + " reached the delegate, " + failures.size() + " failures, "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            failures.forEach(f -> System.out.println("[fuzz] " + f));
            assertThat(failures).as("leaks or escaped exceptions (seed " + seed + ", " + backend + ")").isEmpty();
            assertThat(reached).as("statements that reached the delegate").isGreaterThan(count / 4);
            assertAtRest(raw, allSecret, seed);
        }
    }

    private static String ddl(Schema.Table t) {
        StringBuilder s = new StringBuilder("CREATE TABLE " + t.name() + " (");
        for (Schema.Column c : t.columns()) {
            s.append(c == t.columns().get(0) ? "" : ", ").append(c.name())
                    .append(c.kind() == Schema.Kind.INT ? " INT PRIMARY KEY" : " VARCHAR(400)");
        }
        return s.append(")").toString();
    }

    /** Every stored secret opens under the key; no column of any table holds a secret marker. */
    private static void assertAtRest(Connection raw, Set<String> secretMarkers, long seed) throws SQLException {
        int ciphertexts = 0;
        for (Schema.Table t : Schema.TABLES) {
            try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + t.name())) {
                while (rs.next()) {
                    for (Schema.Column c : t.columns()) {
                        String v = rs.getString(c.name());
                        if (v == null || v.isEmpty()) {
                            continue;
                        }
                        if (c.kind() == Schema.Kind.SECRET) {
                            assertThat(KestraReference.opens(GeneratedSqlTest.KEY, v))
                                    .as(t.name() + "." + c.name() + " holds a value the key does not open (seed " + seed + ")")
                                    .isTrue();
                            ciphertexts++;
                        }
                        for (String marker : markersIn(v)) {
                            assertThat(secretMarkers).as(t.name() + "." + c.name() + " holds a secret marker in the clear")
                                    .doesNotContain(marker);
                        }
                    }
                }
            }
        }
        // Not vacuous: the generator's legitimate secret writes did land, encrypted.
        assertThat(ciphertexts).as("secret values stored as ciphertext").isGreaterThan(10);
    }

    private static List<String> markersIn(String value) {
        List<String> found = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("MK\\d+_\\d+[a-z]{4}").matcher(value);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** Case {@code i} of {@code seed}: one statement, its markers and their roles. */
    static GeneratedCase generate(Backend backend, String catalog, long seed, int i) {
        Random r = new Random(seed * 7_919L + i + backend.ordinal());
        return new Generation(new IdentifierForms(backend, r, catalog), r, i).statement();
    }

    /** The text of one statement being built, with its markers and bindings. */
    private static final class Generation {
        private final IdentifierForms names;
        private final Random r;
        private final int index;
        private final StringBuilder sql = new StringBuilder();
        private final Map<Integer, Object> bindings = new TreeMap<>();
        private final Set<String> secret = new LinkedHashSet<>();
        private final Set<String> plain = new LinkedHashSet<>();
        private int markers;

        Generation(IdentifierForms names, Random r, int index) {
            this.names = names;
            this.r = r;
            this.index = index;
        }

        GeneratedCase statement() {
            Schema.Table t = Schema.anyTable(r);
            switch (r.nextInt(10)) {
                case 0, 1, 2 -> insert(t, true);
                case 3 -> insert(t, false);
                case 4, 5, 6 -> update(t);
                case 7, 8 -> select(t);
                default -> delete(t);
            }
            GeneratedCase.Mode mode = bindings.isEmpty() ? GeneratedCase.Mode.STATEMENT
                    : r.nextInt(8) == 0 ? GeneratedCase.Mode.PREPARED_BATCH : GeneratedCase.Mode.PREPARED;
            return new GeneratedCase(sql.toString(), bindings, secret, plain, mode);
        }

        private void insert(Schema.Table t, boolean withList) {
            List<Schema.Column> targets = new ArrayList<>(t.columns());
            sql.append("INSERT INTO ").append(names.table(t.name()));
            if (withList) {
                Collections.shuffle(targets, r);
                targets = targets.subList(0, 1 + r.nextInt(targets.size()));
                sql.append(" (");
                for (int c = 0; c < targets.size(); c++) {
                    sql.append(c > 0 ? ", " : "").append(names.name(targets.get(c).name()));
                }
                sql.append(")");
            }
            sql.append(" VALUES (");
            for (int c = 0; c < targets.size(); c++) {
                sql.append(c > 0 ? ", " : "");
                value(targets.get(c));
            }
            sql.append(")");
        }

        private void update(Schema.Table t) {
            String qualifier = target("UPDATE ", t);
            sql.append(" SET ");
            int n = 1 + r.nextInt(2);
            for (int c = 0; c < n; c++) {
                Schema.Column column = t.columns().get(1 + r.nextInt(t.columns().size() - 1));
                sql.append(c > 0 ? ", " : "").append(names.name(column.name())).append(" = ");
                value(column);
            }
            where(t, qualifier);
        }

        private void select(Schema.Table t) {
            Schema.Column shown = t.columns().get(r.nextInt(t.columns().size()));
            String alias = r.nextBoolean() ? null : names.name("a" + index % 3);
            sql.append("SELECT ").append(alias == null ? "" : alias + ".").append(names.name(shown.name()));
            sql.append(" FROM ").append(names.table(t.name()));
            if (alias != null) {
                sql.append(" AS ").append(alias);
            }
            where(t, alias);
        }

        private void delete(Schema.Table t) {
            where(t, target("DELETE FROM ", t));
        }

        /**
         * The table an UPDATE or DELETE writes, sometimes aliased; what column references are then
         * qualified with: the alias, the table's own name, or nothing.
         */
        private String target(String verb, Schema.Table t) {
            sql.append(verb).append(names.table(t.name()));
            if (r.nextInt(3) == 0) {
                String alias = names.name("a" + index % 3);
                sql.append(" AS ").append(alias);
                return alias;
            }
            return r.nextBoolean() ? null : names.name(t.name());
        }

        private void where(Schema.Table t, String qualifier) {
            if (r.nextInt(5) == 0) {
                return;
            }
            Schema.Column column = t.columns().get(r.nextInt(t.columns().size()));
            sql.append(" WHERE ").append(qualifier == null ? "" : qualifier + ".").append(names.name(column.name()));
            switch (r.nextInt(3)) {
                case 0 -> {
                    sql.append(" IN (");
                    value(column);
                    sql.append(", ");
                    value(column);
                    sql.append(")");
                }
                case 1 -> {
                    sql.append(column.kind() == Schema.Kind.INT ? " = " : " LIKE ");
                    value(column);
                }
                default -> {
                    sql.append(" = ");
                    value(column);
                }
            }
        }

        /** A value for (or compared with) {@code column}: its marker takes the column's role. */
        private void value(Schema.Column column) {
            if (column.kind() == Schema.Kind.INT) {
                sql.append(index * 10 + r.nextInt(10));
                return;
            }
            int pick = r.nextInt(10);
            if (pick == 0) {
                sql.append("NULL");
                return;
            }
            String marker = "MK" + index + "_" + markers++ + "q" + (char) ('a' + r.nextInt(26)) + "zk";
            (column.kind() == Schema.Kind.SECRET ? secret : plain).add(marker);
            if (pick < 5) {
                sql.append("?");
                bindings.put(bindings.size() + 1, marker);
            } else if (pick == 5) {
                sql.append("UPPER(").append(names.literal(marker)).append(")");
            } else {
                sql.append(names.literal(marker));
            }
        }
    }
}
