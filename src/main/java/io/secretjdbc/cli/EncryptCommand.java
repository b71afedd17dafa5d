package io.secretjdbc.cli;

import io.secretjdbc.crypto.KestraCodec;
import picocli.CommandLine.Command;

@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = {"Encrypt one value under the key, in Kestra's format (Base64 of IV, ciphertext, tag).",
                "Prints the ciphertext alone on standard output. An empty value stays empty."})
final class EncryptCommand extends ValueCommand {

    @Override
    String apply(KestraCodec codec, String input) {
        return codec.encrypt(input);
    }
}
