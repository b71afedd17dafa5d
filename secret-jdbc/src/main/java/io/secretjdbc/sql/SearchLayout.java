package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;

/**
 * The rewritten form of a statement that uses a blind index (reference §6 "Search"): the text to send,
 * cut at the literals the driver renders, and which application parameter feeds each parameter the
 * delegate sees, and how. Made by the planner, immutable, read by the JDBC wrappers; plans of
 * statements that touch no blind index have none.
 *
 * <p>Delegate parameter {@code d} (1-based, text order of the text to send) takes application parameter
 * {@link #applicationParameter(int)} either as is ({@link #column(int)} null), encrypted for
 * {@code column(d)} ({@link #key(int)} {@link #CIPHERTEXT}), or as the blind index of {@code column(d)}
 * under key {@code key(d)} (0 = the primary key, then the previous keys). Literal {@code i} is rendered
 * the same way from its plaintext.
 */
public final class SearchLayout {

    /** The key number that means "encrypt" rather than "index under key k". */
    public static final int CIPHERTEXT = -1;
    private static final int[] NONE = new int[0];

    private final String[] segments;
    private final String[] literalValues;
    private final SecretColumn[] literalColumns;
    private final int[] literalKeys;
    private final int[] application;
    private final SecretColumn[] columns;
    private final int[] keys;
    /** Per application parameter (1-based), the delegate parameters it feeds. */
    private final int[][] feeds;

    SearchLayout(String[] segments, String[] literalValues, SecretColumn[] literalColumns, int[] literalKeys,
            int[] application, SecretColumn[] columns, int[] keys, int applicationCount) {
        this.segments = segments;
        this.literalValues = literalValues;
        this.literalColumns = literalColumns;
        this.literalKeys = literalKeys;
        this.application = application;
        this.columns = columns;
        this.keys = keys;
        int[] counts = new int[applicationCount + 1];
        for (int d = 1; d < application.length; d++) {
            counts[application[d]]++;
        }
        this.feeds = new int[applicationCount + 1][];
        for (int a = 0; a <= applicationCount; a++) {
            feeds[a] = counts[a] == 0 ? NONE : new int[counts[a]];
            counts[a] = 0;
        }
        for (int d = 1; d < application.length; d++) {
            int a = application[d];
            feeds[a][counts[a]++] = d;
        }
    }

    /** How many parameters the text to send has. */
    public int delegateParameterCount() {
        return application.length - 1;
    }

    /** How many parameters the application's statement has. */
    public int applicationParameterCount() {
        return feeds.length - 1;
    }

    /**
     * The delegate parameters that application parameter {@code parameterIndex} feeds (do not modify);
     * empty for an index out of range, which the caller reports as the JDBC error it is.
     */
    public int[] delegatesOf(int parameterIndex) {
        return parameterIndex > 0 && parameterIndex < feeds.length ? feeds[parameterIndex] : NONE;
    }

    /** The application parameter that delegate parameter {@code d} takes. */
    public int applicationParameter(int d) {
        return application[d];
    }

    /** The secret column delegate parameter {@code d} is encrypted or indexed for, or null (as is). */
    public SecretColumn column(int d) {
        return columns[d];
    }

    /** {@link #CIPHERTEXT}, or the number of the key whose blind index delegate parameter {@code d} takes. */
    public int key(int d) {
        return keys[d];
    }

    /**
     * The secret columns whose blind index this text writes or matches, in text order, each once: the
     * columns a duplicate-key error of the index columns is about.
     */
    public java.util.List<SecretColumn> indexedColumns() {
        java.util.LinkedHashSet<SecretColumn> out = new java.util.LinkedHashSet<>();
        for (int d = 1; d < columns.length; d++) {
            if (columns[d] != null && keys[d] != CIPHERTEXT) {
                out.add(columns[d]);
            }
        }
        for (int i = 0; i < literalColumns.length; i++) {
            if (literalKeys[i] != CIPHERTEXT) {
                out.add(literalColumns[i]);
            }
        }
        return java.util.List.copyOf(out);
    }

    /** True when some literal of the text is rendered by the driver (ciphertext or index value). */
    public boolean hasLiterals() {
        return literalValues.length > 0;
    }

    /** The text to send when it has no rendered literal. */
    String fixedText() {
        return segments[0];
    }

    /** Renders one literal: ciphertext ({@code key == CIPHERTEXT}) or the index value under key {@code key}. */
    @FunctionalInterface
    public interface LiteralRenderer {
        String render(SecretColumn column, int key, String plaintext) throws java.sql.SQLException;
    }

    /** The text to send, each rendered literal quoted as an SQL string. */
    String render(LiteralRenderer renderer) throws java.sql.SQLException {
        if (literalValues.length == 0) {
            return segments[0];
        }
        StringBuilder out = new StringBuilder(segments[0].length() * 2 + 64 * literalValues.length);
        out.append(segments[0]);
        for (int i = 0; i < literalValues.length; i++) {
            String value = renderer.render(literalColumns[i], literalKeys[i], literalValues[i]);
            if (value == null) {
                out.append("NULL");
            } else {
                Plan.appendQuoted(out, value);
            }
            out.append(segments[i + 1]);
        }
        return out.toString();
    }

    /** The text with each rendered literal shown as {@code <ciphertext>} or {@code <index k>}: for tests and corpora. */
    String template() {
        StringBuilder out = new StringBuilder(segments[0]);
        for (int i = 0; i < literalValues.length; i++) {
            out.append(literalKeys[i] == CIPHERTEXT ? "'<ciphertext>'" : "'<index " + literalKeys[i] + ">'");
            out.append(segments[i + 1]);
        }
        return out.toString();
    }

    /** The parameter mapping, e.g. {@code 1<-1 2<-2:enc 3<-2:idx0}: for tests and corpora, never values. */
    String mapping() {
        StringBuilder out = new StringBuilder();
        for (int d = 1; d < application.length; d++) {
            if (d > 1) {
                out.append(' ');
            }
            out.append(d).append("<-").append(application[d]);
            if (columns[d] != null) {
                out.append(keys[d] == CIPHERTEXT ? ":enc" : ":idx" + keys[d]);
            }
        }
        return out.toString();
    }
}
