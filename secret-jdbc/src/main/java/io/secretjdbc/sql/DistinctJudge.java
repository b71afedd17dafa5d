package io.secretjdbc.sql;

import io.secretjdbc.registry.Identifiers;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a {@code SELECT DISTINCT} that returns secret columns is answered or refused. DISTINCT
 * compares stored values, and randomized ciphertext never compares equal, so it is answered only where
 * that cannot change its result: rows already distinct by the table's primary key, or a rewrite to
 * {@code GROUP BY} on blind indexes ({@link IndexGrouping#distinct}). It exists apart from
 * {@link QueryAnalyzer} because it is the one place that asks the database (for a primary key) and the
 * blind-index grouping whether de-duplication is exact; the analyzer only plans the items it judges.
 */
final class DistinctJudge {

    /** Answers primary keys for {@link #distinctByKey}; null refuses DISTINCT over secret columns. */
    private ColumnOrder columnOrder;
    /** Grouping through blind indexes; null when the registry declares none. */
    private IndexGrouping grouping;

    void setColumnOrder(ColumnOrder columnOrder) {
        this.columnOrder = columnOrder;
    }

    void setGrouping(IndexGrouping grouping) {
        this.grouping = grouping;
    }

    /** Refuses the DISTINCT of {@code select}, whose result is {@code items}, unless it is answered exactly. */
    void judge(PlainSelect select, Scope scope, List<ResultItem> items) {
        if (select.getDistinct() == null || distinctByKey(select, scope)
                || grouping != null && grouping.distinct(select, scope, items)) {
            return;
        }
        for (ResultItem item : items) {
            if (item instanceof ResultItem.Fixed f && f.secret() != null) {
                throw Refusal.distinct(f.secret());
            }
            if (item instanceof ResultItem.Star s && s.mayHoldSecrets()) {
                throw Refusal.distinct(s.firstSecret());
            }
        }
    }

    /**
     * True when a plain {@code SELECT DISTINCT} (not {@code DISTINCT ON}) reads one table and selects
     * every column of its primary key as is: its rows are distinct already, so DISTINCT removes nothing
     * and randomized ciphertext in the other columns cannot change its result (Hibernate's
     * {@code select distinct e}). The key comes from the database's metadata.
     */
    private boolean distinctByKey(PlainSelect select, Scope scope) {
        if (columnOrder == null || select.getDistinct().getOnSelectItems() != null
                || !(select.getFromItem() instanceof Table table) || select.getJoins() != null && !select.getJoins().isEmpty()
                || scope.registry().table(table.getName()) == null || select.getGroupBy() != null) {
            return false;
        }
        List<String> key;
        try {
            key = columnOrder.primaryKey(table.getFullyQualifiedName());
        } catch (java.sql.SQLException e) {
            return false; // no key known: DISTINCT is then refused over secret columns (fails closed)
        }
        if (key.isEmpty()) {
            return false;
        }
        String alias = Identifiers.normalize(table.getAlias() == null ? table.getName() : table.getAlias().getName());
        if (!(scope.source(alias) instanceof Scope.TableSource source) || source.table() == null) {
            return false; // a CTE of that name, whose rows need not be distinct
        }
        Set<String> selected = new HashSet<>();
        for (SelectItem<?> item : select.getSelectItems()) {
            if (item.getExpression() instanceof Column c && (c.getTable() == null || c.getTable().getName() == null
                    || alias.equals(Identifiers.normalize(c.getTable().getName())))) {
                selected.add(Identifiers.normalize(c.getColumnName()));
            }
        }
        for (String column : key) {
            if (!selected.contains(Identifiers.normalize(column))) {
                return false;
            }
        }
        return true;
    }
}
