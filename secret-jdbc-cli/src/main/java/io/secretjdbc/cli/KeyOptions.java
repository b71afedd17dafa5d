package io.secretjdbc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The key options shared by every command that encrypts or decrypts (a picocli mixin). They become
 * the {@code secret.*} properties of reference §5; the configuration file and the environment variables
 * are read by the config layer as for any connection, with these options first.
 */
final class KeyOptions {

    static final String NO_KEY = "no key configured: give --key-file FILE or --key-stdin (or --key, visible in the"
            + " process list), or set KESTRA_ENCRYPTION_SECRET_KEY, or kestra.encryption.secret-key in --config";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--key", paramLabel = "BASE64",
            description = "The key (Base64 of 16, 24 or 32 bytes). Visible in the process list: prefer --key-file or --key-stdin.")
    String key;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "Read the key from FILE (trailing newline ignored).")
    Path keyFile;

    @Option(names = "--key-stdin", description = "Read the key from standard input (trailing newline ignored).")
    boolean keyStdin;

    @Option(names = "--previous-keys", paramLabel = "KEYS",
            description = "Comma-separated older keys that still decrypt but never encrypt.")
    String previousKeys;

    @Option(names = "--previous-keys-file", paramLabel = "FILE",
            description = "Read older keys from FILE, one per line (or comma-separated); added after --previous-keys.")
    Path previousKeysFile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A secret-jdbc / Kestra YAML configuration file (default: $SECRET_JDBC_CONFIG, else secret-jdbc.yml on the class path).")
    String config;

    /** Where the key given on the command line comes from, or null if none is. */
    String keySource() {
        if (keyFile != null) {
            return "--key-file " + keyFile;
        }
        if (keyStdin) {
            return "--key-stdin";
        }
        return key != null ? "--key" : null;
    }

    /** The {@code secret.*} properties these options stand for. */
    Properties toProperties(InputStream stdin) throws CliException {
        int sources = (key != null ? 1 : 0) + (keyFile != null ? 1 : 0) + (keyStdin ? 1 : 0);
        if (sources > 1) {
            throw new ParameterException(mixee.commandLine(), "give the key one way only: --key, --key-file or --key-stdin");
        }
        Properties properties = new Properties();
        String keyText = readKey(stdin);
        if (keyText != null) {
            properties.setProperty("secret.key", keyText);
        }
        String previous = previousKeys();
        if (previous != null) {
            properties.setProperty("secret.previous-keys", previous);
        }
        if (config != null) {
            properties.setProperty("secret.config", config);
        }
        return properties;
    }

    /** --previous-keys then the keys of --previous-keys-file, comma-separated, or null if neither is given. */
    private String previousKeys() throws CliException {
        if (previousKeysFile == null) {
            return previousKeys;
        }
        String fromFile;
        try {
            fromFile = String.join(",", Files.readString(previousKeysFile, StandardCharsets.UTF_8).strip().split("\\s*[,\\n]\\s*"));
        } catch (IOException e) {
            throw new CliException("cannot read --previous-keys-file " + previousKeysFile + ": " + e, e);
        }
        if (fromFile.isEmpty()) {
            throw new CliException("--previous-keys-file " + previousKeysFile + " is empty");
        }
        return previousKeys == null || previousKeys.isBlank() ? fromFile : previousKeys + "," + fromFile;
    }

    private String readKey(InputStream stdin) throws CliException {
        if (key != null) {
            return key;
        }
        try {
            if (keyFile != null) {
                return nonEmpty(Files.readString(keyFile, StandardCharsets.UTF_8), "--key-file " + keyFile);
            }
            if (keyStdin) {
                return nonEmpty(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), "--key-stdin");
            }
        } catch (IOException e) {
            // The exception names the file, never its content.
            throw new CliException("cannot read the key from " + keySource() + ": " + e, e);
        }
        return null;
    }

    /** Key text as typed into a file or a pipe: the trailing newline that echo and editors add is not part of it. */
    private static String nonEmpty(String text, String source) throws CliException {
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw new CliException("the key from " + source + " is empty");
        }
        return stripped;
    }
}
