package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.registry.SecretTable;

import java.util.List;

/**
 * Statements that let the database run SQL the driver has not read: refused whenever a registry is
 * configured, whether or not their text names a registry table ({@code EXECUTE 'INSERT INTO cr' || 'eds
 * ...'} never does). Asked before the "names no registry table" fast path of {@link Planner}.
 *
 * <p>Cost: the first character of each statement (at the start and after each {@code ;}) decides
 * whether anything more is read, so an INSERT, SELECT, UPDATE or DELETE is looked at once and allocates
 * nothing. Only a CREATE, ALTER or EXPLAIN is tokenized.
 */
final class UnreadSql {

    /** Kinds of CREATE whose body the database runs later, with arguments or rows the driver never sees. */
    private static final List<String> ROUTINES = List.of("FUNCTION", "PROCEDURE", "TRIGGER", "RULE", "EVENT", "ALIAS",
            "SYNONYM", "PACKAGE", "AGGREGATE", "LIBRARY");
    /** The word after CREATE [modifiers] that says what is created; the first one found decides. */
    private static final List<String> KINDS = List.of("TABLE", "VIEW", "INDEX", "SEQUENCE", "SCHEMA", "DATABASE", "DOMAIN",
            "TYPE", "USER", "ROLE", "EXTENSION", "SERVER", "CAST", "OPERATOR", "LANGUAGE", "POLICY", "PUBLICATION",
            "SUBSCRIPTION", "TABLESPACE", "COLLATION", "CONVERSION", "STATISTICS", "TRANSFORM");

    private UnreadSql() {
    }

    /** The refusal for {@code sql}, or null when no statement in it runs unread SQL. */
    static Refusal refusal(String sql, SecretRegistry registry) {
        if (registry.isEmpty()) {
            return null;
        }
        String construct = construct(sql, Words.firstWordAt(sql, 0));
        for (int semicolon = sql.indexOf(';'); construct == null && semicolon >= 0;
             semicolon = sql.indexOf(';', semicolon + 1)) {
            construct = construct(sql, Words.firstWordAt(sql, semicolon + 1));
        }
        return construct == null ? null : refused(construct, registry);
    }

    /** What the statement at {@code i} is, if it runs SQL unread; null otherwise. */
    private static String construct(String sql, int i) {
        if (i >= sql.length()) {
            return null;
        }
        switch (Character.toUpperCase(sql.charAt(i))) {
            case 'E':
                if (Words.wordAt(sql, i, "EXECUTE") || Words.wordAt(sql, i, "EXEC")) {
                    return "EXECUTE (of a prepared or dynamically built statement)";
                }
                if (Words.wordAt(sql, i, "EXPLAIN") && contains(sql, i, "EXECUTE")) {
                    return "EXPLAIN ... EXECUTE (EXPLAIN ANALYZE runs the statement)";
                }
                return null;
            case 'P':
                if (Words.wordAt(sql, i, "PREPARE")) {
                    return "PREPARE (a statement the driver never sees executed)";
                }
                // SQLite: with writable_schema on, UPDATE sqlite_master rewrites a table's stored definition
                // (a DEFAULT, a generated column) without any DDL the driver could judge.
                return Words.wordAt(sql, i, "PRAGMA") && contains(sql, i, "WRITABLE_SCHEMA")
                        ? "PRAGMA writable_schema (edits of the stored schema text)" : null;
            case 'D':
                return Words.wordAt(sql, i, "DO") ? "a DO block" : null;
            case 'B':
                return Words.wordAt(sql, i, "BEGIN") && Words.wordAt(sql, Words.firstWordAt(sql, i + 5), "NOT")
                        ? "a BEGIN NOT ATOMIC compound statement" : null;
            case 'R':
                return Words.wordAt(sql, i, "RUNSCRIPT") ? "RUNSCRIPT" : null;
            case 'C':
                return Words.wordAt(sql, i, "CREATE") ? create(sql, i) : null;
            case 'A':
                return Words.wordAt(sql, i, "ALTER") ? alter(sql, i) : null;
            default:
                return null;
        }
    }

    private static boolean contains(String sql, int from, String word) {
        return Words.of(sql.substring(from)).stream().anyMatch(t -> t.is(word));
    }

    /** CREATE [OR REPLACE] [TEMP] [DEFINER = x] ... kind: a routine, trigger, rule, event, alias or synonym. */
    private static String create(String sql, int i) {
        List<Words.Token> tokens = Words.of(statementAt(sql, i));
        for (int k = 1; k < tokens.size() && k < 24; k++) {
            Words.Token t = tokens.get(k);
            if (t.kind() != Words.Kind.WORD) {
                continue;
            }
            if (ROUTINES.contains(t.text())) {
                return "CREATE " + t.text() + " (its body runs SQL the driver never reads, maybe built at run time)";
            }
            if (t.text().equals("DOMAIN") && tokens.stream().anyMatch(w -> w.is("DEFAULT"))) {
                return "CREATE DOMAIN ... DEFAULT (a column of that domain gets a default the driver never sees)";
            }
            if (t.text().equals("SCHEMA") && tokens.stream().anyMatch(w -> w.is("CREATE"))) {
                return "CREATE SCHEMA with nested statements";
            }
            if (t.text().equals("TABLE") && tokens.stream().anyMatch(w -> w.is("EXECUTE"))) {
                return "CREATE TABLE ... AS EXECUTE";
            }
            if (KINDS.contains(t.text())) {
                return null;
            }
        }
        return null;
    }

    /** ALTER EVENT ... DO (a new body), ALTER DOMAIN ... SET DEFAULT. */
    private static String alter(String sql, int i) {
        int j = Words.firstWordAt(sql, i + 5);
        if (Words.wordAt(sql, j, "EVENT")) {
            return "ALTER EVENT (its body runs SQL the driver never reads)";
        }
        if (Words.wordAt(sql, j, "DOMAIN") && Words.of(statementAt(sql, j)).stream().anyMatch(w -> w.is("DEFAULT"))) {
            return "ALTER DOMAIN ... SET DEFAULT (a column of that domain gets a default the driver never sees)";
        }
        return null;
    }

    /** The text of the statement starting at {@code i}: up to the next ';' (a ';' inside a body only shortens it). */
    private static String statementAt(String sql, int i) {
        return sql.substring(i);
    }

    private static Refusal refused(String construct, SecretRegistry registry) {
        return new Refusal("with secret tables configured (" + tables(registry) + "), " + construct
                + " is refused: it lets the database run SQL that secret-jdbc has not read, which could store"
                + " plaintext in a secret column or read it back as ciphertext. Run it through a connection without"
                + " jdbc:secret: if it is meant, and install the database-side guard (secret-jdbc guard) first, so that"
                + " nothing it does can store plaintext in a secret column.");
    }

    /** Up to three registry table names, for the message. */
    static String tables(SecretRegistry registry) {
        StringBuilder s = new StringBuilder();
        int n = 0;
        for (SecretTable t : registry.tables()) {
            if (n == 3) {
                s.append(", ...");
                break;
            }
            s.append(n++ == 0 ? "" : ", ").append(t.name());
        }
        return s.toString();
    }
}
