package io.secretjdbc.jdbc;

/**
 * The one policy for values of secret columns, used alike by {@code PreparedStatement} setters,
 * {@code ResultSet} getters and updaters and {@code CallableStatement}: which Java values can be
 * bound to a secret column and as which text they are encrypted, and as which Java types a decrypted
 * text can be read. A stored secret is always the encryption of one text, so every decision is a
 * conversion between a Java value and that text. The core knows nothing of JDBC (tested without a
 * database); the wrappers do only the JDBC part (reading a stream or CLOB into text, the messages'
 * parameter or column numbers).
 *
 * <p>Today: text ({@code CharSequence}, {@code char[]}) is bound as itself and read as
 * {@code String}; every other type is refused before anything is sent. SPEC §6 "Typed values" adds
 * numbers, booleans, dates and bytes here, in one place for the three interfaces.
 */
final class ValuePolicy {

    private ValuePolicy() {
    }

    /**
     * The text to encrypt for {@code value} bound to a secret column, or null when a value of that type
     * cannot be stored in one (the caller refuses with {@link #bindRefusal}). Not for null values, which
     * are bound as SQL NULL unencrypted.
     */
    static String textOf(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof char[] chars) {
            return new String(chars);
        }
        return null;
    }

    /** True when a decrypted text can be read as {@code type} ({@code getObject(i, type)}). */
    static boolean readsAs(Class<?> type) {
        return type == String.class || type == Object.class || type == CharSequence.class;
    }

    /**
     * {@code decrypted} as {@code type}; only for types {@link #readsAs} accepts, and null stays null.
     * Never echoes the text: the caller's message names the column and the type.
     */
    static <T> T read(String decrypted, Class<T> type) {
        return type.cast(decrypted);
    }

    /**
     * Why a value cannot be bound to a secret column: names the column, the way it was bound (a setter or
     * a Java type) and what to do instead, never the value.
     *
     * @param where e.g. "Parameter 2 is bound to" or "Column 3 comes from"
     */
    static String bindRefusal(String where, String column, String how) {
        return where + " secret column " + column + ", which cannot be written with " + how
                + ": secret values are encrypted as text. Bind it with setString (or updateString).";
    }

    /** Why a secret column cannot be read through {@code how}: names the column and what to use instead. */
    static String readRefusal(String where, String column, String how) {
        return where + " secret column " + column + ", which cannot be read with " + how
                + ": secret values are stored as encrypted text. Read it with getString (or getObject).";
    }

    /** The name of a value's type for a message: the simple name only, which quotes nothing of the value. */
    static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
