package io.secretjdbc.sql;

/**
 * The escapes of PostgreSQL's and H2's {@code U&'...'} strings and {@code U&"..."} names: the escape
 * character followed by four hex digits, or by {@code +} and six, or doubled for itself
 * ({@code U&"cr\0065ds"} is {@code creds}). Pure function.
 */
final class UnicodeEscapes {

    private UnicodeEscapes() {
    }

    /** The decoded text, or null if an escape is malformed (the database refuses such text). */
    static String decode(String raw, char escape) {
        if (raw.indexOf(escape) < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != escape) {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < raw.length() && raw.charAt(i + 1) == escape) {
                out.append(escape);
                i += 2;
                continue;
            }
            boolean wide = i + 1 < raw.length() && raw.charAt(i + 1) == '+';
            int from = i + (wide ? 2 : 1);
            int to = from + (wide ? 6 : 4);
            if (to > raw.length()) {
                return null;
            }
            int code;
            try {
                code = Integer.parseInt(raw.substring(from, to), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            if (raw.substring(from, to).chars().anyMatch(ch -> Character.digit(ch, 16) < 0)
                    || !Character.isValidCodePoint(code)) {
                return null;
            }
            out.appendCodePoint(code);
            i = to;
        }
        return out.toString();
    }
}
