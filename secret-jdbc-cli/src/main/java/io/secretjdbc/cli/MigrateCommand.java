package io.secretjdbc.cli;

import io.secretjdbc.crypto.ValueState;
import picocli.CommandLine.Command;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Encrypt in place the plaintext values of every secret column.",
                "Walks every flow table in batches by primary key (SQLite: rowid), one transaction per batch. Values"
                        + " already encrypted are skipped, so it is idempotent and can be killed and run again at any"
                        + " moment. Exit code 1 when values that no configured key opens remain."})
final class MigrateCommand extends RewriteCommand {

    @Override
    TableRewriter.Mode mode() {
        return TableRewriter.Mode.MIGRATE;
    }

    @Override
    String rewrittenLabel() {
        return "encrypted";
    }

    @Override
    ValueState otherState() {
        return ValueState.PREVIOUS;
    }

    @Override
    String otherLabel() {
        return "previous key";
    }

    @Override
    String otherAdvice(long count) {
        return count + " value(s) are under a previous key: re-encrypt them with `rotate`.";
    }
}
