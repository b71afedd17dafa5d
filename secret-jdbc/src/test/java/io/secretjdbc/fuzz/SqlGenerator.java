package io.secretjdbc.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded generator of SQL statements over the registry tables and two plain ones. Case {@code i} of seed
 * {@code s} depends only on {@code (s, i)}, so one case can be replayed alone.
 */
final class SqlGenerator {

    private static final String[] TOKENS = {
        "'", "\"", "`", "[", "]", "(", ")", ",", ";", "--", "/*", "*/", "?", "?1", ":p", "$1", "SELECT", "FROM",
        "WHERE", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "secret_runs", "credentials", "audit",
        "secret", "password", "username", "=", "||", "NULL", "ON", "CONFLICT", "DO", "excluded.secret", "AS",
        "UNION", "WITH", "RETURNING", "*", "OR", "REPLACE", "main.", "CAST", "1", "x'41'", "E'", "$$",
    };
    /** A registry table named as SQLite reads identifiers: letters, digits, '_', '$' and all non-ASCII. */
    private static final Pattern WORD = Pattern.compile(
            "(?<![A-Za-z0-9_$\\x{80}-\\x{10FFFF}])(secret_runs|credentials)(?![A-Za-z0-9_$\\x{80}-\\x{10FFFF}])",
            Pattern.CASE_INSENSITIVE);

    /** The words after which SQLite reads a table name, among those in TOKENS. */
    private static final Pattern SOURCE = Pattern.compile("(?<![A-Za-z0-9_$])(FROM|INTO|UPDATE)(?![A-Za-z0-9_$])",
            Pattern.CASE_INSENSITIVE);

    private final long seed;
    private final CaseBuilder.Counter counter = new CaseBuilder.Counter();

    SqlGenerator(long seed) {
        this.seed = seed;
    }

    GeneratedCase generate(int index) {
        Random r = new Random(seed * 1_000_003L + index);
        CaseBuilder b = new CaseBuilder(r, counter);
        Expressions e = new Expressions(b);
        Queries q = new Queries(b, e);
        Writes w = new Writes(b, e, q);
        int kind = r.nextInt(100);
        if (kind < 6) {
            return soup(r, b);
        }
        if (r.nextInt(15) == 0) {
            b.add(e.sp());
        }
        one(r, e, q, w, b);
        if (kind < 12) {
            b.add(r.nextBoolean() ? "; " : ";\n");
            one(r, e, q, w, b);
            if (r.nextBoolean()) {
                b.add(";");
            }
        }
        GeneratedCase c = b.build(r.nextInt(20) == 0);
        if (kind >= 12 && kind < 20) {
            return mangled(r, c);
        }
        return c;
    }

    private static void one(Random r, Expressions e, Queries q, Writes w, CaseBuilder b) {
        int pick = r.nextInt(100);
        if (pick < 38) {
            w.insert();
        } else if (pick < 56) {
            w.update();
        } else if (pick < 64) {
            w.delete();
        } else {
            q.freeSelect();
        }
    }

    /**
     * A generated statement broken by one of: truncation, a token inserted or removed at a token
     * boundary. Markers keep the role they had: a mutation that moved a secret value elsewhere is
     * reported and then judged by hand.
     */
    private static GeneratedCase mangled(Random r, GeneratedCase c) {
        String sql = c.sql();
        int cut = 1 + r.nextInt(Math.max(1, sql.length() - 1));
        switch (r.nextInt(3)) {
            case 0 -> sql = sql.substring(0, cut);
            case 1 -> {
                int at = boundary(sql, cut);
                sql = sql.substring(0, at) + " " + TOKENS[r.nextInt(TOKENS.length)] + " " + sql.substring(at);
            }
            default -> {
                int at = boundary(sql, cut);
                int end = sql.indexOf(' ', at + 1);
                // Not the token just before a literal either: removing '=' from "x = 'v'" in a select list
                // leaves "x 'v'", which SQLite and MySQL read as x AS "v": the value became a label, whose
                // role the generator cannot know (FuzzRegressionTest has such forms, judged by hand).
                boolean beforeLiteral = end + 1 < sql.length() && sql.charAt(end + 1) == '\'';
                // Nor a registry table name: "JOIN secret_runs t2" would become "JOIN t2", a plain table
                // whose columns the generator still takes for secret ones.
                boolean tableName = end > at && WORD.matcher(sql.substring(at, end)).find();
                if (end > at && sql.charAt(at + 1) != '\'' && !sql.substring(at, end).contains("'") && !beforeLiteral
                        && !tableName) {
                    sql = sql.substring(0, at) + sql.substring(end);
                }
            }
        }
        if (!WORD.matcher(sql).find()) {
            // A statement that names no registry table cannot touch a secret column (reference §4, §6).
            return new GeneratedCase(sql, c.bindings(), java.util.Set.of(), c.plainMarkers(), c.mode());
        }
        return withoutCommentedMarkers(c.withSql(sql));
    }

    /**
     * An inserted {@code --} or {@code /*} can turn the rest of a statement into a comment: a marker only
     * in a comment is no value of any column, so it is plain. Lexed as SQLite does, apart from the planner.
     */
    static GeneratedCase withoutCommentedMarkers(GeneratedCase c) {
        String sql = c.sql();
        StringBuilder code = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            int end;
            if (ch == '-' && sql.startsWith("--", i)) {
                end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end;
                continue;
            } else if (ch == '/' && sql.startsWith("/*", i)) {
                end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
                code.append(' ');
                continue;
            } else if (ch == '\'' || ch == '"' || ch == '`' || ch == '[') {
                end = sql.indexOf(ch == '[' ? ']' : ch, i + 1);
                end = end < 0 ? sql.length() : end + 1;
            } else {
                end = i + 1;
            }
            code.append(sql, i, end);
            i = end;
        }
        java.util.Set<String> secret = new java.util.LinkedHashSet<>();
        java.util.Set<String> plain = new java.util.LinkedHashSet<>(c.plainMarkers());
        for (String marker : c.secretMarkers()) {
            boolean inCode = code.indexOf(marker) >= 0 || c.bindings().containsValue(marker);
            (inCode ? secret : plain).add(marker);
        }
        return secret.size() == c.secretMarkers().size() ? c
                : new GeneratedCase(sql, c.bindings(), secret, plain, c.mode());
    }

    private static int boundary(String sql, int from) {
        int at = sql.indexOf(' ', from);
        return at < 0 ? sql.length() : at;
    }

    /** Random tokens with markers in literals: secret when a registry table is named (conservative). */
    private static GeneratedCase soup(Random r, CaseBuilder b) {
        List<String> parts = new ArrayList<>();
        int n = 3 + r.nextInt(12);
        CaseBuilder.Role role = CaseBuilder.Role.SECRET;
        List<String> markers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (r.nextInt(5) == 0) {
                String m = b.marker(role);
                markers.add(m);
                parts.add("'" + m + "'");
            } else {
                parts.add(TOKENS[r.nextInt(TOKENS.length)]);
            }
        }
        String sql = String.join(r.nextBoolean() ? " " : "", parts);
        Matcher registry = WORD.matcher(sql);
        // A table is only read or written after FROM, INTO or UPDATE (the only such words in TOKENS):
        // without one, "SELECT 'x' * secret_runs" names a column, and no secret column can be touched.
        boolean namesRegistry = registry.find() && SOURCE.matcher(sql).find();
        return namesRegistry ? withoutCommentedMarkers(GeneratedCase.statement(sql, markers, List.of()))
                : GeneratedCase.statement(sql, List.of(), markers);
    }
}
