package io.secretjdbc.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one policy for values of secret columns, used alike by {@code PreparedStatement} setters,
 * {@code ResultSet} getters and updaters and {@code CallableStatement}: which Java values can be
 * bound to a secret column and as which text they are encrypted, and as which Java types a decrypted
 * text can be read. A stored secret is always the encryption of one text, so every decision is a
 * conversion between a Java value and that text. The core knows nothing of JDBC (tested without a
 * database); the wrappers do only the JDBC part (reading a stream or CLOB into text, the messages'
 * parameter or column numbers).
 *
 * <p>Text ({@code CharSequence}, {@code char[]}) is bound as itself. Typed values (reference §6 "Typed
 * values") are bound as their canonical text: integers and {@code BigInteger} in decimal,
 * {@code BigDecimal.toPlainString}, {@code Double}/{@code Float} as {@code toString}, {@code true} /
 * {@code false}, {@code java.time} values and {@code java.sql.Date/Time/Timestamp} in ISO-8601
 * ({@code 2024-05-01}, {@code 2024-05-01T10:15:30.5}, {@code 2024-05-01T08:15:30Z}), {@code UUID} as
 * {@code toString}; and read back by parsing that text. Bytes ({@code byte[]}, binary streams) are the
 * one non-text plaintext: encrypted as themselves, not as a text ({@link #isBytes}), and read back only
 * as bytes ({@link #readsAsBytes}); a stored secret does not say whether it was text or bytes, so
 * {@code getObject(i)} always gives the text. Other types (LOBs other than CLOB, arrays, refs, URLs,
 * SQLXML) are refused before anything is sent.
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
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger || value instanceof Double || value instanceof Float
                || value instanceof Boolean || value instanceof UUID) {
            return value.toString();
        }
        // java.sql types first: they extend java.util.Date, whose toString is not ISO-8601.
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        if (value instanceof LocalDate || value instanceof LocalDateTime || value instanceof LocalTime
                || value instanceof Instant || value instanceof OffsetDateTime || value instanceof OffsetTime
                || value instanceof ZonedDateTime) {
            return value.toString();
        }
        return null;
    }

    /**
     * True for a value bound as raw bytes ({@code setBytes}, {@code setObject(byte[])}, a binary stream
     * read whole): the bytes themselves are the GCM plaintext (reference §6 "Typed values"), so any bytes,
     * also ones that are not UTF-8, come back unchanged through {@code getBytes}.
     */
    static boolean isBytes(Object value) {
        return value instanceof byte[];
    }

    /**
     * True for the types a secret is read as bytes: {@code getObject(i, byte[].class)}, as
     * {@code getBytes} and {@code getBinaryStream} do.
     */
    static boolean readsAsBytes(Class<?> type) {
        return type == byte[].class;
    }

    /** The types a decrypted text is parsed into, each from the canonical text {@link #textOf} writes. */
    private static final Map<Class<?>, Function<String, ?>> READERS = Map.ofEntries(
            Map.entry(String.class, s -> s),
            Map.entry(Object.class, s -> s),
            Map.entry(CharSequence.class, s -> s),
            Map.entry(Boolean.class, ValuePolicy::parseBoolean),
            Map.entry(Integer.class, Integer::valueOf),
            Map.entry(Long.class, Long::valueOf),
            Map.entry(Short.class, Short::valueOf),
            Map.entry(Byte.class, Byte::valueOf),
            Map.entry(BigInteger.class, BigInteger::new),
            Map.entry(BigDecimal.class, BigDecimal::new),
            Map.entry(Double.class, Double::valueOf),
            Map.entry(Float.class, Float::valueOf),
            Map.entry(UUID.class, UUID::fromString),
            Map.entry(LocalDate.class, LocalDate::parse),
            Map.entry(LocalDateTime.class, LocalDateTime::parse),
            Map.entry(LocalTime.class, LocalTime::parse),
            Map.entry(Instant.class, Instant::parse),
            Map.entry(OffsetDateTime.class, OffsetDateTime::parse),
            Map.entry(OffsetTime.class, OffsetTime::parse),
            Map.entry(ZonedDateTime.class, ZonedDateTime::parse),
            Map.entry(java.sql.Date.class, s -> java.sql.Date.valueOf(LocalDate.parse(s))),
            Map.entry(java.sql.Time.class, s -> java.sql.Time.valueOf(LocalTime.parse(s))),
            Map.entry(java.sql.Timestamp.class, ValuePolicy::parseTimestamp));

    /** True when a decrypted text can be read as {@code type} ({@code getObject(i, type)}, typed getters). */
    static boolean readsAs(Class<?> type) {
        return READERS.containsKey(type);
    }

    /**
     * {@code decrypted} as {@code type}; only for types {@link #readsAs} accepts, and null stays null.
     * A text that does not parse fails naming the column and the type, never the text: the parser's own
     * exception (whose message quotes its input) is neither shown nor kept as the cause.
     */
    static <T> T read(String decrypted, Class<T> type, String column) throws SQLException {
        if (decrypted == null) {
            return null;
        }
        try {
            return type.cast(READERS.get(type).apply(decrypted));
        } catch (RuntimeException e) {
            throw new SQLException("secret column " + column + " holds a value that cannot be read as "
                    + type.getSimpleName() + " (its decrypted text is not the canonical text of one). Read it with"
                    + " getString, or store values of that type only.", "22018");
        }
    }

    private static Boolean parseBoolean(String s) {
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        throw new IllegalArgumentException("not a boolean");
    }

    /** ISO local date-time (what {@code setTimestamp} wrote), or an instant / offset date-time. */
    private static java.sql.Timestamp parseTimestamp(String s) {
        try {
            return java.sql.Timestamp.valueOf(LocalDateTime.parse(s));
        } catch (java.time.format.DateTimeParseException notLocal) {
            return java.sql.Timestamp.from(OffsetDateTime.parse(s).toInstant());
        }
    }

    /**
     * Why a value cannot be bound to a secret column: names the column, the way it was bound (a setter or
     * a Java type) and what to do instead, never the value.
     *
     * @param where e.g. "Parameter 2 is bound to" or "Column 3 comes from"
     */
    static String bindRefusal(String where, String column, String how) {
        return where + " secret column " + column + ", which cannot be written with " + how
                + ": secret values are encrypted as text or bytes. Bind it with setString or setBytes (or"
                + " updateString / updateBytes).";
    }

    /** Why a secret column cannot be read through {@code how}: names the column and what to use instead. */
    static String readRefusal(String where, String column, String how) {
        return where + " secret column " + column + ", which cannot be read with " + how
                + ": secret values are stored as encrypted text or bytes. Read it with getString, getObject or"
                + " getBytes.";
    }

    /** The name of a value's type for a message: the simple name only, which quotes nothing of the value. */
    static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
