package io.secretjdbc.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line of reference §8: {@code java -jar target/secret-jdbc-cli.jar COMMAND}.
 *
 * <p>Exit codes: 0 success, 1 failure (or findings, for {@code scan}), 2 bad usage. Errors go to
 * standard error as one line; {@code --verbose} adds the stack trace.
 */
@Command(name = "secret-jdbc",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Encrypts the SECRET columns of Kestra flows in any JDBC database (Kestra's AES-GCM format).",
        subcommands = {
                KeygenCommand.class,
                DemoCommand.class,
                CheckKeyCommand.class,
                QueryCommand.class,
                EncryptCommand.class,
                DecryptCommand.class,
                ScanCommand.class,
                MigrateCommand.class,
                RotateCommand.class,
                GuardCommand.class,
        })
public final class Main implements java.util.concurrent.Callable<Integer> {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private final InputStream stdin;
    private final Map<String, String> environment;

    public Main() {
        this(System.in, System.getenv());
    }

    /** For tests and embedding: standard input and the environment the commands see. */
    public Main(InputStream stdin, Map<String, String> environment) {
        this.stdin = stdin;
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        // sqlite-jdbc logs through SLF4J, which the runnable jar carries without a binding: SLF4J would
        // print three warning lines on every run. Choose its no-op provider unless the user chose one.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        System.exit(commandLine(new Main()).execute(args));
    }

    /** A command line with the error handling of the runnable jar (usage errors as one clean line). */
    public static CommandLine commandLine(Main main) {
        CommandLine commandLine = new CommandLine(main);
        commandLine.setParameterExceptionHandler(Main::usageError);
        return commandLine;
    }

    InputStream stdin() {
        return stdin;
    }

    Map<String, String> environment() {
        return environment;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command given: show the commands, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /**
     * A usage error as one line plus a pointer to --help. Unknown arguments are not echoed as typed:
     * a misspelt {@code --kye=...} or a stray argument could be a key.
     */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message;
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> options = new ArrayList<>();
            int others = 0;
            for (String arg : unmatched.getUnmatched()) {
                if (arg.startsWith("-")) {
                    int eq = arg.indexOf('=');
                    options.add(eq < 0 ? arg : arg.substring(0, eq));
                } else {
                    others++;
                }
            }
            message = options.isEmpty() ? "" : "unknown option " + String.join(", ", options);
            if (others > 0) {
                message += (message.isEmpty() ? "" : "; ") + others + " unexpected argument" + (others > 1 ? "s" : "");
            }
        } else {
            message = ex.getMessage();
        }
        err.println(cmd.getCommandName() + ": " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"secret-jdbc " + (version == null ? "(development build)" : version)};
        }
    }
}
