package io.secretjdbc.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A single pass over SQL text that finds the string literals, with exact positions, skipping
 * comments, quoted identifiers and dollar-quoted strings. The planner parses a copy of the text in
 * which every literal's content is replaced by a numbered marker, so each parsed string value says
 * which span of the original text it came from; rendering then replaces spans of the original text.
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
    private final List<Literal> literals;
    private final String markedSql;
    private final boolean portableParameterIndexes;
    private final List<String> bracketNames;
    private final String shape;

    private SqlText(String sql, List<Literal> literals, String markedSql, boolean portableParameterIndexes,
                    List<String> bracketNames, String shape) {
        this.sql = sql;
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

    List<Literal> literals() {
        return literals;
    }

    /** The text to parse: the original with each literal's content replaced by its marker. */
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

    static SqlText lex(String sql) {
        List<Literal> literals = new ArrayList<>();
        StringBuilder marked = new StringBuilder(sql.length() + 16);
        int n = sql.length();
        int i = 0;
        int copied = 0;
        StringBuilder shape = new StringBuilder(sql.length());
        int shapeCopied = 0;
        Parameters parameters = new Parameters();
        List<String> bracketNames = null;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '?' || c == ':' || c == '@') {
                i = parameters.scan(sql, i);
            } else if (c == '\'') {
                int end = i + 1;
                StringBuilder value = new StringBuilder();
                boolean closed = false;
                while (end < n) {
                    char d = sql.charAt(end);
                    if (d == '\'') {
                        if (end + 1 < n && sql.charAt(end + 1) == '\'') {
                            value.append('\'');
                            end += 2;
                            continue;
                        }
                        closed = true;
                        end++;
                        break;
                    }
                    value.append(d);
                    end++;
                }
                if (!closed) {
                    // Unterminated: leave the rest as it is; the parser will fail on it.
                    break;
                }
                marked.append(sql, copied, i).append('\'').append(MARKER).append(literals.size()).append('\'');
                copied = end;
                char kind = value.length() == 0 ? 'e' : value.indexOf("\\") >= 0 ? 'b' : 'v';
                shape.append(sql, shapeCopied, i).append('\'').append(kind).append('\'');
                shapeCopied = end;
                literals.add(new Literal(i, end, value.toString()));
                i = end;
            } else if (c == '"' || c == '`') {
                i = skipTo(sql, i + 1, c);
            } else if (c == '[') {
                int close = sql.indexOf(']', i + 1);
                String name = close < 0 ? "" : sql.substring(i + 1, close).trim();
                if (!name.isEmpty()) {
                    bracketNames = bracketNames == null ? new ArrayList<>(2) : bracketNames;
                    bracketNames.add(name);
                }
                i = isSqlServerBracket(sql, i) ? (close < 0 ? n : close + 1) : i + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '$' && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
                int next = skipDollarQuoted(sql, i);
                i = next == i + 1 ? parameters.scan(sql, i) : next;
            } else if (c >= '0' && c <= '9') {
                int end = i + 1;
                while (end < n && sql.charAt(end) >= '0' && sql.charAt(end) <= '9') {
                    end++;
                }
                if (isInteger(sql, i, end)) {
                    shape.append(sql, shapeCopied, i).append('0');
                    shapeCopied = end;
                }
                i = end;
            } else {
                i++;
            }
        }
        marked.append(sql, copied, n);
        shape.append(sql, shapeCopied, n);
        return new SqlText(sql, List.copyOf(literals), marked.toString(), parameters.portable(),
                bracketNames == null ? List.of() : List.copyOf(bracketNames), shape.toString());
    }

    /** The parameter styles met outside literals, comments and quoted identifiers. */
    private static final class Parameters {
        private int plain;
        private int questionNumbered;
        private int dollarNumbered;
        private int named;
        /** Highest {@code $N} seen so far; false once one is first used out of the order 1, 2, 3... */
        private int dollarMax;
        private boolean dollarInOrder = true;

        /** Reads the token at {@code i} (one of {@code ? : @ $}) and returns the index after it. */
        int scan(String sql, int i) {
            int n = sql.length();
            char c = sql.charAt(i);
            int j = i + 1;
            if (c == '?') {
                if (j < n && sql.charAt(j) == '?') {
                    return j + 1; // pgjdbc's escaped ? operator
                }
                int end = digits(sql, j);
                if (end > j) {
                    questionNumbered++;
                    return end;
                }
                plain++;
                return j;
            }
            if (j < n && sql.charAt(j) == c) {
                return skipName(sql, j + 1); // :: cast, @@ system variable
            }
            if (c == '$') {
                int end = digits(sql, j);
                if (end > j && (end == n || !isIdentifierPart(sql.charAt(end)))) {
                    dollarNumbered++;
                    int k = Integer.parseInt(sql.substring(j, Math.min(end, j + 9)));
                    if (k > dollarMax) {
                        dollarInOrder &= k == dollarMax + 1;
                        dollarMax = k;
                    }
                    return end;
                }
            }
            if (j < n && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')
                    && (c != ':' || i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
                named++;
                return skipName(sql, j);
            }
            return j;
        }

        boolean portable() {
            if (named > 0) {
                return false;
            }
            int styles = (plain > 0 ? 1 : 0) + (questionNumbered > 0 ? 1 : 0) + (dollarNumbered > 0 ? 1 : 0);
            return styles <= 1 && dollarInOrder;
        }

        private static int digits(String sql, int j) {
            while (j < sql.length() && Character.isDigit(sql.charAt(j))) {
                j++;
            }
            return j;
        }

        private static int skipName(String sql, int j) {
            while (j < sql.length() && isIdentifierPart(sql.charAt(j))) {
                j++;
            }
            return j;
        }
    }

    /**
     * Digits from {@code start} to {@code end} are a whole integer literal: not part of a name
     * ({@code t1}), a decimal or exponent ({@code 1.5}, {@code 1e5}, {@code 0x1F}), or a parameter or
     * variable ({@code ?1 $1 :1 @1 #1}).
     */
    private static boolean isInteger(String sql, int start, int end) {
        if (start > 0) {
            char before = sql.charAt(start - 1);
            if (isIdentifierPart(before) || before == '.' || before == '?' || before == ':' || before == '@'
                    || before == '#') {
                return false;
            }
        }
        return end == sql.length() || !(isIdentifierPart(sql.charAt(end)) || sql.charAt(end) == '.');
    }

    private static int skipTo(String sql, int from, char close) {
        int end = sql.indexOf(close, from);
        return end < 0 ? sql.length() : end + 1;
    }

    /** {@code [name]} is an identifier only where an identifier can start; {@code a[1]} is an array index. */
    private static boolean isSqlServerBracket(String sql, int i) {
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(sql.charAt(j))) {
            j--;
        }
        return j < 0 || !(isIdentifierPart(sql.charAt(j)) || sql.charAt(j) == ')' || sql.charAt(j) == ']');
    }

    /** Skips {@code $$...$$} or {@code $tag$...$tag$}; a plain {@code $1} parameter is one character. */
    private static int skipDollarQuoted(String sql, int i) {
        int n = sql.length();
        int j = i + 1;
        while (j < n && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < n && sql.charAt(j) == '$') {
            String tag = sql.substring(i, j + 1);
            int close = sql.indexOf(tag, j + 1);
            return close < 0 ? n : close + tag.length();
        }
        return i + 1;
    }

    static boolean isIdentifierPart(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }
}
