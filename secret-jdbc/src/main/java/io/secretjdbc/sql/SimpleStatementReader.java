package io.secretjdbc.sql;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds, for the plainest statements, the very tree JSqlParser would build, without running JSqlParser:
 * one JSqlParser parse costs 100–250 µs and about 100 KB, most of a never-seen statement's plan, while these
 * forms are most of what applications and ORMs send ({@code select u1_0.id, u1_0.email from users u1_0
 * left join roles r1_0 on r1_0.id = u1_0.role_id where u1_0.id = ?}, {@code insert into users (email,
 * name) values (?, ?)}, {@code update users set email = ? where id = ?}, {@code delete from users where
 * id = ?}).
 *
 * <p>The forms: {@code SELECT} of columns, {@code *} and {@code t.*} (with aliases) from one table and its
 * {@code [INNER | LEFT [OUTER] | RIGHT [OUTER]] JOIN t [alias] ON condition}s, a {@code WHERE} and an
 * {@code ORDER BY} of columns; one-row {@code INSERT INTO t (columns) VALUES (...)}; {@code UPDATE t
 * [alias] SET c = operand, ... [WHERE]}; {@code DELETE FROM t [WHERE]}. A condition is comparisons,
 * {@code [NOT] IN} lists and {@code IS [NOT] NULL} joined by {@code AND}/{@code OR}, over columns,
 * {@code ?}, integers and string literals.
 *
 * <p>The contract: {@link #read} returns null for any text it does not fully recognise, and otherwise a
 * tree equal to JSqlParser's simple-mode parse of the same text in every field — classes, names,
 * aliases, parameter numbers, and the first and last token offsets of every parse node, which the blind
 * index rewrite uses. So every decision is still made by the one planner on the same tree; this class
 * decides nothing. {@code SimpleStatementReaderTest} proves the equality field by field against
 * JSqlParser itself over the planner corpora, generated statements, every keyword in every name position
 * and random mutations. Anything else — quotes, comments, other literals, parentheses, functions,
 * {@code ;}, {@code USING}, {@code NATURAL}, {@code LIMIT}, a keyword as a name that the test has not
 * proved — gives null, and JSqlParser decides. Thread-safe.
 *
 * <p>It reads the parser's text ({@link SqlText#markedSql()}): string literals there are numbered markers,
 * comments are blanks.
 */
final class SimpleStatementReader {

    private final PlainTokens tokens;
    private int parameters;

    private SimpleStatementReader(PlainTokens tokens) {
        this.tokens = tokens;
    }

    /** JSqlParser's tree for {@code sql}, or null when the text is not one of the plain forms read here. */
    static Statement read(String sql) {
        PlainTokens tokens = PlainTokens.of(sql);
        if (tokens == null) {
            return null;
        }
        SimpleStatementReader reader = new SimpleStatementReader(tokens);
        try {
            Statement statement = reader.statement();
            return tokens.atEnd() ? statement : null;
        } catch (PlainTokens.NotSimple e) {
            return null;
        }
    }

    // ---- statements ---------------------------------------------------------------------------------

    private Statement statement() {
        if (tokens.isKeyword("SELECT")) {
            return select();
        }
        if (tokens.isKeyword("INSERT")) {
            return insert();
        }
        if (tokens.isKeyword("UPDATE")) {
            return update();
        }
        if (tokens.isKeyword("DELETE")) {
            return delete();
        }
        throw PlainTokens.NotSimple.INSTANCE;
    }

    private PlainSelect select() {
        int first = tokens.position();
        tokens.expectKeyword("SELECT");
        PlainSelect select = new PlainSelect();
        List<SelectItem<?>> items = new ArrayList<>();
        do {
            items.add(selectItem());
        } while (tokens.acceptSymbol(","));
        select.setSelectItems(items);
        tokens.expectKeyword("FROM");
        select.setFromItem(sourceTable());
        List<Join> joins = new ArrayList<>();
        while (tokens.isKeyword("JOIN") || tokens.isKeyword("INNER") || tokens.isKeyword("LEFT")
                || tokens.isKeyword("RIGHT")) {
            joins.add(join());
        }
        if (!joins.isEmpty()) {
            select.setJoins(joins);
        }
        if (tokens.acceptKeyword("WHERE")) {
            select.setWhere(condition());
        }
        if (tokens.acceptKeyword("ORDER")) {
            tokens.expectKeyword("BY");
            List<OrderByElement> order = new ArrayList<>();
            do {
                order.add(orderBy());
            } while (tokens.acceptSymbol(","));
            select.setOrderByElements(order);
        }
        tokens.node(select, first);
        return select;
    }

    /** A table a SELECT reads, {@code [AS] alias} included in its parse node (unlike a written table's). */
    private Table sourceTable() {
        int first = tokens.position();
        Table table = table();
        table.setAlias(alias());
        tokens.node(table, first);
        return table;
    }

    /** {@code [INNER | LEFT [OUTER] | RIGHT [OUTER]] JOIN table [alias] ON condition}. */
    private Join join() {
        int first = tokens.position();
        Join join = new Join();
        if (tokens.acceptKeyword("INNER")) {
            join.setInner(true);
        } else if (tokens.acceptKeyword("LEFT")) {
            join.setLeft(true);
            join.setOuter(tokens.acceptKeyword("OUTER"));
        } else if (tokens.acceptKeyword("RIGHT")) {
            join.setRight(true);
            join.setOuter(tokens.acceptKeyword("OUTER"));
        }
        tokens.expectKeyword("JOIN");
        join.setFromItem(sourceTable());
        tokens.expectKeyword("ON");
        join.addOnExpression(condition());
        tokens.node(join, first);
        return join;
    }

    /** {@code column [ASC | DESC]}: a column only, never a position ({@code ORDER BY 2} reads a number). */
    private OrderByElement orderBy() {
        OrderByElement element = new OrderByElement();
        element.setExpression(column());
        if (tokens.acceptKeyword("ASC")) {
            element.setAscDescPresent(true);
        } else if (tokens.acceptKeyword("DESC")) {
            element.setAsc(false);
            element.setAscDescPresent(true);
        }
        return element;
    }

    private SelectItem<?> selectItem() {
        int first = tokens.position();
        Expression expression;
        if (tokens.isSymbol("*")) {
            tokens.skip();
            AllColumns all = new AllColumns();
            tokens.node(all, first);
            expression = all;
        } else if (tokens.isName() && tokens.isSymbol(1, ".") && tokens.isSymbol(2, "*")) {
            Table table = new Table(tokens.name());
            tokens.node(table, first);
            tokens.skip();
            tokens.skip();
            AllTableColumns all = new AllTableColumns(table, null, null, null);
            tokens.node(all, first);
            expression = all;
        } else {
            expression = column();
        }
        SelectItem<?> item = new SelectItem<>(expression);
        if (expression instanceof Column) {
            item.setAlias(alias());
        }
        tokens.node(item, first);
        return item;
    }

    private Insert insert() {
        tokens.expectKeyword("INSERT");
        tokens.expectKeyword("INTO");
        Insert insert = new Insert();
        insert.setTable(targetTable());
        tokens.expectSymbol("(");
        ExpressionList<Column> columns = new ExpressionList<>();
        do {
            int start = tokens.position();
            Column column = new Column(tokens.name());
            tokens.node(column, start);
            columns.add(column);
        } while (tokens.acceptSymbol(","));
        tokens.expectSymbol(")");
        insert.setColumns(columns);
        int valuesStart = tokens.position();
        tokens.expectKeyword("VALUES");
        Values values = new Values(operands());
        tokens.node(values, valuesStart);
        insert.setSelect(values);
        return insert;
    }

    private Update update() {
        tokens.expectKeyword("UPDATE");
        Update update = new Update();
        Table table = targetTable();
        table.setAlias(alias());
        update.setTable(table);
        tokens.expectKeyword("SET");
        List<UpdateSet> sets = new ArrayList<>();
        do {
            Column column = column();
            tokens.expectSymbol("=");
            sets.add(new UpdateSet(column, operand()));
        } while (tokens.acceptSymbol(","));
        update.setUpdateSets(sets);
        if (tokens.acceptKeyword("WHERE")) {
            update.setWhere(condition());
        }
        return update;
    }

    private Delete delete() {
        tokens.expectKeyword("DELETE");
        tokens.expectKeyword("FROM");
        Delete delete = new Delete();
        delete.setTable(targetTable());
        delete.setHasFrom(true);
        delete.setTables(new ArrayList<>());
        delete.setUsingFromItemList(new ArrayList<>());
        if (tokens.acceptKeyword("WHERE")) {
            delete.setWhere(condition());
        }
        return delete;
    }

    // ---- parts --------------------------------------------------------------------------------------

    /** The table an INSERT, UPDATE or DELETE writes: its parse node spans the name only, not an alias. */
    private Table targetTable() {
        int first = tokens.position();
        Table table = table();
        tokens.node(table, first);
        return table;
    }

    /** {@code (operand, ...)}. */
    private ParenthesedExpressionList<Expression> operands() {
        tokens.expectSymbol("(");
        ParenthesedExpressionList<Expression> list = new ParenthesedExpressionList<>();
        do {
            list.add(operand());
        } while (tokens.acceptSymbol(","));
        tokens.expectSymbol(")");
        return list;
    }

    /** {@code name} or {@code schema.name}: JSqlParser keeps the parts last first. */
    private Table table() {
        String first = tokens.name();
        if (!tokens.acceptSymbol(".")) {
            return new Table(first);
        }
        String second = tokens.name();
        return new Table(first, second);
    }

    /** {@code [AS] name}, or null. */
    private Alias alias() {
        if (tokens.acceptKeyword("AS")) {
            return new Alias(tokens.name(), true);
        }
        return tokens.isName() ? new Alias(tokens.name(), false) : null;
    }

    /** {@code c}, {@code t.c} or {@code s.t.c}. */
    private Column column() {
        int first = tokens.position();
        List<String> parts = new ArrayList<>(3);
        parts.add(tokens.name());
        while (parts.size() < 3 && tokens.isSymbol(".") && tokens.kind(1) == PlainTokens.WORD) {
            tokens.skip();
            parts.add(tokens.name());
        }
        Column column = new Column(parts);
        tokens.node(column, first);
        return column;
    }

    /** A WHERE or ON condition: ORs of ANDs of comparisons, the whole under one parse node as JSqlParser has it. */
    private Expression condition() {
        int first = tokens.position();
        Expression condition = conjunction();
        while (tokens.acceptKeyword("OR")) {
            condition = new OrExpression(condition, conjunction());
        }
        tokens.node(condition, first);
        return condition;
    }

    private Expression conjunction() {
        Expression condition = predicate();
        while (tokens.acceptKeyword("AND")) {
            condition = new AndExpression(condition, predicate());
        }
        return condition;
    }

    private Expression predicate() {
        int first = tokens.position();
        Expression left = operand();
        if (left instanceof Column && tokens.acceptKeyword("IS")) {
            boolean not = tokens.acceptKeyword("NOT");
            tokens.expectKeyword("NULL");
            IsNullExpression isNull = new IsNullExpression(left);
            isNull.setNot(not);
            return isNull;
        }
        if (left instanceof Column && (tokens.isKeyword("IN") || tokens.isKeyword("NOT"))) {
            boolean not = tokens.acceptKeyword("NOT");
            tokens.expectKeyword("IN");
            int open = tokens.position();
            ParenthesedExpressionList<Expression> list = operands();
            tokens.node(list, open);
            InExpression in = new InExpression(left, list);
            in.setNot(not);
            tokens.node(in, first);
            return in;
        }
        Expression comparison = comparison(left);
        tokens.node(comparison, first);
        return comparison;
    }

    private Expression comparison(Expression left) {
        if (tokens.kind(0) != PlainTokens.SYMBOL) {
            throw PlainTokens.NotSimple.INSTANCE;
        }
        String symbol = tokens.take();
        Expression right = operand();
        return switch (symbol) {
            case "=" -> new EqualsTo(left, right);
            case "<>", "!=" -> new NotEqualsTo(symbol).withLeftExpression(left).withRightExpression(right);
            case "<" -> new MinorThan(left, right);
            case "<=" -> new MinorThanEquals(left, right);
            case ">" -> new GreaterThan(left, right);
            case ">=" -> new GreaterThanEquals(left, right);
            default -> throw PlainTokens.NotSimple.INSTANCE;
        };
    }

    /** A column, {@code ?}, an integer or a string literal. */
    private Expression operand() {
        if (tokens.kind(0) == PlainTokens.WORD) {
            return column(); // which makes its own parse node
        }
        int token = tokens.position();
        Expression operand = switch (tokens.kind(0)) {
            case PlainTokens.PARAMETER -> {
                tokens.skip();
                yield new JdbcParameter(++parameters, false, "?");
            }
            case PlainTokens.NUMBER -> new LongValue(tokens.take());
            case PlainTokens.STRING -> new StringValue(tokens.take());
            default -> throw PlainTokens.NotSimple.INSTANCE;
        };
        tokens.node(operand, token);
        return operand;
    }
}
