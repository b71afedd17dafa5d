package io.secretjdbc.examples;

import example.HikariExample;
import example.QuickStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the examples of examples/java as the README does, so they cannot rot. */
class ExamplesTest {

    /** examples/flows: tests run in the module folder, the README runs the examples from the root. */
    private static final String FLOWS = Path.of("..", "examples", "flows").toAbsolutePath().normalize().toString();

    @TempDir
    Path dir;

    private static String run(ThrowingMain main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingMain {
        void run() throws Exception;
    }

    @Test
    void quickStartWritesCiphertextAndReadsPlaintext() throws Exception {
        Path db = dir.resolve("quick.db");
        String out = run(() -> QuickStart.main(new String[] {db.toString(), FLOWS}));
        assertThat(out).contains("alice -> password=correct horse battery staple, api_token=tok_live_123");
        assertThat(out).contains("stored: ").doesNotContain("stored: correct horse");
        assertThat(storedPasswords(db)).allSatisfy(v -> assertThat(v).doesNotContain("correct horse"));
    }

    @Test
    void hikariExampleWritesCiphertextAndReadsPlaintext() throws Exception {
        Path db = dir.resolve("hikari.db");
        String out = run(() -> HikariExample.main(new String[] {db.toString(), FLOWS}));
        assertThat(out).contains("bob -> password=hunter2");
        assertThat(storedPasswords(db)).singleElement().asString().isNotEqualTo("hunter2").endsWith("=");
    }

    private static java.util.List<String> storedPasswords(Path db) throws Exception {
        java.util.List<String> values = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT password FROM user_credentials")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
