package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.schema.Column;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The text edits of one statement that uses blind indexes (reference §6 "Search"), collected while it is
 * analysed and turned into a {@link SearchLayout}: index columns and values added to writes, comparisons
 * of a secret column moved to its index column. Positions come from the parse tree (JSqlParser's
 * tokens, over the parser's text) mapped back to the original text by {@link SqlText#originalOffset}.
 * Anything whose position cannot be trusted is refused, never guessed. One instance per statement.
 */
final class SearchEdits {

    /** A piece of replacement text. */
    sealed interface Piece permits Text, Parameter, Rendered {
    }

    /** Text sent as is (SQL the driver wrote: names of registry columns, keywords, {@code NULL}). */
    record Text(String text) implements Piece {
    }

    /** A new {@code ?} fed by application parameter {@code index}, as the index of {@code column} under {@code key}. */
    record Parameter(int index, SecretColumn column, int key) implements Piece {
    }

    /** A literal of the original text rendered by the driver: ciphertext, or index value under {@code key}. */
    record Rendered(SqlText.Literal literal, SecretColumn column, int key) implements Piece {
        @Override
        public String toString() {
            return "Rendered[" + literal + ", " + column + ", " + key + "]";
        }
    }

    /** Replaces {@code [start, end)} of the original text (an insertion when equal). */
    private record Edit(int start, int end, List<Piece> pieces, int order) {
    }

    private final SqlText text;
    private final int keyCount;
    private final String parsedSql;
    private final List<Edit> edits = new ArrayList<>();

    /**
     * @param parsedSql the text the parser read: the marked text, or a variant of the same length
     *                  (null when the variant differs in length, so no position can be trusted)
     */
    SearchEdits(SqlText text, int keyCount, String parsedSql) {
        this.text = text;
        this.keyCount = keyCount;
        this.parsedSql = parsedSql;
    }

    /** The secret column of the first edit's index, for the "not configured" message; null if none. */
    SecretColumn firstColumn() {
        for (Edit e : edits) {
            for (Piece p : e.pieces()) {
                if (p instanceof Parameter param) {
                    return param.column();
                }
                if (p instanceof Rendered r) {
                    return r.column();
                }
            }
        }
        return null;
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    int keyCount() {
        return keyCount;
    }

    /** The span of a parsed node in the original text; refuses when it is unknown. */
    int[] span(Object node, SecretColumn column) {
        Node n = node instanceof ASTNodeAccess access ? access.getASTNode() : null;
        if (n == null || n.jjtGetFirstToken() == null || n.jjtGetLastToken() == null || parsedSql == null) {
            throw cannotPlace(column);
        }
        // Token offsets are 1-based; absoluteEnd is one past the last character.
        int start = n.jjtGetFirstToken().absoluteBegin - 1;
        int end = n.jjtGetLastToken().absoluteEnd - 1;
        if (start < 0 || end < start || end > parsedSql.length()) {
            throw cannotPlace(column);
        }
        return new int[] {text.originalOffset(start), text.originalOffset(end)};
    }

    private static Refusal cannotPlace(SecretColumn column) {
        return new Refusal("secret column " + column + " has a blind index, and this statement's form does not let the"
                + " driver place its index column exactly, so it is refused. Write the statement in a plainer form"
                + " (INSERT ... (columns) VALUES, UPDATE ... SET column = ?, WHERE column = ?).");
    }

    /** The original text. */
    String originalText() {
        return text.sql();
    }

    /** The character of the original text at {@code at}. */
    char originalChar(int at) {
        return text.sql().charAt(at);
    }

    void replace(int start, int end, List<Piece> pieces) {
        for (Edit e : edits) {
            if (e.start() == start && e.end() == end && e.pieces().equals(pieces)) {
                return; // the same node judged twice (a recursive CTE's anchor is planned twice)
            }
        }
        edits.add(new Edit(start, end, pieces, edits.size()));
    }

    /**
     * Replaces the text of {@code written} — {@code column} itself, or a node standing for it (a GROUP BY
     * position) — by {@code column}'s {@link #indexReference}.
     */
    void replaceByIndexColumn(Object written, Column column, SecretColumn secret) {
        int[] span = span(written, secret);
        replace(span[0], span[1], List.of(new Text(indexReference(column, secret))));
    }

    /** The index column reference that stands for {@code column} as written: its qualifier kept. */
    String indexReference(Column column, SecretColumn secret) {
        int[] span = span(column, secret);
        String written = text.sql().substring(span[0], span[1]);
        String name = column.getColumnName();
        if (!written.endsWith(name)) {
            throw cannotPlace(secret);
        }
        return written.substring(0, written.length() - name.length()) + secret.blindIndex().column();
    }

    /**
     * The pieces of one value of a searchable column under key {@code key}: a new parameter, a rendered
     * literal, {@code NULL}; null when the value is none of these.
     */
    Piece value(Expression value, SecretColumn column, int key) {
        if (value instanceof NullValue) {
            return new Text("NULL");
        }
        if (value instanceof JdbcParameter p) {
            return new Parameter(parameterIndex(p, column), column, key);
        }
        if (value instanceof StringValue s) {
            SqlText.Literal literal = text.literalOf(s.getValue());
            String prefix = s.getPrefix() == null ? "" : s.getPrefix().toUpperCase(Locale.ROOT);
            if (literal == null || !(prefix.isEmpty() || prefix.equals("N")) || literal.value().indexOf('\\') >= 0) {
                throw Refusal.assigned(column, "a string literal of a form that cannot be rewritten",
                        "a search on its blind index; bind the value as a parameter instead");
            }
            return new Rendered(literal, column, key);
        }
        return null;
    }

    /** The application's number of a {@code ?}, checked against where the lexer saw it. */
    int parameterIndex(JdbcParameter p, SecretColumn column) {
        int[] positions = text.plainParameters();
        Integer index = p.getIndex();
        if (positions == null || index == null || index < 1 || index > positions.length) {
            throw new Refusal("secret column " + column + " has a blind index and is bound to a parameter of a"
                    + " statement that does not use only ? placeholders; the driver adds parameters for the index"
                    + " and can only keep the numbering of plain ? placeholders. Use ? only.");
        }
        int[] span = span(p, column);
        if (positions[index - 1] != span[0]) {
            throw cannotPlace(column);
        }
        return index;
    }

    /** The literal of a string value, for the ciphertext of a write that also gets an index. */
    SqlText.Literal literal(StringValue s) {
        return text.literalOf(s.getValue());
    }

    /**
     * The layout: the original text with every edit applied, the secret literals of the write analysis
     * rendered as ciphertext, and the application's {@code ?} placeholders mapped (encrypted for the
     * column the write analysis found, else as is).
     */
    SearchLayout layout(SecretColumn[] secretParameters, List<WriteAnalyzer.SecretLiteral> secretLiterals) {
        List<Edit> all = new ArrayList<>(edits);
        for (WriteAnalyzer.SecretLiteral l : secretLiterals) {
            all.add(new Edit(l.literal().start(), l.literal().end(),
                    List.of(new Rendered(l.literal(), l.column(), SearchLayout.CIPHERTEXT)), all.size()));
        }
        all.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end).thenComparingInt(Edit::order));
        int[] positions = text.plainParameters();
        if (positions == null) {
            positions = new int[0];
            if (anyParameter(all)) {
                throw new Refusal("a statement with a blind index rewrite must use only ? placeholders. Use ? only.");
            }
        }
        String sql = text.sql();
        List<String> segments = new ArrayList<>();
        List<SqlText.Literal> literals = new ArrayList<>();
        List<SecretColumn> literalColumns = new ArrayList<>();
        List<Integer> literalKeys = new ArrayList<>();
        List<int[]> parameters = new ArrayList<>(); // {application index, key}
        List<SecretColumn> parameterColumns = new ArrayList<>();
        parameters.add(null);
        parameterColumns.add(null);
        StringBuilder current = new StringBuilder(sql.length() + 64);
        int from = 0;
        int nextParameter = 0;
        for (Edit edit : all) {
            if (edit.start() < from) {
                throw new Refusal("the blind index rewrite of this statement would edit one place twice, so it is"
                        + " refused. Write each comparison and assignment of a secret column on its own.");
            }
            nextParameter = copy(sql, from, edit.start(), positions, nextParameter, current, parameters,
                    parameterColumns, secretParameters);
            // Application parameters inside a replaced span are re-emitted by the edit's pieces.
            while (nextParameter < positions.length && positions[nextParameter] < edit.end()) {
                nextParameter++;
            }
            for (Piece piece : edit.pieces()) {
                if (piece instanceof Text t) {
                    current.append(t.text());
                } else if (piece instanceof Parameter p) {
                    current.append('?');
                    parameters.add(new int[] {p.index(), p.key()});
                    parameterColumns.add(p.column());
                } else {
                    Rendered r = (Rendered) piece;
                    segments.add(current.toString());
                    current.setLength(0);
                    literals.add(r.literal());
                    literalColumns.add(r.column());
                    literalKeys.add(r.key());
                }
            }
            from = edit.end();
        }
        copy(sql, from, sql.length(), positions, nextParameter, current, parameters, parameterColumns,
                secretParameters);
        segments.add(current.toString());

        int[] application = new int[parameters.size()];
        int[] keys = new int[parameters.size()];
        for (int d = 1; d < parameters.size(); d++) {
            application[d] = parameters.get(d)[0];
            keys[d] = parameters.get(d)[1];
        }
        String[] values = new String[literals.size()];
        int[] lk = new int[literals.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = literals.get(i).value();
            lk[i] = literalKeys.get(i);
        }
        return new SearchLayout(segments.toArray(new String[0]), values, literalColumns.toArray(new SecretColumn[0]),
                lk, application, parameterColumns.toArray(new SecretColumn[0]), keys, positions.length);
    }

    private static boolean anyParameter(List<Edit> all) {
        for (Edit e : all) {
            for (Piece p : e.pieces()) {
                if (p instanceof Parameter) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Copies {@code sql[from, to)}, mapping each application {@code ?} in it; returns the next one to map. */
    private static int copy(String sql, int from, int to, int[] positions, int next, StringBuilder out,
            List<int[]> parameters, List<SecretColumn> columns, SecretColumn[] secretParameters) {
        out.append(sql, from, to);
        while (next < positions.length && positions[next] < to) {
            if (positions[next] >= from) {
                int index = next + 1;
                SecretColumn secret = index < secretParameters.length ? secretParameters[index] : null;
                parameters.add(new int[] {index, SearchLayout.CIPHERTEXT});
                columns.add(secret);
            }
            next++;
        }
        return next;
    }
}
