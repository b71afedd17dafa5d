package io.secretjdbc.sql;

import io.secretjdbc.registry.Identifiers;
import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.registry.SecretTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names visible where an expression is evaluated: the sources of its FROM clause, the common
 * table expressions in force, and the enclosing scopes of a correlated subquery. Column resolution
 * fails closed: when a qualifier is unknown, a column name that is secret in any registry table is
 * taken as that secret column.
 */
final class Scope {

    /** A table, view or derived table in a FROM clause. */
    interface Source {
        String alias();

        /** The secret column that {@code column} of this source holds, or null. */
        SecretColumn secretColumn(String column);

        /** What {@code alias.*} expands to. */
        List<ResultItem> expand();
    }

    /** A named table: a registry table, or a plain one (then {@code table} is null). */
    record TableSource(String alias, SecretTable table) implements Source {
        @Override
        public SecretColumn secretColumn(String column) {
            return table == null ? null : table.secretColumn(column);
        }

        @Override
        public List<ResultItem> expand() {
            return List.of(table == null ? ResultItem.Star.PLAIN : new ResultItem.Star(List.of(table), List.of()));
        }
    }

    /** A subquery in FROM or a common table expression, described by its planned result items. */
    record DerivedSource(String alias, List<ResultItem> items) implements Source {
        @Override
        public SecretColumn secretColumn(String column) {
            String name = Identifiers.normalize(column);
            for (ResultItem item : items) {
                if (item instanceof ResultItem.Fixed f) {
                    if (name.equals(f.label())) {
                        return f.secret();
                    }
                } else {
                    ResultItem.Star s = (ResultItem.Star) item;
                    for (ResultItem.Fixed f : s.secretLabels()) {
                        if (name.equals(f.label())) {
                            return f.secret();
                        }
                    }
                    for (SecretTable t : s.tables()) {
                        SecretColumn c = t.secretColumn(name);
                        if (c != null) {
                            return c;
                        }
                    }
                }
            }
            return null;
        }

        @Override
        public List<ResultItem> expand() {
            return items;
        }
    }

    private final SecretRegistry registry;
    private final Scope parent;
    private final List<Source> sources = new ArrayList<>();
    private final Map<String, DerivedSource> ctes = new HashMap<>();
    /** Select-list aliases, which ORDER BY, GROUP BY and HAVING may refer to. */
    private final Map<String, SecretColumn> selectAliases = new HashMap<>();

    Scope(SecretRegistry registry, Scope parent) {
        this.registry = registry;
        this.parent = parent;
    }

    Scope child() {
        return new Scope(registry, this);
    }

    SecretRegistry registry() {
        return registry;
    }

    List<Source> sources() {
        return sources;
    }

    void addCte(String name, DerivedSource source) {
        ctes.put(Identifiers.normalize(name), source);
    }

    void addSelectAlias(String alias, SecretColumn secret) {
        if (secret != null) {
            selectAliases.put(Identifiers.normalize(alias), secret);
        }
    }

    /** The secret column a select alias of this scope names, or null. */
    SecretColumn selectAlias(String alias) {
        return selectAliases.get(Identifiers.normalize(alias));
    }

    /** The source a column reference reads, as {@link #resolve} finds it without select aliases; null if none. */
    Source sourceOf(net.sf.jsqlparser.schema.Column column) {
        return sourceOf(column.getTable() == null ? null : column.getTable().getName(), column.getColumnName());
    }

    /**
     * The one rule for which source a column reference reads, which {@link #resolve} and {@link #readsTable}
     * answer through too (so that a grouping key and the column it groups are compared by the same source):
     * the source its qualifier names, here or in an enclosing scope; unqualified, the first source, nearest
     * scope first, in which the name is a secret column. Null for an unknown qualifier, and for an
     * unqualified name that is secret in no source (a plain column: which source holds it is not known).
     */
    private Source sourceOf(String qualifier, String column) {
        if (qualifier != null) {
            return source(qualifier);
        }
        for (Scope s = this; s != null; s = s.parent) {
            for (Source source : s.sources) {
                if (source.secretColumn(column) != null) {
                    return source;
                }
            }
        }
        return null;
    }

    /** A FROM-clause table: a CTE of this or an enclosing scope, a registry table, or a plain table. */
    Source table(String tableName, String alias, boolean qualified) {
        String name = Identifiers.normalize(tableName);
        String as = alias == null ? name : Identifiers.normalize(alias);
        if (!qualified) {
            for (Scope s = this; s != null; s = s.parent) {
                DerivedSource cte = s.ctes.get(name);
                if (cte != null) {
                    return new DerivedSource(as, cte.items());
                }
            }
        }
        return new TableSource(as, tableAs(registry, tableName, alias));
    }

    /**
     * The registry table {@code tableName} is, refusing an alias that is the name of another registry
     * table: {@code UPDATE REPLACE credentials SET password = ...} reads to the parser as table REPLACE
     * aliased credentials, while its author (and the database's error) meant credentials.
     */
    static SecretTable tableAs(SecretRegistry registry, String tableName, String alias) {
        SecretTable table = registry.table(tableName);
        SecretTable aliased = alias == null ? null : registry.table(alias);
        if (aliased != null && aliased != table) {
            throw new Refusal((table == null ? "a table" : "table " + table.name()) + " is given as alias"
                    + " the name of secret table " + aliased.name() + ", so the"
                    + " statement's columns cannot be told apart safely. Use another alias.");
        }
        return table;
    }

    void add(Source source) {
        sources.add(source);
    }

    /** The source a qualifier names, here or in an enclosing scope, or null. */
    Source source(String qualifier) {
        String name = Identifiers.normalize(qualifier);
        for (Scope s = this; s != null; s = s.parent) {
            for (Source source : s.sources) {
                if (name.equals(source.alias())) {
                    return source;
                }
            }
        }
        return null;
    }

    /**
     * The secret column that a column reference reads, or null if it reads a plain one.
     *
     * @param qualifier the table or alias before the dot, or null
     */
    SecretColumn resolve(String qualifier, String column, boolean withSelectAliases) {
        if (qualifier == null && withSelectAliases) {
            SecretColumn aliased = selectAliases.get(Identifiers.normalize(column));
            if (aliased != null) {
                return aliased;
            }
        }
        Source source = sourceOf(qualifier, column);
        if (source != null) {
            return source.secretColumn(column);
        }
        return qualifier != null ? anyRegistryTable(column) : null;
    }

    /**
     * The secret column whose blind index column a reference names, or null: qualified, through the
     * table it names; unqualified, through any registry table in scope (a write target is refused then).
     */
    SecretColumn indexedBy(String qualifier, String column) {
        if (qualifier != null) {
            Source source = source(qualifier);
            return source instanceof TableSource t && t.table() != null ? t.table().indexedBy(column) : null;
        }
        for (Scope s = this; s != null; s = s.parent) {
            for (Source source : s.sources) {
                if (source instanceof TableSource t && t.table() != null && t.table().indexedBy(column) != null) {
                    return t.table().indexedBy(column);
                }
            }
        }
        return null;
    }

    /**
     * True when the column reference resolves, as {@link #resolve} does without select aliases, to a
     * secret column of a registry table itself (not of a derived table, CTE or alias): only there is
     * its blind index column next to it.
     */
    boolean readsTable(String qualifier, String column) {
        return sourceOf(qualifier, column) instanceof TableSource t && t.table() != null && t.secretColumn(column) != null;
    }

    /**
     * For an unqualified column reference that names no secret column: the first secret column of the source
     * it reads as a whole row, or null. PostgreSQL reads a name that is a table or alias in scope and no
     * column of it as the whole row ({@code SELECT c FROM creds c}, {@code c::text}, {@code row_to_json(c)}):
     * the row's secret columns then come back as ciphertext inside one value, or are compared. The columns
     * of a plain table are not known, so a source with secret columns is taken as such unless the name is
     * one of its declared plain columns.
     */
    SecretColumn wholeRow(String name) {
        String n = Identifiers.normalize(name);
        for (Scope s = this; s != null; s = s.parent) {
            for (Source source : s.sources) {
                if (n.equals(source.alias())) {
                    SecretColumn secret = firstSecret(source);
                    if (secret != null && !(source instanceof TableSource t && t.table().plainColumns().contains(n))) {
                        return secret;
                    }
                }
            }
        }
        return null;
    }

    /** The first secret column a source may hold, or null (a star over registry tables counts). */
    static SecretColumn firstSecret(Source source) {
        for (ResultItem item : source.expand()) {
            if (item instanceof ResultItem.Fixed f && f.secret() != null) {
                return f.secret();
            }
            if (item instanceof ResultItem.Star star && star.mayHoldSecrets()) {
                return star.firstSecret();
            }
        }
        return null;
    }

    /** Fail closed for an unknown qualifier: secret if secret in any registry table. */
    private SecretColumn anyRegistryTable(String column) {
        for (SecretTable t : registry.tables()) {
            SecretColumn c = t.secretColumn(column);
            if (c != null) {
                return c;
            }
        }
        return null;
    }
}
