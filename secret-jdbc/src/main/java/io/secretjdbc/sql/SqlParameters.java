package io.secretjdbc.sql;

/**
 * The parameter styles met outside literals, comments and quoted identifiers while lexing a statement
 * (see {@link SqlText#portableParameterIndexes()}).
 */
final class SqlParameters {
    private int plain;
    private int questionNumbered;
    private int dollarNumbered;
    private int named;
    /** Highest {@code $N} seen so far; false once one is first used out of the order 1, 2, 3... */
    private int dollarMax;
    private boolean dollarInOrder = true;
    /** Offsets of the plain {@code ?} placeholders, in text order (JDBC parameter i is entry i - 1). */
    private int[] plainPositions = new int[8];

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
            if (plain == plainPositions.length) {
                plainPositions = java.util.Arrays.copyOf(plainPositions, plain * 2);
            }
            plainPositions[plain++] = i;
            return j;
        }
        if (j < n && sql.charAt(j) == c) {
            return skipName(sql, j + 1); // :: cast, @@ system variable
        }
        if (c == '$') {
            int end = digits(sql, j);
            if (end > j && (end == n || !SqlText.isIdentifierPart(sql.charAt(end)))) {
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
                && (c != ':' || i == 0 || !SqlText.isIdentifierPart(sql.charAt(i - 1)))) {
            named++;
            return skipName(sql, j);
        }
        return j;
    }

    /** The offsets of the plain {@code ?} placeholders in text order. */
    int[] plainPositions() {
        return java.util.Arrays.copyOf(plainPositions, plain);
    }

    /** True when only plain {@code ?} placeholders were met (or none at all). */
    boolean onlyPlain() {
        return named == 0 && questionNumbered == 0 && dollarNumbered == 0;
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
        while (j < sql.length() && SqlText.isIdentifierPart(sql.charAt(j))) {
            j++;
        }
        return j;
    }
}
