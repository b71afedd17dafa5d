package io.secretjdbc.cli;

import io.secretjdbc.crypto.KestraCodec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code encrypt} and {@code decrypt}: one value from the argument or standard input, the result alone on stdout. */
abstract class ValueCommand extends CliCommand {

    @Mixin
    KeyOptions keys;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VALUE",
            description = "The value; read from standard input when absent (one trailing newline removed).")
    String value;

    abstract String apply(KestraCodec codec, String input) throws Exception;

    @Override
    final int run() throws Exception {
        if (value == null && keys.keyStdin) {
            throw usage("--key-stdin needs the value as an argument (standard input cannot carry both); or use --key-file");
        }
        KestraCodec codec = requireCodec(loadKeySettings(keys.toProperties(stdin())).settings());
        String input = value != null ? value : readAll(stdin());
        out().println(apply(codec, input));
        return Main.OK;
    }
}
