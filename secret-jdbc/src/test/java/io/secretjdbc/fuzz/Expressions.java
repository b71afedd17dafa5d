package io.secretjdbc.fuzz;

import io.secretjdbc.fuzz.CaseBuilder.Role;

import java.util.List;
import java.util.Random;

/**
 * Value expressions and WHERE predicates. Every marker a value holds takes the role of the place the
 * value goes (a column, or the column it is compared with), however deeply it is wrapped.
 */
final class Expressions {

    private final CaseBuilder b;
    private final Random r;
    private Queries queries;

    Expressions(CaseBuilder b) {
        this.b = b;
        this.r = b.random();
    }

    void setQueries(Queries queries) {
        this.queries = queries;
    }

    /** Optional whitespace, sometimes a comment (with a quote in it, to test the lexer). */
    String sp() {
        return switch (r.nextInt(30)) {
            case 0 -> " /* it's a comment */ ";
            case 1 -> " -- it's a line comment\n";
            case 2 -> "\n\t";
            case 3 -> "  ";
            default -> " ";
        };
    }

    /** A value that goes to a text column of {@code role}. */
    void value(Role role, List<Source> scope, int depth) {
        int pick = depth > 2 ? r.nextInt(6) : r.nextInt(26);
        switch (pick) {
            case 0, 1 -> b.literal(role);
            case 2, 3 -> b.param(role);
            case 4 -> b.add(r.nextBoolean() ? "NULL" : "''");
            case 5 -> b.nullParam(role);
            case 6 -> wrap("UPPER(", role, scope, depth, ")");
            case 7 -> wrap("lower(", role, scope, depth, ")");
            case 8 -> wrap("CAST(", role, scope, depth, " AS TEXT)");
            case 9 -> wrap("(", role, scope, depth, ")");
            case 10 -> {
                value(role, scope, depth + 1);
                b.add(" || ");
                b.literal(role);
            }
            case 11 -> {
                b.literal(role);
                b.add(" || ");
                value(role, scope, depth + 1);
            }
            case 12 -> {
                b.add("COALESCE(");
                value(role, scope, depth + 1);
                b.add(", ");
                value(role, scope, depth + 1);
                b.add(")");
            }
            case 13 -> {
                b.add("CASE WHEN 1 = 1 THEN ");
                value(role, scope, depth + 1);
                b.add(" ELSE ");
                value(role, scope, depth + 1);
                b.add(" END");
            }
            case 14 -> wrap("(SELECT ", role, scope, depth, ")");
            case 15 -> wrap("substr(", role, scope, depth, ", 1)");
            case 16 -> wrap("printf('%s', ", role, scope, depth, ")");
            case 17 -> wrap("trim(", role, scope, depth, ")");
            case 18 -> wrap("", role, scope, depth, " COLLATE NOCASE");
            case 19 -> b.add(r.nextBoolean() ? "42" : "-1.5");
            case 20 -> {
                if (queries != null) {
                    b.add("(");
                    queries.select(List.of(new Schema.Column("v", kindOf(role))), scope, depth + 1);
                    b.add(")");
                } else {
                    b.literal(role);
                }
            }
            case 21, 22 -> {
                if (!scope.isEmpty()) {
                    Source s = scope.get(r.nextInt(scope.size()));
                    List<Schema.Column> text = s.columns().stream().filter(Schema.Column::isText).toList();
                    b.add(text.isEmpty() ? "NULL" : ref(s, text.get(r.nextInt(text.size())), scope));
                } else {
                    b.param(role);
                }
            }
            case 23 -> {
                b.add("(SELECT " + Schema.columnName(r.nextBoolean() ? "secret" : "username", r) + " FROM "
                        + Schema.tableName(Schema.SECRET_RUNS, r) + " LIMIT 1)");
            }
            case 24 -> wrap("CAST(", role, scope, depth, " AS VARCHAR(20))");
            default -> wrap("replace(", role, scope, depth, ", 'x', 'y')");
        }
    }

    private void wrap(String open, Role role, List<Source> scope, int depth, String close) {
        b.add(open);
        value(role, scope, depth + 1);
        b.add(close);
    }

    static Schema.Kind kindOf(Role role) {
        return role == Role.SECRET ? Schema.Kind.SECRET : Schema.Kind.PLAIN;
    }

    /** A value for a column of any kind: an int for id columns. */
    void valueFor(Schema.Column column, List<Source> scope, int depth) {
        if (column.kind() == Schema.Kind.INT) {
            intValue();
        } else {
            value(column.role(), scope, depth);
        }
    }

    void intValue() {
        switch (r.nextInt(6)) {
            case 0 -> b.intParam(1 + r.nextInt(40));
            case 1 -> b.add("NULL");
            default -> b.add(Integer.toString(1 + r.nextInt(40)));
        }
    }

    /** A reference to {@code column} of {@code s}: qualified, or bare when that is unambiguous enough. */
    String ref(Source s, Schema.Column column, List<Source> scope) {
        String name = Schema.columnName(column.name(), r);
        if (s.qualifier() != null && (scope.size() > 1 || r.nextInt(3) == 0)) {
            return s.qualifier() + "." + name;
        }
        return name;
    }

    /**
     * The role of a value compared with {@code column} referenced as {@code text}: a bare name is taken
     * as secret when any visible source has a secret column of that name (conservative).
     */
    static Role comparedRole(Schema.Column column, String text, List<Source> scope) {
        if (column.kind() == Schema.Kind.SECRET) {
            return Role.SECRET;
        }
        if (!text.contains(".")) {
            for (Source s : scope) {
                for (Schema.Column c : s.columns()) {
                    if (c.kind() == Schema.Kind.SECRET && c.name().equalsIgnoreCase(column.name())) {
                        return Role.SECRET;
                    }
                }
            }
        }
        return Role.PLAIN;
    }

    /** A WHERE condition over the visible sources. */
    void predicate(List<Source> scope, int depth) {
        if (scope.isEmpty()) {
            b.add("1 = 1");
            return;
        }
        int pick = depth > 1 ? r.nextInt(12) : r.nextInt(17);
        if (pick >= 12) {
            switch (pick) {
                case 12, 13 -> {
                    predicate(scope, depth + 1);
                    b.add(r.nextBoolean() ? " AND " : " OR ");
                    predicate(scope, depth + 1);
                }
                case 14 -> {
                    b.add("NOT (");
                    predicate(scope, depth + 1);
                    b.add(")");
                }
                case 15 -> {
                    b.add(r.nextBoolean() ? "EXISTS (" : "NOT EXISTS (");
                    queries.select(List.of(new Schema.Column("one", Schema.Kind.INT)), scope, depth + 1);
                    b.add(")");
                }
                default -> {
                    Source s = scope.get(r.nextInt(scope.size()));
                    b.add(ref(s, s.columns().get(0), scope) + " IN (");
                    queries.select(List.of(new Schema.Column("k", Schema.Kind.INT)), scope, depth + 1);
                    b.add(")");
                }
            }
            return;
        }
        Source s = scope.get(r.nextInt(scope.size()));
        Schema.Column column = s.columns().get(r.nextInt(s.columns().size()));
        String ref = ref(s, column, scope);
        if (column.kind() == Schema.Kind.INT) {
            b.add(ref).add(r.nextBoolean() ? " = " : " > ");
            intValue();
            return;
        }
        Role role = comparedRole(column, ref, scope);
        switch (pick) {
            case 0, 1 -> {
                b.add(ref).add(r.nextBoolean() ? " = " : " <> ");
                value(role, scope, depth + 2);
            }
            case 2 -> {
                value(role, scope, depth + 2);
                b.add(" = ").add(ref);
            }
            case 3 -> {
                b.add(ref).add(" LIKE ");
                value(role, scope, depth + 2);
            }
            case 4 -> {
                b.add(ref).add(" IN (");
                value(role, scope, depth + 2);
                b.add(", ");
                value(role, scope, depth + 2);
                b.add(")");
            }
            case 5, 6 -> b.add(ref).add(r.nextBoolean() ? " IS NULL" : " IS NOT NULL");
            case 7 -> {
                b.add("UPPER(").add(ref).add(") = ");
                value(role, scope, depth + 2);
            }
            case 8 -> {
                b.add(ref).add(" BETWEEN ");
                value(role, scope, depth + 2);
                b.add(" AND ");
                value(role, scope, depth + 2);
            }
            case 9 -> b.add("length(").add(ref).add(") > 3");
            case 10 -> {
                Source o = scope.get(r.nextInt(scope.size()));
                Schema.Column oc = o.columns().get(r.nextInt(o.columns().size()));
                b.add(ref).add(" = ").add(ref(o, oc, scope));
            }
            default -> {
                b.add(ref).add(" GLOB ");
                value(role, scope, depth + 2);
            }
        }
    }
}
