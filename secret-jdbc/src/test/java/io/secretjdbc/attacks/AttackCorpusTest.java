package io.secretjdbc.attacks;

import io.secretjdbc.recording.RecordingDriver;
import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The adversarial corpus (issue 9 "Proof"): every line of every {@code attacks/*.tsv} file on the
 * test class path runs on each of its backends, one dynamic test per (attack, backend), through
 * {@code jdbc:secret:recording:<backend>} on a freshly reset database holding {@code creds} (registry
 * table, secret {@code password} and {@code api_token}) and {@code other} (plain). It passes when only
 * SQLExceptions were thrown, the recording delegate never saw the marker (oracle {@code both}), and
 * nothing is plaintext at rest ({@link AtRest}). {@code pending} lines (known leaks) are skipped and
 * listed on stderr with their ids and classes, so they stay visible until their owner closes them
 * ({@code -Dattacks.runPending=true} runs them too, to see which are fixed).
 *
 * <p>Side checks: every JDBC object the secret driver hands out during a step is not the delegate's
 * (class 2), and no value read back is ciphertext (class 10); each fails the lines of its class and
 * is printed for the others.
 */
class AttackCorpusTest {

    /** Issue 9's bar for the corpus; {@link #corpusCoversEveryClass()} checks it. */
    static final int MIN_PER_CLASS = 10;
    static final int MIN_TOTAL = 300;

    @TempDir
    static Path tempDir;

    private static final Map<Backend, Object> DATABASES = new EnumMap<>(Backend.class);
    /** Per backend, the ids run and the ids that leaked: printed at the end, for the class owners. */
    private static final Map<Backend, List<String>> RAN = new EnumMap<>(Backend.class);
    private static final Map<Backend, List<String>> LEAKED = new EnumMap<>(Backend.class);

    static Properties settings() {
        Properties p = new Properties();
        p.setProperty("secret.key", AtRest.KEY);
        p.setProperty("secret.flows", "classpath:attacks/flows");
        return p;
    }

    @TestFactory
    List<DynamicNode> corpus() {
        RecordingDriver.register();
        List<Attack> attacks = AttackFiles.all();
        printPending(attacks);
        List<DynamicNode> perBackend = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            List<DynamicTest> tests = new ArrayList<>();
            for (Attack attack : attacks) {
                if (attack.backends().contains(backend)) {
                    tests.add(DynamicTest.dynamicTest(attack.id() + " @ " + backend, () -> run(attack, backend)));
                }
            }
            perBackend.add(DynamicContainer.dynamicContainer(backend.toString(), tests));
        }
        return perBackend;
    }

    private static void printPending(List<Attack> attacks) {
        List<Attack> pending = attacks.stream().filter(Attack::pending).collect(Collectors.toList());
        System.err.println();
        System.err.println("*** ATTACK CORPUS: " + attacks.size() + " attacks, " + pending.size()
                + " PENDING (known leaks, skipped until their class owner closes them) ***");
        for (Attack attack : pending) {
            System.err.println("*** PENDING " + attack.id() + " [" + attack.classLabel() + "] " + attack.backends()
                    + " " + attack.file() + ":" + attack.line() + ": " + attack.note());
        }
        System.err.println();
    }

    private static void run(Attack attack, Backend backend) throws Exception {
        if (attack.pending() && !Boolean.getBoolean("attacks.runPending")) {
            throw new TestAbortedException("PENDING " + attack.id() + " [" + attack.classLabel() + "]: " + attack.note());
        }
        AttackDatabase database = database(backend);
        database.reset();
        RecordingDriver.clear();
        String marker = attack.marker();
        List<String> problems = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        List<String> sideFindings = new ArrayList<>();
        try (Connection secret = database.secret(settings())) {
            StepRunner.checkNotDelegate(secret.getMetaData(), "Connection.getMetaData()", sideFindings);
            StepRunner.checkNotDelegate(secret.getMetaData().getConnection(), "DatabaseMetaData.getConnection()", sideFindings);
            List<String> steps = attack.concreteSteps(database.databasePrefix());
            for (int i = 0; i < steps.size(); i++) {
                String step = steps.get(i);
                try {
                    StepRunner.run(secret, step, marker, sideFindings);
                } catch (SQLException e) {
                    refusals.add("step " + (i + 1) + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
                    if (!attack.restOnly()) {
                        for (Throwable t = e; t != null; t = t.getCause() != t ? t.getCause() : null) {
                            if (String.valueOf(t).toLowerCase(java.util.Locale.ROOT).contains(marker)) {
                                problems.add("step " + (i + 1) + " threw an exception whose text holds the marker: " + t);
                                break;
                            }
                        }
                    }
                } catch (RuntimeException | Error e) {
                    problems.add("step " + (i + 1) + " threw " + e.getClass().getName() + ", not an SQLException: " + e);
                }
            }
        } catch (SQLException e) {
            refusals.add("connection: " + e);
        }
        if (!attack.restOnly()) {
            for (String sighting : RecordingDriver.sightingsOf(marker)) {
                problems.add("the database was sent the marker: " + sighting);
            }
        }
        for (String side : sideFindings) {
            // Class 2 (delegate objects handed out) and class 10 (ciphertext read back) are judged on the
            // lines of their class; elsewhere they are said loudly but do not hide what the line tests.
            if (side.contains("(class 10)") ? attack.attackClass().equals("10") : attack.attackClass().equals("2")) {
                problems.add(side);
            } else {
                System.err.println("*** SIDE FINDING by " + attack.id() + " on " + backend + ": " + side);
            }
        }
        for (String escape : RecordingDriver.escapes()) {
            problems.add("a delegate object escaped the recorder: " + escape);
        }
        problems.addAll(AtRest.problems(database, attack));
        database.dropSchemasOf(attack);
        tally(RAN, backend, attack.id());
        if (Boolean.getBoolean("attacks.verbose")) {
            System.err.println("ATTACK " + attack.id() + " @ " + backend + (problems.isEmpty() ? " safe" : " LEAKS")
                    + (refusals.isEmpty() ? ", every step ran" : ", " + refusals));
        }
        if (!problems.isEmpty()) {
            tally(LEAKED, backend, attack.id());
            fail(attack.id() + " [" + attack.classLabel() + "] on " + backend + " (" + attack.file() + ":"
                    + attack.line() + ", " + attack.note() + ") leaks:\n  " + String.join("\n  ", problems)
                    + "\nrefusals and errors of the steps:\n  " + String.join("\n  ", refusals));
        }
    }

    private static synchronized void tally(Map<Backend, List<String>> tally, Backend backend, String id) {
        tally.computeIfAbsent(backend, b -> new ArrayList<>()).add(id);
    }

    private static synchronized AttackDatabase database(Backend backend) throws SQLException {
        Object known = DATABASES.get(backend);
        if (known == null) {
            try {
                known = AttackDatabase.open(backend, sqliteDir());
            } catch (TestAbortedException skipped) {
                known = skipped;
            }
            DATABASES.put(backend, known);
        }
        if (known instanceof TestAbortedException skipped) {
            throw skipped;
        }
        return (AttackDatabase) known;
    }

    /** SQLite files in memory when the machine has /dev/shm (no fsync per statement), else the temp dir. */
    private static Path sqliteDir() {
        Path shm = Path.of("/dev/shm");
        if (java.nio.file.Files.isDirectory(shm) && java.nio.file.Files.isWritable(shm)) {
            try {
                Path dir = java.nio.file.Files.createTempDirectory(shm, "secret-jdbc-attacks-");
                dir.toFile().deleteOnExit();
                return dir;
            } catch (java.io.IOException e) {
                return tempDir;
            }
        }
        return tempDir;
    }

    @AfterAll
    static void closeDatabases() throws SQLException {
        if (!RAN.isEmpty()) {
            System.err.println();
            for (Backend backend : RAN.keySet()) {
                List<String> leaked = LEAKED.getOrDefault(backend, List.of());
                System.err.println("*** ATTACK CORPUS RESULT " + backend + ": " + RAN.get(backend).size() + " run, "
                        + leaked.size() + " LEAKED " + leaked);
            }
            System.err.println();
        }
        for (Object database : DATABASES.values()) {
            if (database instanceof AttackDatabase open) {
                open.close();
            }
        }
        DATABASES.clear();
    }

    // ------------------------------------------------------------------ the corpus itself

    @Test
    void everyAttackFileIsWellFormedWithUniqueIds() {
        List<Path> files = AttackFiles.files();
        assertThat(files).as("attack files on the class path").isNotEmpty();
        Map<String, String> seen = new TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Path file : files) {
            for (Attack attack : AttackFiles.read(file)) {
                String where = attack.file() + ":" + attack.line();
                String before = seen.putIfAbsent(attack.id(), where);
                if (before != null) {
                    duplicates.add(attack.id() + " at " + before + " and " + where);
                }
                assertThat(attack.backends()).as(where + " backends").isNotEmpty();
                assertThat(attack.steps()).as(where + " steps").isNotEmpty();
                assertThat(attack.note()).as(where + " note").isNotBlank();
                assertThat(attack.steps()).as(where + " uses its marker: <M>, or a prep: step (bound with the marker)")
                        .anyMatch(step -> step.contains(Attack.MARKER) || step.startsWith(Attack.PREPARED));
            }
        }
        assertThat(duplicates).as("duplicate attack ids").isEmpty();
    }

    @Test
    void malformedLinesAreRejectedNotSkipped() {
        String good = "x-1\t3\tall\tclosed\tboth\tINSERT INTO creds VALUES (1, 'u', '<M>', NULL)\tnote";
        assertThat(Attack.parse("f", 1, good).steps()).hasSize(1);
        for (String bad : new String[] {
                good.replace("\t3\t", "\t13\t"), good.replace("\tall\t", "\tsqlite,oracle\t"),
                good.replace("closed", "open"), good.replace("\tboth\t", "\tsent\t"), good.replace("\tnote", ""),
                good.replace("x-1", "X 1"), good.replace("NULL)", "NULL) ;;  ;; SELECT 1")}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Attack.parse("f", 1, bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("f:1:");
        }
    }

    @Test
    void markersAreDistinctLowerCaseAndDigits() {
        Map<String, String> byMarker = new TreeMap<>();
        for (Attack attack : AttackFiles.all()) {
            assertThat(attack.marker()).matches("[a-z0-9]{12}");
            String other = byMarker.putIfAbsent(attack.marker(), attack.id());
            assertThat(other).as("marker of " + attack.id()).isNull();
        }
    }

    @Test
    void corpusCoversEveryClass() {
        List<Attack> attacks = AttackFiles.all();
        Map<String, Long> perClass = attacks.stream().collect(Collectors.groupingBy(Attack::attackClass,
                TreeMap::new, Collectors.counting()));
        System.err.println("ATTACK CORPUS per class: " + perClass + ", total " + attacks.size());
        List<String> short_ = new ArrayList<>();
        for (int c = 1; c <= 12; c++) {
            long n = perClass.getOrDefault(String.valueOf(c), 0L);
            if (n < MIN_PER_CLASS) {
                short_.add("class " + c + " has " + n);
            }
        }
        if (!short_.isEmpty() || attacks.size() < MIN_TOTAL) {
            // Until every class owner has added their file (issue 9: at least 300 attacks, 10 per class):
            // said loudly and reported as skipped, not passed. Becomes a failure once the bar is met.
            String gap = "ATTACK CORPUS BELOW THE BAR: " + attacks.size() + " attacks (need " + MIN_TOTAL + "), "
                    + short_;
            System.err.println("*** " + gap + " ***");
            throw new TestAbortedException(gap);
        }
    }
}
