package io.secretjdbc.cli;

import io.secretjdbc.crypto.KestraCodec;
import picocli.CommandLine.Command;

@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = {"Encrypt one value in Kestra's format, printed alone on standard output.",
                "AES-GCM under the key, Base64 of IV, ciphertext and tag. An empty value stays empty."})
final class EncryptCommand extends ValueCommand {

    @Override
    String apply(KestraCodec codec, String input) {
        return codec.encrypt(input);
    }
}
