package io.secretjdbc.sql;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * H2's own upsert, {@code MERGE INTO t [(cols)] [KEY (keys)] VALUES ... | SELECT ...}, which JSqlParser
 * does not parse. It writes exactly what {@code INSERT INTO t [(cols)] VALUES ... | SELECT ...} writes,
 * matching rows on the KEY columns; so it is analysed as that INSERT (the original text is what runs),
 * and the KEY columns are checked apart, since matching on a secret column would compare ciphertext.
 */
final class H2Merge {

    /** MERGE INTO, the table and optional column list (no parenthesis inside), then KEY (...) or not. */
    private static final Pattern FORM = Pattern.compile(
            "(?is)^(\\s*)MERGE(\\s+INTO)(\\s+[^(\\s]+\\s*(?:\\([^()]*\\))?\\s*)(KEY\\s*\\(([^()]*)\\))?(\\s*(?:VALUES|SELECT|WITH|\\().*)$");

    /**
     * @param insertSql the statement rewritten as an INSERT, for analysis only
     * @param keys      the KEY columns as written, empty if there is no KEY clause
     */
    record Normalised(String insertSql, List<String> keys) {
        /** The SQL may hold plaintext literals: never shown. */
        @Override
        public String toString() {
            return "Normalised[keys=" + keys + "]";
        }
    }

    private H2Merge() {
    }

    /**
     * The INSERT form of an H2 MERGE, or null if {@code sql} is not one. It keeps every offset of
     * {@code sql} ({@code MERGE INTO} becomes {@code INSERT} and blanks, which the parser reads as an
     * INSERT without INTO, and the KEY clause blanks), so that the positions of the parse stand for the
     * original text, as the blind index rewrite needs (reference §6 "Search").
     */
    static Normalised normalise(String sql) {
        Matcher m = FORM.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        List<String> keys = m.group(5) == null ? List.of()
                : List.of(m.group(5).trim().split("\\s*,\\s*"));
        String key = m.group(4) == null ? "" : " ".repeat(m.group(4).length());
        String insert = m.group(1) + "INSERT" + " ".repeat("MERGE".length() + m.group(2).length() - "INSERT".length())
                + m.group(3) + key + m.group(6);
        return new Normalised(insert, keys);
    }
}
