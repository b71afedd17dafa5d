package io.secretjdbc.cli;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.KeyException;
import io.secretjdbc.crypto.Keyring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code check-key}: whether the configured key, and each previous key, is usable, and why not.
 * Never prints a key. Exit 1 when a key is unusable or none is configured.
 */
@Command(name = "check-key", mixinStandardHelpOptions = true,
        description = {"Say whether the configured key is usable, and why not, without printing it.",
                "Checks the key and each previous key. Exit code 1 when a key is unusable or none is configured."})
final class CheckKeyCommand extends CliCommand {

    private static final String PROBE = "secret-jdbc check-key";

    @Mixin
    KeyOptions keys;

    @Override
    int run() throws Exception {
        Properties properties = keys.toProperties(stdin());
        boolean allUsable = true;
        // Keys given on the command line are checked one by one, so each gets its own verdict.
        String primary = properties.getProperty("secret.key");
        if (primary != null) {
            allUsable &= report("secret.key (" + keys.keySource() + ")", primary, "secret.key");
        }
        List<String> previous = splitKeys(properties.getProperty("secret.previous-keys"));
        for (int i = 0; i < previous.size(); i++) {
            String name = "secret.previous-keys[" + i + "]";
            allUsable &= report(name, previous.get(i), name);
        }
        if (!allUsable) {
            return Main.FAILURE;
        }
        // Then the whole configuration as a connection sees it: file, KESTRA_CONFIGURATION, environment.
        KestraCodec codec;
        try {
            codec = requireCodec(loadKeySettings(properties).settings());
        } catch (SQLException e) {
            out().println("The configured key is not usable: " + e.getMessage());
            return Main.FAILURE;
        }
        if (!PROBE.equals(codec.decrypt(codec.encrypt(PROBE)))) {
            out().println("The configured key does not round-trip a test value.");
            return Main.FAILURE;
        }
        if (primary == null) {
            out().println("secret.key (from the configuration or the environment): usable");
        }
        out().println("The key is usable: it encrypts and decrypts.");
        return Main.OK;
    }

    /** One line: usable and the key size, or the KeyException's reason (which never holds the key). */
    private boolean report(String label, String key, String name) {
        try {
            int bytes = Keyring.decodeKey(key, name).length;
            out().println(label + ": usable, " + bytes + " bytes (AES-" + bytes * 8 + ")");
            return true;
        } catch (KeyException e) {
            out().println(label + ": NOT usable: " + e.getMessage());
            return false;
        }
    }

    static List<String> splitKeys(String commaSeparated) {
        List<String> keys = new ArrayList<>();
        if (commaSeparated != null) {
            for (String part : commaSeparated.split(",")) {
                if (!part.isBlank()) {
                    keys.add(part.strip());
                }
            }
        }
        return keys;
    }
}
