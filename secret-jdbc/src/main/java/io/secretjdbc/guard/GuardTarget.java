package io.secretjdbc.guard;

import io.secretjdbc.registry.DatabaseTables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One secret column of one table in the database, and the predictable name of its check:
 * {@code sj_guard_<table>_<column>} in lower case, cut to fit every database's identifier limit
 * (PostgreSQL's 63 bytes, with room for SQLite's {@code _insert} / {@code _update} suffixes) with a
 * hash of the whole name appended when cut, so two long names never share a check.
 */
record GuardTarget(DatabaseTables.Found table, String registryColumn, String storedColumn, String quote) {

    static final String PREFIX = "sj_guard_";
    private static final int MAX_NAME = 55;

    String name() {
        String full = (PREFIX + table.registryName() + "_" + registryColumn).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        if (full.length() <= MAX_NAME) {
            return full;
        }
        return full.substring(0, MAX_NAME - 9) + "_" + hash(full);
    }

    String sqlTable() {
        return table.sqlName(quote);
    }

    String sqlColumn() {
        return DatabaseTables.quote(storedColumn, quote);
    }

    /** The check's name plus a suffix, quoted. */
    String quoted(String suffix) {
        return DatabaseTables.quote(name() + suffix, quote);
    }

    /** {@code creds.password} as the registry names it. */
    String registryName() {
        return table.registryName() + "." + registryColumn;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
