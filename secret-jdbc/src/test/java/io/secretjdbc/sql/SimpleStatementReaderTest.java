package io.secretjdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserTokenManager;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.parser.SimpleCharStream;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link SimpleStatementReader}'s contract: whatever it reads, JSqlParser (the oracle, run here directly,
 * never through the product) parses to a tree equal in every field, node offsets included; whatever it
 * cannot vouch for, it leaves (null). Trees are compared by a reflective dump of every field written here.
 */
class SimpleStatementReaderTest {

    /** The forms applications and ORMs send most: each must be read, else the reader saves nothing. */
    private static final List<String> PLAIN = List.of(
            "SELECT id, name, secret AS s_abc FROM bench_secrets WHERE id IN (7, ?)",
            "select u1_0.id,u1_0.email,u1_0.login from users u1_0 where u1_0.id=?",
            "insert into users (email,login,id) values (?,?,?)",
            "update users set email=?,login=? where id=?",
            "delete from users where id=?",
            "SELECT * FROM creds",
            "SELECT c.* FROM creds c WHERE c.password = '\u00a7sjlit0' AND c.id <> 3",
            "SELECT a FROM main.creds AS c WHERE a IS NOT NULL OR b IS NULL AND c.d NOT IN (1, ?, '\u00a7sjlit2')",
            "UPDATE creds AS c SET c.password = ? WHERE c.id >= ? AND c.id <= 9 OR c.id != ? OR c.id < 1 OR c.id > 2",
            "INSERT INTO s.creds(id, password) VALUES (1, '\u00a7sjlit0')",
            "SELECT x.y.z FROM t\r\n\tWHERE ? = x.y.z",
            "select u1_0.id,u1_0.email from users u1_0 left join roles r1_0 on r1_0.id=u1_0.role_id where u1_0.email=?"
                    + " order by u1_0.id",
            "SELECT b.id FROM t b JOIN u c ON c.id = b.id INNER JOIN v ON v.a = b.a AND v.b = ? RIGHT OUTER JOIN w"
                    + " ON w.c IS NULL LEFT OUTER JOIN x AS y ON y.d IN (?, 1) WHERE b.id = ? ORDER BY b.id DESC, c.x ASC");

    @Test
    void readsThePlainFormsAsJSqlParserDoes() {
        for (String sql : PLAIN) {
            assertThat(check(sql)).as(sql).isTrue();
        }
    }

    @Test
    void leavesEverythingElseToTheParser() {
        for (String sql : List.of("SELECT a FROM t;", "SELECT \"a\" FROM t", "SELECT a FROM t WHERE a = 'x'",
                "SELECT a FROM t WHERE a = -1", "SELECT a FROM t WHERE a = 1.5", "SELECT a FROM t WHERE a = ?1",
                "SELECT a FROM t WHERE a = $1", "SELECT a FROM t WHERE a = :p", "SELECT a FROM t WHERE a <=> ?",
                "SELECT a FROM t WHERE a = N'\u00a7sjlit0'", "SELECT a FROM t WHERE (a = ?)", "SELECT f(a) FROM t",
                "SELECT a FROM t ORDER BY 2", "SELECT a FROM t, u", "SELECT a FROM t NATURAL JOIN u",
                "SELECT a FROM t JOIN u USING (a)", "SELECT a FROM t CROSS JOIN u", "SELECT a FROM t FULL JOIN u ON a = b",
                "SELECT a FROM t ORDER BY a NULLS FIRST", "SELECT a FROM t JOIN u", "SELECT a FROM t ORDER BY a + 1",
                "SELECT DISTINCT a FROM t", "SELECT a FROM t WHERE a = ? LIMIT 1", "SELECT a FROM t WHERE a == ?",
                "SELECT date FROM t", "SELECT a FROM [t]", "SELECT a FROM `t`", "SELECT a FROM t WHERE a = 7e3",
                "INSERT INTO t VALUES (?)", "INSERT INTO t (a) VALUES (?), (?)", "INSERT INTO t (a) SELECT b FROM u",
                "UPDATE t SET a = b + 1", "DELETE FROM t USING u", "SELECT a FROM t WHERE a = ? -- x",
                "SELECT a FROM t WHERE a = \u00e9", "SELECT key FROM t", "SELECT a FROM t WHERE a = ?::text")) {
            assertThat(SimpleStatementReader.read(sql)).as(sql).isNull();
        }
    }

    @Test
    void everyCorpusStatementItReadsIsJSqlParsersTree() throws IOException {
        int read = 0;
        List<String> texts = corpusTexts();
        for (String sql : texts) {
            read += check(sql) ? 1 : 0;
        }
        System.out.println("[simple reader] corpora: " + texts.size() + " texts, " + read + " read");
        assertThat(texts).hasSizeGreaterThan(1_000);
        assertThat(read).as("corpus statements read without JSqlParser").isGreaterThan(100);
    }

    /** Every keyword of JSqlParser's grammar, in either case, in every place a name stands in the plain forms. */
    @Test
    void everyKeywordInEveryNamePosition() {
        List<String> templates = List.of("SELECT %s FROM t", "SELECT a %s FROM t", "SELECT a AS %s FROM t",
                "SELECT %s.a FROM t", "SELECT %s.* FROM t", "SELECT a.%s FROM t", "SELECT a.b.%s FROM t",
                "SELECT a FROM %s", "SELECT a FROM t %s", "SELECT a FROM t AS %s", "SELECT a FROM %s.t",
                "SELECT a FROM s.%s WHERE a = ?", "SELECT a FROM t %s WHERE a = ?", "SELECT a FROM t WHERE %s = ?",
                "SELECT a FROM t WHERE ? = %s", "SELECT a FROM t WHERE t.%s IN (?, %s)", "SELECT a FROM t WHERE %s IS NULL",
                "SELECT a FROM t WHERE a = ? AND %s = ? OR %s = ?", "INSERT INTO %s (a) VALUES (?)",
                "INSERT INTO t (%s, b) VALUES (?, %s)", "UPDATE %s SET a = ?", "UPDATE t %s SET a = ?",
                "UPDATE t AS %s SET a = ?", "UPDATE t SET %s = ?, b = %s WHERE %s = ?", "DELETE FROM %s WHERE a = ?",
                "DELETE FROM t WHERE %s <> ?", "SELECT a %s, b FROM t", "SELECT %s b, c FROM t",
                "SELECT a FROM t WHERE %s.b = ? AND b = %s", "UPDATE t SET t.%s = %s", "SELECT a FROM t JOIN %s ON a = b",
                "SELECT a FROM t LEFT JOIN u %s ON %s.a = b", "SELECT a FROM t JOIN u AS %s ON a = %s",
                "SELECT a FROM t ORDER BY %s", "SELECT a FROM t ORDER BY t.%s DESC, %s");
        Set<String> words = keywords();
        assertThat(words).hasSizeGreaterThan(300);
        int read = 0;
        for (String word : words) {
            for (String w : List.of(word, word.toLowerCase(Locale.ROOT))) {
                for (String template : templates) {
                    read += check(template.replace("%s", w)) ? 1 : 0;
                }
            }
        }
        for (String template : templates) {
            assertThat(check(template.replace("%s", "zz_col"))).as("positive control: " + template).isTrue();
        }
        System.out.println("[simple reader] keywords: " + words.size() + " words x " + templates.size()
                + " places x 2 cases, " + read + " read");
    }

    /** The tokenizer kept between words answers as a new one does, whatever word came before. */
    @Test
    void classifiesEveryWordAsAFreshTokenizerDoes() {
        List<String> words = new ArrayList<>();
        for (String keyword : keywords()) {
            words.add(keyword);
            words.add(keyword.toLowerCase(Locale.ROOT));
        }
        Random r = new Random(5L);
        for (int i = 0; i < 2_000; i++) {
            words.add(words.get(r.nextInt(words.size())) + (r.nextBoolean() ? "_" + i : String.valueOf(i % 10)));
        }
        Collections.shuffle(words, r);
        int names = 0;
        for (String word : words) {
            CCJSqlParserTokenManager fresh = new CCJSqlParserTokenManager(new SimpleCharStream(new StringProvider(word)));
            Token first = fresh.getNextToken();
            boolean expected = first.image.equals(word) && fresh.getNextToken().kind == CCJSqlParserConstants.EOF
                    && (first.kind == CCJSqlParserConstants.S_IDENTIFIER
                    || PlainTokens.NAME_KEYWORDS.contains(word.toUpperCase(Locale.ROOT)));
            assertThat(PlainTokens.classify(word)).as(word).isEqualTo(expected);
            names += expected ? 1 : 0;
        }
        assertThat(PlainTokens.classify("zz_col")).isTrue();
        assertThat(PlainTokens.classify("name")).isTrue();
        assertThat(PlainTokens.classify("key")).isFalse();
        assertThat(PlainTokens.classify("Select")).isFalse();
        assertThat(names).as("positive control: both answers occur").isBetween(100, words.size() - 100);
    }

    /** JSqlParser's keywords, from its token names, and words its grammar reads specially. */
    private static Set<String> keywords() {
        Set<String> words = new LinkedHashSet<>();
        for (String image : CCJSqlParserConstants.tokenImage) {
            if (image.startsWith("<K_") && image.endsWith(">")) {
                words.add(image.substring(3, image.length() - 1));
            } else if (image.matches("\"[A-Za-z_]+\"")) {
                words.add(image.substring(1, image.length() - 1));
            }
        }
        words.addAll(List.of("DATE", "TIME", "TIMESTAMP", "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_USER",
                "SYSDATE", "ROWNUM", "LEVEL", "TRUE", "FALSE", "NULL", "NAME", "VALUE", "KEY", "TYPE", "DATA"));
        return words;
    }

    /** Seeded plain statements with random names, blanks and operands: the reader must read them as JSqlParser does. */
    @Test
    void generatedPlainStatements() {
        Random r = new Random(20261201L);
        int read = 0;
        int count = 6_000;
        Generator readable = new Generator(r, READ_NAMES);
        for (int i = 0; i < count; i++) {
            String sql = readable.statement();
            assertThat(check(sql)).as("positive control, a statement of names it reads: " + sql).isTrue();
        }
        Generator any = new Generator(r, ALL_NAMES);
        for (int i = 0; i < count; i++) {
            read += check(any.statement()) ? 1 : 0;
        }
        System.out.println("[simple reader] generated: " + count + " statements all read, then " + count
                + " with keywords among the names, " + read + " read");
        assertThat(read).as("positive control: statements without a keyword name are read").isGreaterThan(count / 10);
    }

    /** Plain statements with one to three characters changed: read as JSqlParser does, or not read at all. */
    @Test
    void mutatedStatementsAreReadExactlyOrNotAtAll() {
        Random r = new Random(9L);
        Generator generator = new Generator(r, READ_NAMES);
        String alphabet = "'\"`[].-;()*,?=<>!:$#@/\\+|&%^~{}\u00a7 \t\n\r0123456789aZ_eENxX\u00e9";
        int read = 0;
        int count = 24_000;
        for (int i = 0; i < count; i++) {
            StringBuilder sql = new StringBuilder(generator.statement());
            for (int m = 1 + r.nextInt(3); m > 0; m--) {
                int at = r.nextInt(sql.length() + 1);
                char c = alphabet.charAt(r.nextInt(alphabet.length()));
                switch (r.nextInt(3)) {
                    case 0 -> sql.insert(at, c);
                    case 1 -> sql.deleteCharAt(Math.min(at, sql.length() - 1));
                    default -> sql.setCharAt(Math.min(at, sql.length() - 1), c);
                }
            }
            read += check(sql.toString()) ? 1 : 0;
        }
        System.out.println("[simple reader] mutated: " + count + " statements, " + read + " read");
        assertThat(read).as("positive control: some mutations stay plain").isGreaterThan(count / 20);
    }

    // ---- the oracle ---------------------------------------------------------------------------------

    /** True when the reader read {@code sql}; fails when what it read differs from JSqlParser's tree. */
    private static boolean check(String sql) {
        Statement fast = SimpleStatementReader.read(sql);
        if (fast == null) {
            return false;
        }
        Statement full = jsqlParser(sql);
        assertThat(full).as("JSqlParser parses what the reader read: " + sql).isNotNull();
        String expected = dump(full);
        String actual = dump(fast);
        if (!actual.equals(expected)) {
            throw new AssertionError("the reader's tree differs from JSqlParser's for: " + sql + "\n"
                    + firstDifference(expected, actual));
        }
        return true;
    }

    /** JSqlParser's simple-mode parse of the whole text, as the product would run it, or null. */
    private static Statement jsqlParser(String sql) {
        try {
            CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false);
            Statement statement = parser.Statement();
            return parser.getNextToken().kind == 0 ? statement : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The first differing line of two dumps, with the lines before it that say where it is. */
    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n");
        String[] a = actual.split("\n");
        int i = 0;
        while (i < e.length && i < a.length && e[i].equals(a[i])) {
            i++;
        }
        StringBuilder out = new StringBuilder();
        for (int k = Math.max(0, i - 6); k < i; k++) {
            out.append("    ").append(e[k]).append('\n');
        }
        out.append("JSqlParser: ").append(i < e.length ? e[i] : "<end>").append('\n');
        out.append("reader:     ").append(i < a.length ? a[i] : "<end>");
        return out.toString();
    }

    static String dump(Object tree) {
        StringBuilder out = new StringBuilder();
        dump(tree, out, 0, new IdentityHashMap<>());
        return out.toString();
    }

    private static void dump(Object o, StringBuilder out, int depth, Map<Object, Boolean> seen) {
        if (o == null) {
            out.append("null\n");
            return;
        }
        Class<?> c = o.getClass();
        if (o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Character
                || c.isEnum()) {
            out.append(c.getSimpleName()).append(':').append(o).append('\n');
            return;
        }
        if (o instanceof Node n) {
            out.append("node ").append(offsets(n.jjtGetFirstToken(), true)).append("..")
                    .append(offsets(n.jjtGetLastToken(), false)).append('\n');
            return;
        }
        if (seen.put(o, Boolean.TRUE) != null) {
            out.append("<again ").append(c.getName()).append(">\n");
            return;
        }
        String indent = "  ".repeat(depth + 1);
        out.append(c.getName()).append(" {\n");
        if (o instanceof Collection<?> elements) {
            for (Object e : elements) {
                out.append(indent).append("- ");
                dump(e, out, depth + 1, seen);
            }
        }
        if (o instanceof ASTNodeAccess access) {
            out.append(indent).append("astNode = ");
            dump(access.getASTNode(), out, depth + 1, seen);
        }
        for (Class<?> k = c; k != null && k.getName().startsWith("net.sf.jsqlparser."); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Node.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                f.setAccessible(true);
                Object value;
                try {
                    value = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                out.append(indent).append(f.getName()).append(" = ");
                dump(value, out, depth + 1, seen);
            }
        }
        out.append("  ".repeat(depth)).append("}\n");
    }

    private static String offsets(Token t, boolean begin) {
        return t == null ? "-" : String.valueOf(begin ? t.absoluteBegin : t.absoluteEnd);
    }

    // ---- inputs -------------------------------------------------------------------------------------

    /** The parser's text of every statement of the planner and search corpora, in each corpus line's dialect. */
    private static List<String> corpusTexts() throws IOException {
        List<String> texts = new ArrayList<>();
        for (Corpus.Line line : Corpus.read()) {
            Dialect dialect = switch (line.dialect()) {
                case "sqlite" -> Dialect.SQLITE;
                case "postgres" -> Dialect.POSTGRESQL;
                case "mariadb" -> Dialect.MARIADB;
                case "h2" -> Dialect.H2;
                default -> Dialect.UNKNOWN;
            };
            texts.add(line.sql());
            texts.add(SqlText.lex(line.sql(), dialect).markedSql());
        }
        for (SearchCorpusTest.Line line : SearchCorpusTest.lines()) {
            texts.add(line.sql());
            texts.add(SqlText.lex(line.sql(), line.dialect()).markedSql());
        }
        return texts;
    }

    /** Names of every kind: plain, mixed case, keywords read as names, and keywords that are not. */
    private static final String[] ALL_NAMES = names(true);
    /** Only names the reader takes: statements of these must all be read. */
    private static final String[] READ_NAMES = names(false);

    private static String[] names(boolean withKeywords) {
        List<String> names = new ArrayList<>(List.of("id", "email", "secret", "t", "u1_0", "creds", "_x9", "Users",
                "SECRET_RUNS", "current_user", "rownum", "a1", "select_x", "sysdate"));
        if (withKeywords) {
            names.addAll(List.of("value", "key", "date", "level", "case", "prior", "connect", "first", "limit"));
        }
        for (String keyword : new TreeSet<>(PlainTokens.NAME_KEYWORDS)) { // sorted: Set.of's order varies by run
            names.add(keyword.toLowerCase(Locale.ROOT));
            names.add(keyword);
        }
        return names.toArray(new String[0]);
    }

    /** Seeded statements of the plain forms over a pool of names. */
    private static final class Generator {
        private final Random r;
        private final String[] names;

        Generator(Random r, String[] names) {
            this.r = r;
            this.names = names;
        }

        String statement() {
            StringBuilder sql = new StringBuilder();
            int[] literal = {0};
            switch (r.nextInt(4)) {
                case 0 -> {
                    sql.append(kw("SELECT")).append(' ');
                    for (int n = 1 + r.nextInt(4), k = 0; k < n; k++) {
                        sql.append(k == 0 ? "" : comma());
                        int form = r.nextInt(10);
                        if (form == 0) {
                            sql.append('*');
                        } else if (form == 1) {
                            sql.append(name()).append(".*");
                        } else {
                            sql.append(column());
                            alias(sql, 3);
                        }
                    }
                    sql.append(' ').append(kw("FROM")).append(' ').append(table());
                    alias(sql, 2);
                    for (int n = r.nextInt(3) == 0 ? 1 + r.nextInt(2) : 0, k = 0; k < n; k++) {
                        String[] kinds = {"JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT JOIN",
                            "RIGHT OUTER JOIN"};
                        sql.append(' ').append(kw(kinds[r.nextInt(kinds.length)])).append(' ').append(table());
                        alias(sql, 2);
                        sql.append(' ').append(kw("ON")).append(' ');
                        condition(sql, literal);
                    }
                    where(sql, literal);
                    if (r.nextInt(3) == 0) {
                        sql.append(' ').append(kw("ORDER BY")).append(' ');
                        String[] directions = {"", " ASC", " DESC", " asc", " desc"};
                        for (int n = 1 + r.nextInt(2), k = 0; k < n; k++) {
                            sql.append(k == 0 ? "" : comma()).append(column())
                                    .append(directions[r.nextInt(directions.length)]);
                        }
                    }
                }
                case 1 -> {
                    sql.append(kw("INSERT")).append(' ').append(kw("INTO")).append(' ').append(table())
                            .append(r.nextBoolean() ? " (" : "(");
                    int n = 1 + r.nextInt(4);
                    for (int k = 0; k < n; k++) {
                        sql.append(k == 0 ? "" : comma()).append(name());
                    }
                    sql.append(") ").append(kw("VALUES")).append(r.nextBoolean() ? " (" : "(");
                    for (int k = 0; k < n; k++) {
                        sql.append(k == 0 ? "" : comma()).append(operand(literal));
                    }
                    sql.append(')');
                }
                case 2 -> {
                    sql.append(kw("UPDATE")).append(' ').append(table());
                    alias(sql, 3);
                    sql.append(' ').append(kw("SET")).append(' ');
                    for (int n = 1 + r.nextInt(3), k = 0; k < n; k++) {
                        sql.append(k == 0 ? "" : comma()).append(column()).append(blank()).append('=')
                                .append(blank()).append(operand(literal));
                    }
                    where(sql, literal);
                }
                default -> {
                    sql.append(kw("DELETE")).append(' ').append(kw("FROM")).append(' ').append(table());
                    where(sql, literal);
                }
            }
            return sql.toString();
        }

        void where(StringBuilder sql, int[] literal) {
            if (r.nextInt(5) == 0) {
                return;
            }
            sql.append(' ').append(kw("WHERE")).append(' ');
            condition(sql, literal);
        }

        /** {@code [AS] name} one time in {@code oneIn}. */
        void alias(StringBuilder sql, int oneIn) {
            if (r.nextInt(oneIn) == 0) {
                sql.append(r.nextBoolean() ? " " + kw("AS") + " " : " ").append(name());
            }
        }

        void condition(StringBuilder sql, int[] literal) {
            for (int n = 1 + r.nextInt(4), k = 0; k < n; k++) {
                if (k > 0) {
                    sql.append(' ').append(kw(r.nextInt(3) == 0 ? "OR" : "AND")).append(' ');
                }
                int form = r.nextInt(8);
                if (form == 0) {
                    sql.append(column()).append(' ').append(kw("IS")).append(r.nextBoolean() ? " " + kw("NOT") : "")
                            .append(' ').append(kw("NULL"));
                } else if (form == 1) {
                    sql.append(column()).append(r.nextBoolean() ? " " + kw("NOT") : "").append(' ').append(kw("IN"))
                            .append(r.nextBoolean() ? " (" : "(");
                    for (int m = 1 + r.nextInt(3), j = 0; j < m; j++) {
                        sql.append(j == 0 ? "" : comma()).append(operand(literal));
                    }
                    sql.append(')');
                } else {
                    String[] ops = {"=", "<>", "!=", "<", "<=", ">", ">="};
                    sql.append(r.nextInt(6) == 0 ? operand(literal) : column()).append(blank())
                            .append(ops[r.nextInt(ops.length)]).append(blank()).append(operand(literal));
                }
            }
        }

        String operand(int[] literal) {
            return switch (r.nextInt(5)) {
                case 0 -> column();
                case 1 -> String.valueOf(r.nextInt(1000));
                case 2 -> "'" + SqlText.MARKER + (literal[0]++) + "'";
                default -> "?";
            };
        }

        String column() {
            return switch (r.nextInt(4)) {
                case 0 -> name() + "." + name();
                case 1 -> name() + "." + name() + "." + name();
                default -> name();
            };
        }

        String table() {
            return r.nextInt(4) == 0 ? name() + "." + name() : name();
        }

        String name() {
            return names[r.nextInt(names.length)];
        }

        String kw(String word) {
            return switch (r.nextInt(3)) {
                case 0 -> word.toLowerCase(Locale.ROOT);
                case 1 -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
                default -> word;
            };
        }

        String comma() {
            return blank() + "," + blank();
        }

        String blank() {
            return switch (r.nextInt(6)) {
                case 0, 1 -> "";
                case 2 -> "\n";
                case 3 -> "\t ";
                case 4 -> "\r\n";
                default -> " ";
            };
        }
}
}
