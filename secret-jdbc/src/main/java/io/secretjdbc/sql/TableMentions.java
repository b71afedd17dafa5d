package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretRegistry;

/**
 * The cheap textual check done before any parse: does the SQL text name a registry table? A
 * case-insensitive whole-word search for each table name, quoted or not. It errs toward "yes": a
 * false positive costs one parse, a false negative would let a statement pass unexamined.
 *
 * <p>Speed: each name is searched through one of its characters, the anchor, with
 * {@link String#indexOf(int, int)} (a vectorised JDK intrinsic) in lower and upper case, and only the
 * hits are compared whole. The anchor is the name's character that is rarest in SQL text, which only
 * decides how many hits there are, never whether a mention is found. {@code i}, {@code k} and {@code s}
 * are never anchors: other characters (dotless i, the Kelvin sign, the long s) fold to them, which a
 * two-case search would miss. A name without a usable anchor is searched character by character.
 */
final class TableMentions {

    /**
     * What {@link #firstMentioned} answers when no name is written out but a {@code U&"..."} name
     * (PostgreSQL, H2) may spell one with escapes: only lexing tells. Compared by identity.
     */
    static final String ESCAPED = new String("U&\"...\"");

    /** Anchor candidates, rarest in SQL first (a heuristic: it changes the cost, not the answer). */
    private static final String RARITY = "zqjxvbygwpf9876543m2u1h0_dcltrnoae";

    private final String[] names;
    private final int[] anchorAt;
    private final char[] anchorLower;
    private final char[] anchorUpper;
    /** True where {@code U&"..."} names exist: PostgreSQL, H2 and the unknown dialect. */
    private final boolean unicodeNames;

    TableMentions(SecretRegistry registry) {
        this(registry, Dialect.UNKNOWN);
    }

    TableMentions(SecretRegistry registry, Dialect dialect) {
        this.unicodeNames = dialect == Dialect.POSTGRESQL || dialect == Dialect.H2 || dialect == Dialect.UNKNOWN;
        this.names = registry.tableNames().toArray(new String[0]);
        this.anchorAt = new int[names.length];
        this.anchorLower = new char[names.length];
        this.anchorUpper = new char[names.length];
        for (int t = 0; t < names.length; t++) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i < names[t].length(); i++) {
                int rank = RARITY.indexOf(Character.toLowerCase(names[t].charAt(i)));
                if (rank >= 0 && rank < bestRank) {
                    best = i;
                    bestRank = rank;
                }
            }
            anchorAt[t] = best;
            if (best >= 0) {
                anchorLower[t] = Character.toLowerCase(names[t].charAt(best));
                anchorUpper[t] = Character.toUpperCase(names[t].charAt(best));
            }
        }
    }

    /**
     * The first registry table whose name occurs as a word in {@code sql}; else {@link #ESCAPED} if the
     * text holds a {@code U&"} where such names exist; else null. No allocation.
     */
    String firstMentioned(String sql) {
        String named = firstNamed(sql);
        return named != null ? named : unicodeNames && hasUnicodeName(sql) ? ESCAPED : null;
    }

    /** {@code U&"} or {@code u&"} anywhere: a name that may be written with escapes. */
    private static boolean hasUnicodeName(String sql) {
        for (int p = sql.indexOf('&', 1); p >= 0 && p + 1 < sql.length(); p = sql.indexOf('&', p + 1)) {
            char before = sql.charAt(p - 1);
            if ((before == 'U' || before == 'u') && sql.charAt(p + 1) == '"') {
                return true;
            }
        }
        return false;
    }

    /** The first registry table whose name occurs as a word in {@code sql}, or null. No allocation. */
    String firstNamed(String sql) {
        for (int t = 0; t < names.length; t++) {
            String name = names[t];
            int at = anchorAt[t];
            boolean found = at < 0 ? mentions(sql, name)
                    : mentionsAround(sql, name, at, anchorLower[t])
                            || (anchorUpper[t] != anchorLower[t] && mentionsAround(sql, name, at, anchorUpper[t]));
            if (found) {
                return name;
            }
        }
        return null;
    }

    /** Every occurrence of {@code anchor} is tried as the character at {@code at} of a mention of the name. */
    private static boolean mentionsAround(String sql, String name, int at, char anchor) {
        int last = sql.length() - name.length() + at;
        for (int p = sql.indexOf(anchor, at); p >= 0 && p <= last; p = sql.indexOf(anchor, p + 1)) {
            if (isWordAt(sql, p - at, name)) {
                return true;
            }
        }
        return false;
    }

    /** Character-by-character search, for names that have no anchor. */
    static boolean mentions(String sql, String name) {
        int len = name.length();
        int last = sql.length() - len;
        if (len == 0) {
            return false;
        }
        char first = name.charAt(0);
        char firstUpper = Character.toUpperCase(first);
        for (int i = 0; i <= last; i++) {
            char c = sql.charAt(i);
            if ((c == first || c == firstUpper || Character.toLowerCase(c) == first) && isWordAt(sql, i, name)) {
                return true;
            }
        }
        return false;
    }

    /** {@code name} at {@code i}, in any case, not inside a longer identifier ({@code $x} counts as x). */
    private static boolean isWordAt(String sql, int i, String name) {
        int len = name.length();
        return sql.regionMatches(true, i, name, 0, len)
                && (i == 0 || !SqlText.isIdentifierPart(sql.charAt(i - 1)) || sql.charAt(i - 1) == '$')
                && (i + len == sql.length() || !SqlText.isIdentifierPart(sql.charAt(i + len)));
    }
}
