package io.secretjdbc.cli;

import java.security.SecureRandom;
import java.util.Base64;

import picocli.CommandLine.Command;

/** {@code keygen}: a new 32-byte key, Base64, alone on stdout so that {@code KEY=$(... keygen)} works. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Print a new random 32-byte AES key, Base64, alone on standard output.")
final class KeygenCommand extends CliCommand {

    static final int KEY_BYTES = 32;

    @Override
    int run() {
        out().println(newKey());
        return Main.OK;
    }

    static String newKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
