package io.secretjdbc.cli;

import io.secretjdbc.crypto.Keyring;
import picocli.CommandLine.Command;

/** {@code keygen}: a new 32-byte key, Base64, alone on stdout so that {@code KEY=$(... keygen)} works. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Print a new random 32-byte AES key, Base64, alone on standard output.")
final class KeygenCommand extends CliCommand {

    @Override
    int run() {
        out().println(newKey());
        return Main.OK;
    }

    static String newKey() {
        return Keyring.newBase64Key(); // SecureRandom, 32 bytes
    }
}
