package io.secretjdbc.cli;

import io.secretjdbc.crypto.ValueState;
import picocli.CommandLine.Command;

@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Re-encrypt under the primary key every value still under a previous key.",
                "The new key is --key, the old ones --previous-keys. Batched by primary key, one transaction per batch,"
                        + " resumable; values already under the primary key are skipped. Unreadable values are counted,"
                        + " never touched, and make the exit code 1."})
final class RotateCommand extends RewriteCommand {

    @Override
    TableRewriter.Mode mode() {
        return TableRewriter.Mode.ROTATE;
    }

    @Override
    String rewrittenLabel() {
        return "re-encrypted";
    }

    @Override
    ValueState otherState() {
        return ValueState.PLAINTEXT;
    }

    @Override
    String otherLabel() {
        return "plaintext";
    }

    @Override
    String otherAdvice(long count) {
        return count + " plaintext value(s) left as they are: encrypt them with `migrate`.";
    }
}
