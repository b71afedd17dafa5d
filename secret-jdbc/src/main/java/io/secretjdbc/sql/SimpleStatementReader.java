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
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds, for the plainest statements, the very tree JSqlParser would build, without running JSqlParser:
 * one JSqlParser parse costs about 100 µs and 110 KB, most of a never-seen statement's plan, while these
 * forms are most of what applications and ORMs send ({@code select u.id, u.email from users u where
 * u.id = ?}, {@code insert into users (email, name) values (?, ?)}, {@code update users set email = ?
 * where id = ?}, {@code delete from users where id = ?}).
 *
 * <p>The contract: {@link #read} returns null for any text it does not fully recognise, and otherwise a
 * tree equal to JSqlParser's simple-mode parse of the same text in every field — classes, names,
 * aliases, parameter numbers, and the first and last token offsets of every parse node, which the blind
 * index rewrite uses. So every decision is still made by the one planner on the same tree; this class
 * decides nothing. {@code SimpleStatementReaderTest} proves the equality field by field against
 * JSqlParser itself over the planner corpora, generated statements, every keyword in every name position
 * and random mutations. Anything unusual — quotes, comments, other literals, parentheses, functions,
 * {@code ;}, joins, ORDER BY, a keyword as a name that the test has not proved — gives null, and the full
 * parser decides. Thread-safe.
 *
 * <p>It reads the parser's text ({@link SqlText#markedSql()}): string literals there are numbered markers,
 * comments are blanks.
 */
final class SimpleStatementReader {

    private final PlainTokens tokens;
    private final int count;
    private int at;
    private int parameters;

    private SimpleStatementReader(PlainTokens tokens) {
        this.tokens = tokens;
        this.count = tokens.count();
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
            return reader.at == reader.count ? statement : null;
        } catch (NotSimple e) {
            return null;
        }
    }

    /** Thrown inside the reader when the text leaves the plain forms: cheap, no stack trace. */
    private static final class NotSimple extends RuntimeException {
        static final NotSimple INSTANCE = new NotSimple();

        private NotSimple() {
            super(null, null, false, false);
        }
    }

    private boolean isSymbol(String symbol) {
        return tokens.isSymbol(at, symbol);
    }

    private boolean isKeyword(String keyword) {
        return tokens.isWord(at, keyword);
    }

    private void expectSymbol(String symbol) {
        if (!isSymbol(symbol)) {
            throw NotSimple.INSTANCE;
        }
        at++;
    }

    private void expectKeyword(String keyword) {
        if (!isKeyword(keyword)) {
            throw NotSimple.INSTANCE;
        }
        at++;
    }

    private boolean acceptKeyword(String keyword) {
        if (isKeyword(keyword)) {
            at++;
            return true;
        }
        return false;
    }

    private boolean isName() {
        return tokens.isName(at);
    }

    private String name() {
        if (!isName()) {
            throw NotSimple.INSTANCE;
        }
        return tokens.text(at++);
    }

    // ---- statements ---------------------------------------------------------------------------------

    private Statement statement() {
        if (isKeyword("SELECT")) {
            return select();
        }
        if (isKeyword("INSERT")) {
            return insert();
        }
        if (isKeyword("UPDATE")) {
            return update();
        }
        if (isKeyword("DELETE")) {
            return delete();
        }
        throw NotSimple.INSTANCE;
    }

    private PlainSelect select() {
        int first = at;
        expectKeyword("SELECT");
        PlainSelect select = new PlainSelect();
        List<SelectItem<?>> items = new ArrayList<>();
        do {
            items.add(selectItem());
        } while (acceptSymbol(","));
        select.setSelectItems(items);
        expectKeyword("FROM");
        int tableStart = at;
        Table table = table();
        table.setAlias(alias());
        node(table, tableStart, at - 1);
        select.setFromItem(table);
        if (acceptKeyword("WHERE")) {
            select.setWhere(where());
        }
        node(select, first, at - 1);
        return select;
    }

    private SelectItem<?> selectItem() {
        int first = at;
        Expression expression;
        if (isSymbol("*")) {
            AllColumns all = new AllColumns();
            node(all, at, at);
            at++;
            expression = all;
        } else if (isName() && tokens.isSymbol(at + 1, ".") && tokens.isSymbol(at + 2, "*")) {
            Table table = new Table(name());
            node(table, first, first);
            at += 2;
            AllTableColumns all = new AllTableColumns(table, null, null, null);
            node(all, first, at - 1);
            expression = all;
        } else {
            expression = column();
        }
        SelectItem<?> item = new SelectItem<>(expression);
        if (expression instanceof Column) {
            item.setAlias(alias());
        }
        node(item, first, at - 1);
        return item;
    }

    private Insert insert() {
        expectKeyword("INSERT");
        expectKeyword("INTO");
        Insert insert = new Insert();
        insert.setTable(targetTable());
        expectSymbol("(");
        ExpressionList<Column> columns = new ExpressionList<>();
        do {
            int start = at;
            Column column = new Column(name());
            node(column, start, start);
            columns.add(column);
        } while (acceptSymbol(","));
        expectSymbol(")");
        insert.setColumns(columns);
        int valuesStart = at;
        expectKeyword("VALUES");
        Values values = new Values(operands());
        node(values, valuesStart, at - 1);
        insert.setSelect(values);
        return insert;
    }

    private Update update() {
        expectKeyword("UPDATE");
        Update update = new Update();
        Table table = targetTable();
        table.setAlias(alias());
        update.setTable(table);
        expectKeyword("SET");
        List<UpdateSet> sets = new ArrayList<>();
        do {
            Column column = column();
            expectSymbol("=");
            sets.add(new UpdateSet(column, operand()));
        } while (acceptSymbol(","));
        update.setUpdateSets(sets);
        if (acceptKeyword("WHERE")) {
            update.setWhere(where());
        }
        return update;
    }

    private Delete delete() {
        expectKeyword("DELETE");
        expectKeyword("FROM");
        Delete delete = new Delete();
        delete.setTable(targetTable());
        delete.setHasFrom(true);
        delete.setTables(new ArrayList<>());
        delete.setUsingFromItemList(new ArrayList<>());
        if (acceptKeyword("WHERE")) {
            delete.setWhere(where());
        }
        return delete;
    }

    // ---- parts --------------------------------------------------------------------------------------

    /** The table an INSERT, UPDATE or DELETE writes: its parse node spans the name only, not an alias. */
    private Table targetTable() {
        int first = at;
        Table table = table();
        node(table, first, at - 1);
        return table;
    }

    /** {@code (operand, ...)}. */
    private ParenthesedExpressionList<Expression> operands() {
        expectSymbol("(");
        ParenthesedExpressionList<Expression> list = new ParenthesedExpressionList<>();
        do {
            list.add(operand());
        } while (acceptSymbol(","));
        expectSymbol(")");
        return list;
    }

    /** {@code name} or {@code schema.name}: JSqlParser keeps the parts last first. */
    private Table table() {
        String first = name();
        if (!acceptSymbol(".")) {
            return new Table(first);
        }
        String second = name();
        return new Table(first, second);
    }

    /** {@code [AS] name}, or null. */
    private Alias alias() {
        if (acceptKeyword("AS")) {
            return new Alias(name(), true);
        }
        return isName() ? new Alias(name(), false) : null;
    }

    /** {@code c}, {@code t.c} or {@code s.t.c}. */
    private Column column() {
        int first = at;
        List<String> parts = new ArrayList<>(3);
        parts.add(name());
        while (parts.size() < 3 && tokens.isSymbol(at, ".") && tokens.kind(at + 1) == PlainTokens.WORD) {
            at++;
            parts.add(name());
        }
        Column column = new Column(parts);
        node(column, first, at - 1);
        return column;
    }

    /** The WHERE condition: ORs of ANDs of comparisons, the whole under one parse node as JSqlParser has it. */
    private Expression where() {
        int first = at;
        Expression condition = conjunction();
        while (acceptKeyword("OR")) {
            condition = new OrExpression(condition, conjunction());
        }
        node(condition, first, at - 1);
        return condition;
    }

    private Expression conjunction() {
        Expression condition = predicate();
        while (acceptKeyword("AND")) {
            condition = new AndExpression(condition, predicate());
        }
        return condition;
    }

    private Expression predicate() {
        int first = at;
        Expression left = operand();
        if (left instanceof Column && acceptKeyword("IS")) {
            boolean not = acceptKeyword("NOT");
            expectKeyword("NULL");
            IsNullExpression isNull = new IsNullExpression(left);
            isNull.setNot(not);
            return isNull;
        }
        if (left instanceof Column && (isKeyword("IN") || isKeyword("NOT"))) {
            boolean not = acceptKeyword("NOT");
            expectKeyword("IN");
            int open = at;
            ParenthesedExpressionList<Expression> list = operands();
            node(list, open, at - 1);
            InExpression in = new InExpression(left, list);
            in.setNot(not);
            node(in, first, at - 1);
            return in;
        }
        Expression comparison = comparison(left);
        node(comparison, first, at - 1);
        return comparison;
    }

    private Expression comparison(Expression left) {
        if (tokens.kind(at) != PlainTokens.SYMBOL) {
            throw NotSimple.INSTANCE;
        }
        String symbol = tokens.text(at);
        at++;
        Expression right = operand();
        return switch (symbol) {
            case "=" -> new EqualsTo(left, right);
            case "<>", "!=" -> new NotEqualsTo(symbol).withLeftExpression(left).withRightExpression(right);
            case "<" -> new MinorThan(left, right);
            case "<=" -> new MinorThanEquals(left, right);
            case ">" -> new GreaterThan(left, right);
            case ">=" -> new GreaterThanEquals(left, right);
            default -> throw NotSimple.INSTANCE;
        };
    }

    /** A column, {@code ?}, an integer or a string literal. */
    private Expression operand() {
        int token = at;
        switch (tokens.kind(at)) {
            case PlainTokens.WORD:
                return column();
            case PlainTokens.PARAMETER:
                at++;
                JdbcParameter parameter = new JdbcParameter(++parameters, false, "?");
                node(parameter, token, token);
                return parameter;
            case PlainTokens.NUMBER:
                at++;
                LongValue number = new LongValue(tokens.text(token));
                node(number, token, token);
                return number;
            case PlainTokens.STRING:
                at++;
                StringValue string = new StringValue(tokens.text(token));
                node(string, token, token);
                return string;
            default:
                throw NotSimple.INSTANCE;
        }
    }

    private boolean acceptSymbol(String symbol) {
        if (isSymbol(symbol)) {
            at++;
            return true;
        }
        return false;
    }

    /** A parse node from token {@code first} to token {@code last}, as JSqlParser's offsets count them (from 1). */
    private void node(ASTNodeAccess target, int first, int last) {
        Node node = new Node(0);
        Token begin = new Token();
        begin.absoluteBegin = tokens.start(first) + 1;
        begin.absoluteEnd = tokens.end(first) + 1;
        Token end = first == last ? begin : new Token();
        end.absoluteBegin = tokens.start(last) + 1;
        end.absoluteEnd = tokens.end(last) + 1;
        node.jjtSetFirstToken(begin);
        node.jjtSetLastToken(end);
        target.setASTNode(node);
    }
}
