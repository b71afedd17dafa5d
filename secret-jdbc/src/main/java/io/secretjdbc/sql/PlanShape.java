package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretTable;

/**
 * What the analysis of a statement decided, apart from the text it was made for: the same for every
 * statement of one {@link SqlText#shape()} (see {@link Planner}), which becomes a {@link Plan} for one
 * text by cutting that text at its secret literals. Immutable.
 */
final class PlanShape {

    private final Refusal refusal;
    private final boolean cacheable;
    private final SecretColumn[] parameters;
    private final SecretColumn firstWrite;
    private final ResultShape results;
    private final SecretTable writeTarget;
    /** Indexes into {@link SqlText#literals()} of the literals written to secret columns, in text order. */
    private final int[] secretLiterals;
    private Plan.PositionalInsert positional;
    /** The blind index rewrite, made for one text only (such shapes are never shared); null for almost all. */
    private SearchLayout search;
    private SecretColumn indexed;

    private PlanShape(Refusal refusal, boolean cacheable, SecretColumn[] parameters, SecretColumn firstWrite,
                      ResultShape results, SecretTable writeTarget, int[] secretLiterals) {
        this.refusal = refusal;
        this.cacheable = cacheable;
        this.parameters = parameters;
        this.firstWrite = firstWrite;
        this.results = results;
        this.writeTarget = writeTarget;
        this.secretLiterals = secretLiterals;
    }

    static PlanShape refused(Refusal refusal, boolean cacheable) {
        return new PlanShape(refusal, cacheable, null, null, null, null, null);
    }

    static PlanShape of(SecretColumn[] parameters, SecretColumn firstWrite, ResultShape results,
                        SecretTable writeTarget, int[] secretLiterals) {
        return new PlanShape(null, true, parameters, firstWrite, results, writeTarget, secretLiterals);
    }

    /** {@link #of} for a positional INSERT, whose plans carry the column order they were matched to. */
    static PlanShape of(SecretColumn[] parameters, SecretColumn firstWrite, ResultShape results,
                        SecretTable writeTarget, int[] secretLiterals, Plan.PositionalInsert positional) {
        PlanShape shape = of(parameters, firstWrite, results, writeTarget, secretLiterals);
        shape.positional = positional;
        return shape;
    }

    /** Attaches the blind index rewrite of the text this shape was analysed from. */
    void search(SearchLayout layout, SecretColumn indexed) {
        this.search = layout;
        this.indexed = indexed;
    }

    /** True when the shape holds a rewrite of one text, so it must not be shared with other texts. */
    boolean rewritesText() {
        return search != null;
    }

    /** False when the outcome may change (a failed metadata lookup): neither it nor its plans are kept. */
    boolean isCacheable() {
        return cacheable;
    }

    /** The plan for {@code text}, a text of the shape this was made from. */
    Plan planFor(SqlText text) {
        String sql = text.sql();
        if (refusal != null) {
            return Plan.refused(sql, refusal, cacheable);
        }
        String[] segments = new String[secretLiterals.length + 1];
        String[] values = new String[secretLiterals.length];
        int from = 0;
        for (int i = 0; i < secretLiterals.length; i++) {
            SqlText.Literal l = text.literals().get(secretLiterals[i]);
            segments[i] = sql.substring(from, l.start());
            values[i] = l.value();
            from = l.end();
        }
        segments[secretLiterals.length] = sql.substring(from);
        Plan plan = Plan.of(sql, parameters, firstWrite, results, writeTarget, segments, values, positional);
        return search == null ? plan : plan.withSearch(search, indexed);
    }
}
