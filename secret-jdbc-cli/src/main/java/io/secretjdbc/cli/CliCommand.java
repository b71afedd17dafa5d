package io.secretjdbc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.secretjdbc.config.ConnectionSettings;
import io.secretjdbc.config.SecretSettings;
import io.secretjdbc.config.SettingsLoader;
import io.secretjdbc.crypto.DecryptionException;
import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.KeyException;
import io.secretjdbc.crypto.MalformedTextException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: standard output and error from picocli, standard input and the
 * environment from {@link Main}, and one place that turns a failure into one line and exit code 1.
 */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "On error, print the stack trace too.")
    boolean verbose;

    /** The command's work; returns the exit code. */
    abstract int run() throws Exception;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (ParameterException usage) {
            throw usage; // picocli turns it into exit code 2
        } catch (CliException | SQLException | DecryptionException | KeyException | MalformedTextException e) {
            return fail(e, e.getMessage());
        } catch (IOException e) {
            return fail(e, "I/O error: " + e.getMessage());
        } catch (Exception e) {
            // Unexpected: name the type so the report is useful; the stack trace is behind --verbose.
            return fail(e, "unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            out().flush();
            err().flush();
        }
    }

    private int fail(Exception e, String message) {
        err().println(spec.qualifiedName() + ": " + oneLine(message));
        if (verbose) {
            e.printStackTrace(err());
        }
        return Main.FAILURE;
    }

    private static String oneLine(String message) {
        return message == null ? "failed" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Main main() {
        return (Main) spec.root().userObject();
    }

    InputStream stdin() {
        return main().stdin();
    }

    Map<String, String> environment() {
        return main().environment();
    }

    /**
     * Settings as a connection with these properties would see them (reference §5, environment included);
     * fails, as a connection does, when they declare no secret column.
     */
    ConnectionSettings loadSettings(Properties properties) throws SQLException {
        return SettingsLoader.load(properties, environment());
    }

    /** As {@link #loadSettings}, for commands that only use the keys and open no database. */
    ConnectionSettings loadKeySettings(Properties properties) throws SQLException {
        return SettingsLoader.loadKeys(properties, environment());
    }

    static KestraCodec requireCodec(SecretSettings settings) throws CliException {
        KestraCodec codec = settings.codec();
        if (codec == null) {
            throw new CliException(KeyOptions.NO_KEY);
        }
        return codec;
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** All of standard input as UTF-8, with one trailing newline ({@code \n} or {@code \r\n}) removed. */
    static String readAll(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        if (text.endsWith("\n")) {
            return text.substring(0, text.length() - 1);
        }
        return text;
    }
}
