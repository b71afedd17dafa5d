package io.secretjdbc.cli;

import picocli.CommandLine.Option;

/**
 * {@code --workers N} and {@code --shard K/N} of scan, migrate and rotate (reference §8), a picocli
 * mixin. Checked by {@link #check} before any connection is opened, so a bad value touches nothing.
 */
final class WorkOptions {

    /** Ranges per worker: a worker that finishes early takes another range instead of waiting. */
    static final int RANGES_PER_WORKER = 4;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Connections working at once, each on its own key ranges of the table (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Only part K of N of every table, split by key (K from 1), so that N machines can share"
                    + " the work; each part is resumable on its own.")
    String shard;

    /** Set by {@link #check}: part {@code shardIndex} (from 1) of {@code shardCount}; 1/1 without --shard. */
    int shardIndex = 1;
    int shardCount = 1;

    /** @return null when the options are usable, else the usage error to report */
    String check() {
        if (workers < 1) {
            return "--workers must be at least 1 (one connection per worker)";
        }
        if (workers > 256) {
            return "--workers must be at most 256";
        }
        if (shard == null) {
            return null;
        }
        String[] parts = shard.strip().split("/", -1);
        String usage = "--shard must be K/N with 1 <= K <= N, for example --shard 2/3 for the second part of three";
        if (parts.length != 2 || !parts[0].matches("[0-9]{1,6}") || !parts[1].matches("[0-9]{1,6}")) {
            return usage;
        }
        int k = Integer.parseInt(parts[0]);
        int n = Integer.parseInt(parts[1]);
        if (k < 1 || n < 1 || k > n) {
            return usage;
        }
        shardIndex = k;
        shardCount = n;
        return null;
    }

    boolean sharded() {
        return shardCount > 1;
    }

    /** Whether the table is split at all: a single worker on the whole table walks it as one range. */
    boolean splits() {
        return workers > 1 || sharded();
    }

    String shardLabel() {
        return shardIndex + "/" + shardCount;
    }
}
