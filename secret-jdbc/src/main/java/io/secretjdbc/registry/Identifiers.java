package io.secretjdbc.registry;

import java.util.Locale;

/** How SQL identifiers are compared with registry names (reference §4). */
public final class Identifiers {

    private Identifiers() {
    }

    /**
     * The registry form of an identifier as written in SQL: quotes ({@code "x"}, {@code `x`},
     * {@code [x]}) removed, any schema or catalog qualifier dropped, lower-cased.
     * {@code "Public"."My_Table"} becomes {@code my_table}. Returns null for null.
     */
    public static String normalize(String identifier) {
        if (identifier == null) {
            return null;
        }
        String name = lastPart(identifier.trim());
        return unquote(name).toLowerCase(Locale.ROOT);
    }

    /** Removes one level of quoting from a single identifier part. */
    public static String unquote(String part) {
        int n = part.length();
        if (n >= 2) {
            char first = part.charAt(0);
            char last = part.charAt(n - 1);
            if ((first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']')) {
                return part.substring(1, n - 1);
            }
        }
        return part;
    }

    /** The last dot-separated part, respecting dots inside quotes. */
    private static String lastPart(String qualified) {
        char quote = 0;
        int start = 0;
        for (int i = 0; i < qualified.length(); i++) {
            char c = qualified.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '[') {
                quote = ']';
            } else if (c == '.') {
                start = i + 1;
            }
        }
        return qualified.substring(start);
    }
}
