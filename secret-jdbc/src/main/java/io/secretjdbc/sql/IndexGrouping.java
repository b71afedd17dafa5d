package io.secretjdbc.sql;

import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.registry.SecretColumn;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grouping on secret columns with a blind index (reference §6 "Search"): {@code GROUP BY c},
 * {@code SELECT DISTINCT c}, {@code COUNT(DISTINCT c)} and {@code JOIN ... USING (c)}. Under one key, equal
 * normalized plaintexts have equal index values and different ones different values, so grouping by the
 * index column groups exactly as grouping by the plaintext would. A selected {@code c} of such a group
 * becomes {@code MIN(c) AS c}: one stored ciphertext of the group, decrypted by the result set as {@code c}
 * (with normalization, one of the group's plaintexts as written). While previous keys are configured one
 * plaintext may have index values under two keys and would form two groups, so grouping is refused then.
 * One instance per statement, only when the registry has blind indexes.
 */
final class IndexGrouping {

    /** {@code SELECT DISTINCT } right before the first select item. */
    private static final Pattern SELECT_DISTINCT = Pattern.compile("(?is).*\\bSELECT\\s+(DISTINCT\\s+)$");
    /** The text a {@code USING (...)} clause spans when nothing but names is in it. */
    private static final Pattern USING_CLAUSE = Pattern.compile("(?is)\\s*USING\\s*\\([\\s\\w\"`.,$]*\\)\\s*");

    private final SearchEdits edits;
    private final IndexColumns indexColumns;

    IndexGrouping(SearchEdits edits, IndexColumns indexColumns) {
        this.edits = edits;
        this.indexColumns = indexColumns;
    }

    /** {@code COUNT(DISTINCT c)} of one column with a blind index: counted on the index; false for other calls. */
    boolean countDistinct(Function f, Scope scope) {
        ExpressionList<?> args = f.getParameters();
        if (args == null || args.size() != 1 || f.getMultipartName() == null || f.getMultipartName().size() != 1 || f.getNamedParameters() != null
                || f.getKeep() != null || f.getOrderByElements() != null) {
            return false;
        }
        IndexComparisons.Target target = IndexComparisons.target(args.get(0), scope, false);
        if (target == null) {
            return false;
        }
        onIndex(target, "COUNT(DISTINCT ...)");
        return true;
    }

    /**
     * One {@code GROUP BY} element: a column with a blind index (also by select position) is grouped on its
     * index column and returned; null for anything else, left to the ordinary judgement.
     */
    IndexComparisons.Target groupKey(Expression e, PlainSelect select, List<ResultItem> items, Scope scope) {
        if (e instanceof LongValue n) {
            long i = n.getValue();
            List<SelectItem<?>> selected = select.getSelectItems();
            if (i < 1 || i > items.size() || items.size() != selected.size()
                    || !(items.get((int) i - 1) instanceof ResultItem.Fixed f) || f.secret() == null
                    || f.secret().blindIndex() == null) {
                return null;
            }
            IndexComparisons.Target target = IndexComparisons.target(selected.get((int) i - 1).getExpression(), scope,
                    false);
            if (target == null) {
                throw new Refusal("secret column " + f.secret() + " is grouped by its select position, where it is"
                        + " not the column itself; its blind index groups only the column. Select and group by the"
                        + " column.");
            }
            onIndex(target, "GROUP BY", n); // the position is what is replaced by the index column
            return target;
        }
        if (e instanceof Column c && (c.getTable() == null || c.getTable().getName() == null)) {
            SecretColumn aliased = scope.selectAlias(c.getColumnName());
            if (aliased != null && !selectsColumnAs(select, c.getColumnName())) {
                throw new Refusal("GROUP BY names the select alias of secret column " + aliased + "; databases"
                        + " resolve such a name differently (alias or table column), so it is refused. Group by the"
                        + " column itself.");
            }
        }
        IndexComparisons.Target target = IndexComparisons.target(e, scope, false);
        if (target != null) {
            onIndex(target, "GROUP BY");
        }
        return target;
    }

    /** True when the item aliased {@code name} is the bare column of that name ({@code SELECT email AS email}). */
    private static boolean selectsColumnAs(PlainSelect select, String name) {
        String n = Identifiers.normalize(name);
        for (SelectItem<?> item : select.getSelectItems()) {
            if (item.getAlias() != null && n.equals(Identifiers.normalize(item.getAlias().getName()))) {
                return item.getExpression() instanceof Column c && n.equals(Identifiers.normalize(c.getColumnName()));
            }
        }
        return false;
    }

    /**
     * The select items that are a grouped column itself become {@code MIN(c) AS label}: the database groups
     * by the index column, so {@code c} alone would not be grouped (PostgreSQL refuses it).
     */
    void representatives(PlainSelect select, Scope scope, List<IndexComparisons.Target> keys) {
        for (SelectItem<?> item : select.getSelectItems()) {
            if (!(item.getExpression() instanceof Column column) || !scope.readsTable(column.getTable() == null
                    ? null : column.getTable().getName(), column.getColumnName())) {
                continue; // not a column of a table: not grouped here (a derived table's column has no index)
            }
            IndexComparisons.Target target = IndexComparisons.target(column, scope, false);
            if (target == null || !grouped(target, keys, scope)) {
                continue;
            }
            int[] span = edits.span(column, target.secret());
            String written = edits.originalText().substring(span[0], span[1]);
            edits.replace(span[0], span[1], List.of(new SearchEdits.Text("MIN(" + written + ")"
                    + (item.getAlias() == null ? " AS " + column.getColumnName() : ""))));
        }
    }

    private static boolean grouped(IndexComparisons.Target target, List<IndexComparisons.Target> keys, Scope scope) {
        Scope.Source source = scope.sourceOf(target.column());
        for (IndexComparisons.Target key : keys) {
            if (key.secret() == target.secret() && scope.sourceOf(key.column()) == source) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code SELECT DISTINCT} over columns one of which has a blind index: answered as {@code GROUP BY} the
     * selected columns (the index column for each such one), which returns the same rows with the same
     * labels and types. Only a plain form is rewritten; otherwise the refusal says to write the GROUP BY.
     *
     * @return true when rewritten
     */
    boolean distinct(PlainSelect select, Scope scope, List<ResultItem> items) {
        SecretColumn indexed = null;
        for (ResultItem item : items) {
            if (item instanceof ResultItem.Fixed f && f.secret() != null && f.secret().blindIndex() != null) {
                indexed = f.secret();
                break;
            }
        }
        if (indexed == null) {
            return false;
        }
        if (select.getDistinct().getOnSelectItems() != null || select.getGroupBy() != null || select.getHaving() != null
                || select.getWindowDefinitions() != null || select.getQualify() != null || select.getFromItem() == null
                || select.getOracleHierarchical() != null || select.getLateralViews() != null
                || select.getSampleClause() != null || select.getPreferringClause() != null
                || items.size() != select.getSelectItems().size()) {
            throw distinctRefused(indexed);
        }
        List<IndexComparisons.Target> keys = new ArrayList<>();
        StringBuilder groupBy = new StringBuilder(" GROUP BY ");
        for (SelectItem<?> item : select.getSelectItems()) {
            if (!(item.getExpression() instanceof Column column) || column.getArrayConstructor() != null) {
                throw distinctRefused(indexed);
            }
            IndexComparisons.Target target = IndexComparisons.target(column, scope, false);
            if (item != select.getSelectItems().get(0)) {
                groupBy.append(", ");
            }
            if (target != null) {
                requireOneKey(target.secret(), "DISTINCT");
                indexColumns.require(target.secret());
                keys.add(target);
                groupBy.append(edits.indexReference(column, target.secret()));
            } else {
                SecretColumn secret = scope.resolve(column.getTable() == null ? null : column.getTable().getName(),
                        column.getColumnName(), false);
                if (secret != null) {
                    throw Refusal.distinct(secret);
                }
                int[] span = edits.span(column, indexed);
                groupBy.append(edits.originalText(), span[0], span[1]);
            }
        }
        int[] first = edits.span(select.getSelectItems().get(0), indexed);
        int[] whole = edits.span(select, indexed);
        Matcher m = SELECT_DISTINCT.matcher(edits.originalText().substring(whole[0], first[0]));
        if (!m.matches()) {
            throw distinctRefused(indexed);
        }
        edits.replace(whole[0] + m.start(1), first[0], List.of());
        representatives(select, scope, keys);
        int end = edits.span(select.getFromItem(), indexed)[1];
        if (select.getJoins() != null && !select.getJoins().isEmpty()) {
            end = edits.span(select.getJoins().get(select.getJoins().size() - 1), indexed)[1];
        }
        if (select.getWhere() != null) {
            end = edits.span(select.getWhere(), indexed)[1];
        }
        edits.replace(end, end, List.of(new SearchEdits.Text(groupBy.toString())));
        return true;
    }

    private static Refusal distinctRefused(SecretColumn c) {
        return new Refusal("secret column " + c + " is selected with DISTINCT in a form the driver does not rewrite"
                + " (only SELECT DISTINCT of columns, with WHERE and ORDER BY, is answered through its blind index)."
                + " Write it as GROUP BY of the selected columns.");
    }

    /**
     * {@code a JOIN b USING (c, ...)} where a {@code c} is a secret column with a blind index in both: becomes
     * {@code ON a.c_bidx = b.c_bidx AND a.x = b.x ...}. USING also merges the named columns (an unqualified
     * {@code c}, {@code *}), which ON does not: a statement that reads them merged is refused, as is any form
     * where the two sides are not the FROM table and the first joined table.
     */
    void using(PlainSelect select, Join join, SecretColumn secret, Scope scope) {
        List<Join> joins = select.getJoins();
        if (joins.get(0) != join || !(select.getFromItem() instanceof Table left)
                || !(join.getFromItem() instanceof Table right) || !join.getOnExpressions().isEmpty()
                || !(scope.source(aliasOf(left)) instanceof Scope.TableSource ls)
                || !(scope.source(aliasOf(right)) instanceof Scope.TableSource rs)) {
            throw usingRefused(secret);
        }
        String lq = aliasOf(left);
        String rq = aliasOf(right);
        List<String> conditions = new ArrayList<>();
        for (Column using : join.getUsingColumns()) {
            String name = using.getColumnName();
            SecretColumn a = ls.secretColumn(name);
            SecretColumn b = rs.secretColumn(name);
            if (a == null && b == null) {
                conditions.add(lq + "." + name + " = " + rq + "." + name); // a plain column, compared as is
                continue;
            }
            if (a == null || b == null || a.blindIndex() == null || b.blindIndex() == null) {
                SecretColumn s = a != null ? a : b;
                throw s.blindIndex() == null ? Refusal.compared(s, "=", "a JOIN ... USING clause")
                        : new Refusal("secret column " + s + " is joined by USING with a column that is not a secret"
                        + " column with a blind index: a blind index only matches the index of another column of its"
                        + " domain. Join secret columns of one domain.");
            }
            IndexComparisons.requireSameDomain(a, b);
            indexColumns.require(a);
            indexColumns.require(b);
            conditions.add(lq + "." + a.blindIndex().column() + " = " + rq + "." + b.blindIndex().column());
        }
        String written = select.toString();
        for (Column using : join.getUsingColumns()) {
            if (unqualifiedUses(written, using.getColumnName()) != 1) {
                throw usingRefused(secret); // the merged column is read somewhere: ON would not merge it
            }
        }
        for (SelectItem<?> item : select.getSelectItems()) {
            if (item.getExpression() instanceof AllColumns && !(item.getExpression() instanceof AllTableColumns)) {
                throw usingRefused(secret);
            }
        }
        int from = edits.span(right, secret)[1];
        int to = edits.span(join, secret)[1];
        if (!USING_CLAUSE.matcher(edits.originalText().substring(from, to)).matches()) {
            throw usingRefused(secret);
        }
        edits.replace(from, to, List.of(new SearchEdits.Text(" ON " + String.join(" AND ", conditions))));
    }

    /** The name a table is referred to by, as written. */
    private static String aliasOf(Table table) {
        return table.getAlias() != null ? table.getAlias().getName() : table.getName();
    }

    /**
     * How often {@code name} appears in {@code sql} as a word ({@link Words#identifierStart}) not right after
     * a dot (quoted or not): an overcount (a string literal holding the name) only refuses more.
     */
    static int unqualifiedUses(String sql, String name) {
        String n = Identifiers.normalize(name);
        int count = 0;
        for (int i = Words.identifierStart(sql, 0), end; i < sql.length(); i = Words.identifierStart(sql, end)) {
            end = Words.identifierEnd(sql, i);
            int before = i - 1;
            if (before >= 0 && "\"`[".indexOf(sql.charAt(before)) >= 0) {
                before--;
            }
            boolean qualified = before >= 0 && sql.charAt(before) == '.';
            if (!qualified && n.equals(sql.substring(i, end).toLowerCase(Locale.ROOT))) {
                count++;
            }
        }
        return count;
    }

    private static Refusal usingRefused(SecretColumn c) {
        return new Refusal("secret column " + c + " is joined by USING in a form the driver cannot answer exactly"
                + " through its blind index (USING merges the column, which * and an unqualified name read; only"
                + " FROM a JOIN b USING (...) whose merged columns are read qualified is rewritten). Use ON"
                + " a.email = b.email instead.");
    }

    /** {@code construct} is answered on the index column: the column as written is replaced by it. */
    private void onIndex(IndexComparisons.Target target, String construct) {
        onIndex(target, construct, target.column());
    }

    /** The same, replacing {@code written}: the parse node that stands for the column (a GROUP BY position). */
    private void onIndex(IndexComparisons.Target target, String construct, Object written) {
        requireOneKey(target.secret(), construct);
        indexColumns.require(target.secret());
        edits.replaceByIndexColumn(written, target.column(), target.secret());
    }

    /**
     * Grouping needs one index value per plaintext: while previous keys are configured, a plaintext indexed
     * under an old key and one under the new key would be two groups (counted twice).
     */
    private void requireOneKey(SecretColumn c, String construct) {
        if (edits.keyCount() > 1) {
            throw new Refusal("secret column " + c + " cannot be used in " + construct + " while previous keys are"
                    + " configured (secret.previous-keys): rows indexed under a previous key would form groups of"
                    + " their own and be counted twice. Run the command line's rotate, then remove the previous"
                    + " keys; until then group after reading.");
        }
    }
}
