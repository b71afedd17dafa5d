package io.secretjdbc.fuzz;

import io.secretjdbc.fuzz.CaseBuilder.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * SELECT statements: as sources of values with known roles ({@link #select}, used for INSERT ... SELECT,
 * derived tables, CTEs, scalar subqueries) and as free-form reads ({@link #freeSelect}).
 */
final class Queries {

    private final CaseBuilder b;
    private final Random r;
    private final Expressions e;
    private int names;

    Queries(CaseBuilder b, Expressions e) {
        this.b = b;
        this.r = b.random();
        this.e = e;
        e.setQueries(this);
    }

    String freshName(String prefix) {
        return prefix + (names++);
    }

    /**
     * A SELECT whose i-th result column receives a value for {@code wanted.get(i)}'s kind (an id, a plain
     * or a secret column). Returns the columns it yields, named as in {@code wanted}, with their actual
     * kind: a secret column copied into a plain position is still secret content.
     */
    List<Schema.Column> select(List<Schema.Column> wanted, List<Source> outer, int depth) {
        int form = depth > 2 ? 0 : r.nextInt(10);
        if (form == 8) {
            List<Schema.Column> a = simple(wanted, outer, depth, false);
            b.add(r.nextBoolean() ? " UNION " : " UNION ALL ");
            List<Schema.Column> c = simple(wanted, outer, depth, false);
            List<Schema.Column> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                boolean secret = a.get(i).kind() == Schema.Kind.SECRET || c.get(i).kind() == Schema.Kind.SECRET;
                out.add(new Schema.Column(a.get(i).name(), secret ? Schema.Kind.SECRET : a.get(i).kind()));
            }
            return out;
        }
        if (form == 9) {
            String w = freshName("w");
            b.add("WITH " + w + " AS (");
            List<Schema.Column> inner = select(wanted, outer, depth + 1);
            b.add(") ");
            // The outer select copies the CTE's columns by position, so the roles of the values in the
            // CTE are exactly those of the places the outer select puts them.
            Source ws = Source.derived(w, inner);
            List<Source> scope = new ArrayList<>(outer);
            scope.add(0, ws);
            b.add("SELECT ");
            for (int i = 0; i < inner.size(); i++) {
                b.add(i > 0 ? ", " : "").add(e.ref(ws, inner.get(i), scope)).add(" AS " + inner.get(i).name());
            }
            b.add(" FROM " + w);
            if (r.nextInt(3) == 0) {
                b.add(" WHERE ");
                e.predicate(scope, depth + 1);
            }
            return inner;
        }
        return simple(wanted, outer, depth, true);
    }

    private List<Schema.Column> simple(List<Schema.Column> wanted, List<Source> outer, int depth, boolean tail) {
        List<Source> own = new ArrayList<>();
        String from = from(own, outer, depth);
        List<Source> scope = new ArrayList<>(own);
        scope.addAll(outer);
        return project(wanted, scope, outer, from, depth, tail);
    }

    private List<Schema.Column> project(List<Schema.Column> wanted, List<Source> scope, List<Source> outer,
                                        String from, int depth, boolean tail) {
        b.add("SELECT ").add(r.nextInt(8) == 0 ? "DISTINCT " : "");
        List<Schema.Column> out = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            if (i > 0) {
                b.add(", ");
            }
            Schema.Column w = wanted.get(i);
            out.add(new Schema.Column(w.name(), projection(w.kind(), scope, outer, depth)));
            b.add(" AS " + w.name());
        }
        b.add(from);
        if (!from.isEmpty() && r.nextInt(3) > 0) {
            b.add(e.sp()).add("WHERE ");
            e.predicate(scope, depth + 1);
        }
        if (tail && !scope.isEmpty() && scope != outer) {
            tail(scope);
        }
        return out;
    }

    /** One result column for a target of {@code kind}; returns the kind of what it yields. */
    private Schema.Kind projection(Schema.Kind kind, List<Source> scope, List<Source> outer, int depth) {
        if (kind == Schema.Kind.INT) {
            Source s = scope.isEmpty() ? null : scope.get(r.nextInt(scope.size()));
            if (s != null && r.nextBoolean() && !s.ofKind(Schema.Kind.INT).isEmpty()) {
                b.add(e.ref(s, s.ofKind(Schema.Kind.INT).get(0), scope));
            } else {
                e.intValue();
            }
            return Schema.Kind.INT;
        }
        Role role = kind == Schema.Kind.SECRET ? Role.SECRET : Role.PLAIN;
        if (!scope.isEmpty() && r.nextInt(3) > 0) {
            Source s = scope.get(r.nextInt(scope.size()));
            List<Schema.Column> same = s.ofKind(kind);
            List<Schema.Column> anyText = s.columns().stream().filter(Schema.Column::isText).toList();
            List<Schema.Column> pool = !same.isEmpty() && r.nextInt(4) > 0 ? same : anyText;
            if (!pool.isEmpty()) {
                Schema.Column c = pool.get(r.nextInt(pool.size()));
                b.add(e.ref(s, c, scope));
                return c.kind();
            }
        }
        e.value(role, scope, depth + 1);
        return kind;
    }

    /**
     * A FROM clause (possibly empty), adding what it brings into scope to {@code own}. It holds no
     * values, so it can be rendered before the select list and written after it.
     */
    private String from(List<Source> own, List<Source> outer, int depth) {
        if (r.nextInt(6) == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        int items = depth > 1 ? 1 : 1 + r.nextInt(2);
        for (int i = 0; i < items; i++) {
            boolean join = false;
            if (i > 0) {
                int kind = r.nextInt(3);
                join = kind > 0;
                text.append(kind == 0 ? ", " : kind == 1 ? " JOIN " : " LEFT JOIN ");
            }
            Schema.Table t = Schema.anyTable(r);
            String name = Schema.tableName(t, r);
            if (r.nextBoolean() || items > 1) {
                String alias = freshName("t");
                text.append(name).append(r.nextBoolean() ? " AS " : " ").append(alias);
                own.add(Source.of(t, alias));
            } else {
                text.append(name);
                own.add(Source.of(t, name));
            }
            if (join) {
                text.append(" ON ").append(own.get(0).qualifier()).append(".id = ")
                        .append(own.get(i).qualifier()).append(".id");
            }
        }
        return " FROM " + text;
    }

    private void tail(List<Source> scope) {
        Source s = scope.get(0);
        Schema.Column c = s.columns().get(r.nextInt(s.columns().size()));
        switch (r.nextInt(8)) {
            case 0 -> b.add(" GROUP BY " + e.ref(s, c, scope));
            case 1, 2 -> b.add(" ORDER BY " + e.ref(s, c, scope) + (r.nextBoolean() ? " DESC" : ""));
            case 3 -> b.add(" LIMIT " + (1 + r.nextInt(5)));
            default -> {
            }
        }
    }

    /** A read as an application writes it: stars, aliases, functions, joins, subqueries, UNION, WITH. */
    void freeSelect() {
        int form = r.nextInt(10);
        List<Source> scope = new ArrayList<>();
        String prefix = "";
        if (form == 0) {
            String w = freshName("w");
            List<Schema.Column> wanted = randomWanted();
            b.add("WITH " + w + " AS (");
            scope.add(Source.derived(w, select(wanted, List.of(), 1)));
            b.add(")").add(e.sp());
            prefix = " FROM " + w;
        }
        b.add("SELECT ").add(r.nextInt(6) == 0 ? "DISTINCT " : "");
        String from = prefix;
        if (from.isEmpty()) {
            // Build FROM first into scope, but write it after the select list: FROM items carry no markers
            // except derived tables, which are generated as WITH items instead (above).
            from = r.nextInt(8) == 0 ? "" : from(scope, List.of(), 0);
        }
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.add(", ");
            }
            freeItem(scope);
        }
        b.add(from);
        if (!scope.isEmpty() && r.nextInt(3) > 0) {
            b.add(e.sp()).add("WHERE ");
            e.predicate(scope, 0);
        }
        if (!scope.isEmpty()) {
            tail(scope);
        }
        if (r.nextInt(8) == 0) {
            b.add(r.nextBoolean() ? " UNION " : " UNION ALL ");
            List<Schema.Column> wanted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                wanted.add(new Schema.Column("u" + i, Schema.Kind.PLAIN));
            }
            select(wanted, List.of(), 2);
        }
    }

    List<Schema.Column> randomWanted() {
        List<Schema.Column> wanted = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            // Free reads store nothing: their values are plain; a copied secret column makes a column secret.
            Schema.Kind k = r.nextBoolean() ? Schema.Kind.INT : Schema.Kind.PLAIN;
            wanted.add(new Schema.Column("c" + i, k));
        }
        return wanted;
    }

    private void freeItem(List<Source> scope) {
        Source s = scope.isEmpty() ? null : scope.get(r.nextInt(scope.size()));
        int pick = s == null ? 6 + r.nextInt(4) : r.nextInt(12);
        switch (pick) {
            case 0 -> b.add("*");
            case 1 -> b.add(s.qualifier() + ".*");
            case 2, 3 -> {
                Schema.Column c = s.columns().get(r.nextInt(s.columns().size()));
                b.add(e.ref(s, c, scope));
                if (r.nextBoolean()) {
                    String[] aliases = {"secret", "username", "x", "\"Password\"", "api_token", "note"};
                    b.add(" AS " + aliases[r.nextInt(aliases.length)]);
                }
            }
            case 4 -> {
                Schema.Column c = s.columns().get(r.nextInt(s.columns().size()));
                String[] functions = {"UPPER", "length", "count", "max", "typeof", "hex", "quote"};
                b.add(functions[r.nextInt(functions.length)] + "(" + e.ref(s, c, scope) + ")");
            }
            case 5 -> b.add("count(*)");
            case 6 -> b.literal(Role.PLAIN);
            case 7 -> {
                b.add("CAST(");
                b.param(Role.PLAIN);
                b.add(" AS TEXT) AS p");
            }
            case 8 -> {
                b.add("(");
                select(List.of(new Schema.Column("sq", Schema.Kind.PLAIN)), scope, 2);
                b.add(") AS sq");
            }
            case 9 -> b.add("42");
            default -> {
                Schema.Column c = s.columns().get(r.nextInt(s.columns().size()));
                b.add(e.ref(s, c, scope) + " || ");
                b.literal(c.kind() == Schema.Kind.SECRET ? Role.SECRET : Role.PLAIN);
            }
        }
    }
}
