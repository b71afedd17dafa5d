package io.secretjdbc.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import picocli.CommandLine;

/** Runs the command line in-process with captured streams. */
final class Cli {

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run("", Map.of(), args);
    }

    static Result withStdin(String stdin, String... args) {
        return run(stdin, Map.of(), args);
    }

    static Result run(String stdin, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new Main(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
