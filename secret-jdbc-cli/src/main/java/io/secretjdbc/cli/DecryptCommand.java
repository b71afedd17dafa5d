package io.secretjdbc.cli;

import io.secretjdbc.crypto.KestraCodec;
import picocli.CommandLine.Command;

@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = {"Decrypt one value in Kestra's format, printed alone on standard output.",
                "Tries the key, then each previous key."})
final class DecryptCommand extends ValueCommand {

    @Override
    String apply(KestraCodec codec, String input) throws Exception {
        // DecryptionException's message never holds the value.
        return codec.decrypt(input.strip());
    }
}
