package io.secretjdbc.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The tables the generator writes and reads: the two registry tables of src/test/resources/flows and two
 * plain ones. {@code shadow} is plain but has columns named like secret ones, to test that a column is
 * resolved through its table and not by its name alone.
 */
final class Schema {

    enum Kind { INT, SECRET, PLAIN }

    record Column(String name, Kind kind) {
        boolean isText() {
            return kind != Kind.INT;
        }

        CaseBuilder.Role role() {
            return kind == Kind.SECRET ? CaseBuilder.Role.SECRET : CaseBuilder.Role.PLAIN;
        }
    }

    record Table(String name, List<Column> columns, String ddl) {
        boolean isRegistry() {
            return columns.stream().anyMatch(c -> c.kind() == Kind.SECRET);
        }

        List<Column> text() {
            return columns.stream().filter(Column::isText).toList();
        }

        Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        }
    }

    static final Table SECRET_RUNS = new Table("secret_runs", List.of(
            new Column("id", Kind.INT), new Column("username", Kind.PLAIN), new Column("secret", Kind.SECRET),
            new Column("secret_output", Kind.SECRET), new Column("api_token", Kind.SECRET)),
            "CREATE TABLE secret_runs (id INTEGER PRIMARY KEY, username TEXT, secret TEXT, secret_output TEXT,"
                    + " api_token TEXT)");
    static final Table CREDENTIALS = new Table("credentials", List.of(
            new Column("id", Kind.INT), new Column("name", Kind.PLAIN), new Column("password", Kind.SECRET),
            new Column("note", Kind.PLAIN)),
            "CREATE TABLE credentials (id INTEGER PRIMARY KEY, name TEXT UNIQUE, password TEXT, note TEXT)");
    static final Table AUDIT = new Table("audit", List.of(
            new Column("id", Kind.INT), new Column("msg", Kind.PLAIN)),
            "CREATE TABLE audit (id INTEGER PRIMARY KEY, msg TEXT)");
    static final Table SHADOW = new Table("shadow", List.of(
            new Column("id", Kind.INT), new Column("secret", Kind.PLAIN), new Column("password", Kind.PLAIN)),
            "CREATE TABLE shadow (id INTEGER PRIMARY KEY, secret TEXT, password TEXT)");

    static final List<Table> TABLES = List.of(SECRET_RUNS, CREDENTIALS, AUDIT, SHADOW);

    private Schema() {
    }

    static Table anyTable(Random r) {
        // Registry tables twice as often: they are what the planner must get right.
        int i = r.nextInt(6);
        return i < 2 ? SECRET_RUNS : i < 4 ? CREDENTIALS : i == 4 ? AUDIT : SHADOW;
    }

    /**
     * A table name as an application might spell it: cased, quoted, schema-qualified. SQLite also takes a
     * single-quoted string where only a name can stand (a table after FROM, INTO, UPDATE; a schema before
     * the dot): {@code INSERT INTO 'main'.'secret_runs'} writes the registry table.
     */
    static String tableName(Table t, Random r) {
        String name = cased(t.name(), r);
        String quoted = quoted(name, r);
        return switch (r.nextInt(14)) {
            case 0 -> "main." + quoted;
            case 1 -> quoted("main", r) + "." + quoted;
            case 2 -> "MAIN." + name;
            case 3 -> "'" + name + "'";
            case 4 -> "'main'." + quoted;
            case 5 -> quoted("main", r) + ".'" + name + "'";
            default -> quoted;
        };
    }

    static String columnName(String column, Random r) {
        return quoted(cased(column, r), r);
    }

    /**
     * A column where only a name can stand (an INSERT column list, the target of a SET), where SQLite
     * reads {@code 'secret'} as the column too.
     */
    static String targetName(String column, Random r) {
        String name = cased(column, r);
        return r.nextInt(10) == 0 ? "'" + name + "'" : quoted(name, r);
    }

    static String cased(String name, Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> name.toUpperCase(Locale.ROOT);
            case 1 -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
            case 2 -> {
                StringBuilder s = new StringBuilder();
                for (char c : name.toCharArray()) {
                    s.append(r.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                yield s.toString();
            }
            default -> name;
        };
    }

    static String quoted(String name, Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "\"" + name + "\"";
            case 1 -> "`" + name + "`";
            case 2 -> "[" + name + "]";
            default -> name;
        };
    }
}
