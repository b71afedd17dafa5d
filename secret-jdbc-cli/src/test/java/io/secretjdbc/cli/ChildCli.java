package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command line as a real child JVM (same class path), for tests that kill it or check exit codes. */
final class ChildCli {

    record Done(int exit, String out) {
    }

    private ChildCli() {
    }

    private static ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // Only what the arguments say: no key or configuration from the environment of the build.
        builder.environment().remove("KESTRA_ENCRYPTION_SECRET_KEY");
        builder.environment().remove("KESTRA_CONFIGURATION");
        builder.environment().remove("SECRET_JDBC_CONFIG");
        return builder;
    }

    /** Starts the command; its output goes to files in {@code dir}, so a full pipe never blocks it. */
    static Process start(Path dir, String... args) throws Exception {
        long id = System.nanoTime();
        return builder(args)
                .redirectOutput(dir.resolve("out-" + id + ".txt").toFile())
                .redirectError(dir.resolve("err-" + id + ".txt").toFile())
                .start();
    }

    /** Runs the command to its end (at most 5 minutes); standard error is discarded. */
    static Done runToEnd(String... args) throws Exception {
        Process process = builder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Done(process.exitValue(), out);
    }

    /** SIGKILL (no shutdown hooks, a transaction possibly in flight), and wait until it is gone. */
    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed child exits").isTrue();
    }
}
