package io.secretjdbc.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** INSERT (all SQLite forms, upserts, INSERT ... SELECT), UPDATE and DELETE, with RETURNING. */
final class Writes {

    private static final String[] INSERT_VERBS = {
        "INSERT INTO", "INSERT INTO", "INSERT INTO", "insert into", "INSERT OR REPLACE INTO", "INSERT OR IGNORE INTO",
        "REPLACE INTO", "INSERT OR ABORT INTO", "INSERT /* c */ OR /* c */ REPLACE INTO", "INSERT OR FAIL INTO",
    };
    private static final String[] UPDATE_VERBS = {
        "UPDATE", "UPDATE", "UPDATE", "update", "UPDATE OR IGNORE", "UPDATE OR REPLACE", "UPDATE OR ROLLBACK",
    };

    private final CaseBuilder b;
    private final Random r;
    private final Expressions e;
    private final Queries q;

    Writes(CaseBuilder b, Expressions e, Queries q) {
        this.b = b;
        this.r = b.random();
        this.e = e;
        this.q = q;
    }

    void insert() {
        Schema.Table t = Schema.anyTable(r);
        if (r.nextInt(12) == 0) {
            b.add("INSERT INTO " + Schema.tableName(t, r) + " DEFAULT VALUES");
            returning(t, List.of(Source.of(t, t.name())));
            return;
        }
        List<Schema.Column> targets;
        boolean withList = r.nextInt(4) > 0;
        if (withList) {
            targets = new ArrayList<>(t.columns());
            Collections.shuffle(targets, r);
            targets = targets.subList(0, 1 + r.nextInt(targets.size()));
        } else {
            targets = t.columns();
        }
        boolean viaSelect = r.nextInt(4) == 0;
        if (viaSelect && r.nextInt(4) == 0) {
            // SQLite: a WITH clause in front of the INSERT.
            String w = q.freshName("w");
            b.add("WITH " + w + " AS (");
            List<Schema.Column> inner = q.select(wanted(targets), List.of(), 1);
            b.add(") ");
            insertHead(t, targets, withList);
            b.add(" SELECT ");
            Source ws = Source.derived(w, inner);
            for (int i = 0; i < inner.size(); i++) {
                b.add(i > 0 ? ", " : "").add(e.ref(ws, inner.get(i), List.of(ws)));
            }
            b.add(" FROM " + w);
        } else {
            insertHead(t, targets, withList);
            if (viaSelect) {
                b.add(e.sp());
                q.select(wanted(targets), List.of(), 1);
            } else {
                b.add(e.sp()).add(r.nextBoolean() ? "VALUES " : "values");
                int rows = r.nextInt(4) == 0 ? 2 + r.nextInt(2) : 1;
                for (int row = 0; row < rows; row++) {
                    b.add(row > 0 ? ", (" : " (");
                    for (int i = 0; i < targets.size(); i++) {
                        b.add(i > 0 ? "," + e.sp() : "");
                        e.valueFor(targets.get(i), List.of(), 1);
                    }
                    b.add(")");
                }
            }
        }
        if (r.nextInt(4) == 0) {
            upsert(t, viaSelect);
        }
        returning(t, List.of(Source.of(t, t.name())));
    }

    private void insertHead(Schema.Table t, List<Schema.Column> targets, boolean withList) {
        b.add(INSERT_VERBS[r.nextInt(INSERT_VERBS.length)]).add(" ").add(Schema.tableName(t, r));
        if (withList) {
            b.add(" (");
            for (int i = 0; i < targets.size(); i++) {
                b.add(i > 0 ? ", " : "").add(Schema.targetName(targets.get(i).name(), r));
            }
            b.add(")");
        }
    }

    private static List<Schema.Column> wanted(List<Schema.Column> targets) {
        List<Schema.Column> wanted = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            wanted.add(new Schema.Column("c" + i, targets.get(i).kind()));
        }
        return wanted;
    }

    /** ON CONFLICT ... DO UPDATE SET c = excluded.c / value, or DO NOTHING. */
    private void upsert(Schema.Table t, boolean afterSelect) {
        if (afterSelect) {
            b.add(" WHERE true"); // SQLite needs it to tell ON CONFLICT from a join constraint
        }
        b.add(" ON CONFLICT");
        if (r.nextInt(3) > 0) {
            b.add("(id)");
        } else if (r.nextBoolean()) {
            Schema.Column c = t.columns().get(r.nextInt(t.columns().size()));
            b.add("(" + Schema.columnName(c.name(), r) + ")");
        }
        if (r.nextInt(4) == 0) {
            b.add(" DO NOTHING");
            return;
        }
        b.add(" DO UPDATE SET ");
        List<Source> scope = List.of(Source.of(t, t.name()), Source.of(t, "excluded"));
        sets(t, scope, true);
        if (r.nextInt(4) == 0) {
            b.add(" WHERE ");
            e.predicate(scope, 1);
        }
    }

    /** One or more SET assignments to columns of {@code t}. */
    private void sets(Schema.Table t, List<Source> scope, boolean upsert) {
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            b.add(i > 0 ? ", " : "");
            Schema.Column c = t.columns().get(r.nextInt(t.columns().size()));
            if (r.nextInt(10) == 0 && t.columns().size() > 2) {
                // Row-value assignment: (a, b) = (x, y).
                Schema.Column d = t.columns().get(1 + r.nextInt(t.columns().size() - 1));
                b.add("(" + Schema.columnName(c.name(), r) + ", " + Schema.columnName(d.name(), r) + ") = (");
                assigned(c, t, scope, upsert);
                b.add(", ");
                assigned(d, t, scope, upsert);
                b.add(")");
                continue;
            }
            b.add(Schema.targetName(c.name(), r)).add(e.sp()).add("=").add(e.sp());
            assigned(c, t, scope, upsert);
        }
    }

    private void assigned(Schema.Column c, Schema.Table t, List<Source> scope, boolean upsert) {
        if (c.kind() == Schema.Kind.INT) {
            e.intValue();
            return;
        }
        int pick = r.nextInt(8);
        if (upsert && pick == 0) {
            b.add("excluded." + Schema.columnName(c.name(), r));
        } else if (pick == 1) {
            // A copy between columns of the same row: secret to secret, plain to secret (refused), ...
            List<Schema.Column> text = t.text();
            b.add(Schema.columnName(text.get(r.nextInt(text.size())).name(), r));
        } else if (pick == 2) {
            b.add("NULL");
        } else {
            e.value(c.role(), scope, 1);
        }
    }

    void update() {
        Schema.Table t = Schema.anyTable(r);
        b.add(UPDATE_VERBS[r.nextInt(UPDATE_VERBS.length)]).add(" ").add(Schema.tableName(t, r));
        List<Source> scope = new ArrayList<>();
        if (r.nextInt(4) == 0) {
            String alias = q.freshName("u");
            b.add(" AS " + alias);
            scope.add(Source.of(t, alias));
        } else {
            scope.add(Source.of(t, t.name()));
        }
        b.add(" SET ");
        sets(t, scope, false);
        if (r.nextInt(6) == 0) {
            Schema.Table other = Schema.anyTable(r);
            String alias = q.freshName("f");
            b.add(" FROM " + Schema.tableName(other, r) + " AS " + alias);
            scope.add(Source.of(other, alias));
        }
        if (r.nextInt(4) > 0) {
            b.add(e.sp()).add("WHERE ");
            e.predicate(scope, 0);
        }
        returning(t, scope.subList(0, 1));
    }

    void delete() {
        Schema.Table t = Schema.anyTable(r);
        b.add("DELETE FROM ").add(Schema.tableName(t, r));
        List<Source> scope = List.of(Source.of(t, t.name()));
        if (r.nextInt(5) > 0) {
            b.add(" WHERE ");
            e.predicate(scope, 0);
        }
        returning(t, scope);
    }

    private void returning(Schema.Table t, List<Source> scope) {
        if (r.nextInt(5) != 0) {
            return;
        }
        b.add(" RETURNING ");
        switch (r.nextInt(4)) {
            case 0 -> b.add("*");
            case 1 -> b.add("id, " + Schema.columnName(t.text().get(r.nextInt(t.text().size())).name(), r));
            case 2 -> b.add(Schema.columnName(t.text().get(0).name(), r) + " AS r1");
            default -> {
                b.add("id, ");
                b.literal(CaseBuilder.Role.PLAIN);
                b.add(" AS lit");
            }
        }
    }
}
