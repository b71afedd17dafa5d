package io.secretjdbc.sql;

import java.util.List;

/**
 * SQL text as the database it goes to reads it ({@link SqlLexer}): its string literals with exact
 * positions and decoded values, and the text the parser gets, in which every literal is replaced by a
 * numbered marker and every comment by a space, so each parsed string value says which span of the
 * original text it came from; rendering then replaces spans of the original text.
 */
final class SqlText {

    /** Prefix of the marker literals; a parsed string that does not start with it came from elsewhere. */
    static final String MARKER = "\u00a7sjlit";

    /** A quoted string literal: {@code start} is the opening quote, {@code end} is one past the closing one. */
    record Literal(int start, int end, String value) {
        /** The value may be a plaintext secret: never shown. */
        @Override
        public String toString() {
            return "Literal[" + start + ".." + end + "]";
        }
    }

    private final String sql;
    private final Dialect dialect;
    private final List<Literal> literals;
    private final String markedSql;
    private final boolean portableParameterIndexes;
    private final List<String> bracketNames;
    private final String shape;
    private final String ambiguity;
    private final boolean singleQuotedTableName;
    /** See {@link SqlLexer}: (marked start, original start, original end) per piece of the marked text. */
    private int[] pieces = new int[0];
    private boolean[] verbatimPieces = new boolean[0];
    private int[] plainParameters = new int[0];

    SqlText(String sql, Dialect dialect, List<Literal> literals, String markedSql, boolean portableParameterIndexes,
            List<String> bracketNames, String shape, String ambiguity, boolean singleQuotedTableName) {
        this.singleQuotedTableName = singleQuotedTableName;
        this.sql = sql;
        this.dialect = dialect;
        this.ambiguity = ambiguity;
        this.literals = literals;
        this.markedSql = markedSql;
        this.portableParameterIndexes = portableParameterIndexes;
        this.bracketNames = bracketNames;
        this.shape = shape;
    }

    /**
     * The text with what a plan does not depend on taken out: each string literal is {@code 'v'}
     * ({@code 'e'} if empty, {@code 'b'} if it holds a backslash, the two contents the planner looks
     * at) and each integer literal is {@code 0}. Statements of one shape parse to the same tree but for
     * literal values, so they have the same plan, but where the planner reads a number's value
     * ({@code ORDER BY 2}): see {@link Planner}.
     */
    String shape() {
        return shape;
    }

    /**
     * The names written in square brackets ({@code [name]}) outside literals, comments and quoted names:
     * SQLite and SQL Server read each as a quoted identifier wherever it stands, the parser may read it
     * as an array subscript or constructor.
     */
    List<String> bracketNames() {
        return bracketNames;
    }

    /**
     * True when every driver numbers this statement's parameters the way the parser does: only {@code ?},
     * only {@code ?N}, or only {@code $N} first used in the order 1, 2, 3... Named parameters
     * ({@code :name}, {@code @name}, {@code $name}) and mixed styles are numbered differently by different
     * drivers (SQLite gives a new name or a {@code ?} after {@code ?5} the next free index; MySQL reads
     * {@code @name} as a session variable), so a secret parameter's index cannot be trusted there.
     */
    boolean portableParameterIndexes() {
        return portableParameterIndexes;
    }

    String sql() {
        return sql;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * Null when the database reads this text one way only, and the parser's text stands for that
     * reading; else what makes it ambiguous (a construct, never a token of the text), e.g. a backslash
     * in a MariaDB string, read one way or the other by the session's {@code sql_mode}.
     */
    String ambiguity() {
        return ambiguity;
    }

    /**
     * True when a string literal stands where SQLite can only read a table name ({@code INTO 'creds'},
     * {@code main.'creds'}): the parser may have taken it for a table named by a string.
     */
    boolean singleQuotedTableName() {
        return singleQuotedTableName;
    }

    List<Literal> literals() {
        return literals;
    }

    /** The text to parse: the original with each literal replaced by its marker and each comment by a space. */
    String markedSql() {
        return markedSql;
    }

    /** The literal a parsed string value stands for, or null if the value is not one of our markers. */
    Literal literalOf(String parsedValue) {
        if (parsedValue == null || !parsedValue.startsWith(MARKER)) {
            return null;
        }
        try {
            int i = Integer.parseInt(parsedValue.substring(MARKER.length()));
            return i >= 0 && i < literals.size() ? literals.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void setPositions(int[] pieces, boolean[] verbatimPieces, int[] plainParameters) {
        this.pieces = pieces;
        this.verbatimPieces = verbatimPieces;
        this.plainParameters = plainParameters;
    }

    /**
     * The offset in {@link #sql()} of an offset in {@link #markedSql()}. Inside a verbatim piece the
     * two agree; a literal marker, comment or decoded name stands for its whole original span, so a
     * start maps to the span's start and anything after it (an end) to the span's end.
     */
    int originalOffset(int markedOffset) {
        int count = verbatimPieces.length;
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (pieces[mid * 3] <= markedOffset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return markedOffset;
        }
        int markedStart = pieces[found * 3];
        int start = pieces[found * 3 + 1];
        int end = pieces[found * 3 + 2];
        if (verbatimPieces[found]) {
            return Math.min(start + (markedOffset - markedStart), end);
        }
        return markedOffset == markedStart ? start : end;
    }

    /**
     * The offsets in {@link #sql()} of the plain {@code ?} placeholders in text order: JDBC parameter
     * {@code i} is entry {@code i - 1}; null when the text uses another parameter style as well
     * ({@code ?N}, {@code $N}, names), whose numbering a rewrite could not keep.
     */
    int[] plainParameters() {
        return plainParameters;
    }

    /** Lexes by the strictest reading ({@link Dialect#UNKNOWN}). */
    static SqlText lex(String sql) {
        return lex(sql, Dialect.UNKNOWN);
    }

    /** Lexes by the rules of {@code dialect} (see {@link SqlLexer}). */
    static SqlText lex(String sql, Dialect dialect) {
        return SqlLexer.lex(sql, dialect);
    }

    static boolean isIdentifierPart(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }
}
