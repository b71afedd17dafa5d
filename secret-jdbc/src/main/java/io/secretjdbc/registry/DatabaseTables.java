package io.secretjdbc.registry;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one way the library and its tools find a registry table in a database: through
 * {@link DatabaseMetaData}, in the connection's catalog, comparing names as the registry does (reference §4:
 * unquoted, case-insensitive, any schema). Since the registry ignores qualifiers, a table of that
 * name in <em>every</em> schema is a registry table, so every one is returned: the connection's
 * current schema first, then the others by name.
 */
public final class DatabaseTables {

    /** Table types a registry table can be stored as (PostgreSQL reports a partitioned parent apart). */
    private static final Set<String> STORED = Set.of("TABLE", "BASE TABLE", "PARTITIONED TABLE", "SYSTEM VERSIONED");

    /**
     * A table as the database names it.
     *
     * @param registryName the registry's (normalised) name
     * @param columns      the table's column names as stored, in column order
     */
    public record Found(String registryName, String catalog, String schema, String name, List<String> columns) {

        /** {@code "schema"."name"} quoted with the database's quote string ({@code "} or {@code `}). */
        public String sqlName(String quote) {
            return (schema == null || schema.isEmpty() ? "" : quote(schema, quote) + ".") + quote(name, quote);
        }

        /** The stored name of a column given in registry form, or null when the table lacks it. */
        public String column(String registryColumn) {
            for (String column : columns) {
                if (Identifiers.normalize(column).equals(registryColumn)) {
                    return column;
                }
            }
            return null;
        }
    }

    private DatabaseTables() {
    }

    /** Every table of the connection's catalog whose name is {@code registryName}; empty when there is none. */
    public static List<Found> find(Connection connection, String registryName) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String catalog = connection.getCatalog();
        String current = currentSchema(connection);
        List<Found> found = new ArrayList<>();
        try (ResultSet tables = meta.getTables(catalog, null, "%", null)) {
            while (tables.next()) {
                String type = tables.getString("TABLE_TYPE");
                String name = tables.getString("TABLE_NAME");
                if (type != null && STORED.contains(type.toUpperCase(java.util.Locale.ROOT))
                        && registryName.equals(Identifiers.normalize(name))) {
                    found.add(new Found(registryName, tables.getString("TABLE_CAT"), tables.getString("TABLE_SCHEM"),
                            name, null));
                }
            }
        }
        found.sort((a, b) -> {
            boolean aCurrent = current != null && current.equals(a.schema());
            boolean bCurrent = current != null && current.equals(b.schema());
            if (aCurrent != bCurrent) {
                return aCurrent ? -1 : 1;
            }
            return String.valueOf(a.schema()).compareTo(String.valueOf(b.schema()));
        });
        List<Found> withColumns = new ArrayList<>(found.size());
        for (Found table : found) {
            withColumns.add(new Found(registryName, table.catalog(), table.schema(), table.name(),
                    columns(meta, table)));
        }
        return withColumns;
    }

    /**
     * The tables of {@link #find} in the connection's current schema (all of them when the driver
     * reports no current schema, as SQLite's does): the ones an unqualified name can reach. More than
     * one means names that differ only in case or quoting, or several attached databases: the caller
     * cannot know which one the database will use.
     */
    public static List<Found> inCurrentSchema(Connection connection, String registryName) throws SQLException {
        String current = currentSchema(connection);
        List<Found> all = find(connection, registryName);
        if (current == null) {
            return all;
        }
        List<Found> here = new ArrayList<>();
        for (Found table : all) {
            if (current.equals(table.schema())) {
                here.add(table);
            }
        }
        return here;
    }

    /** The first of {@link #find}: the table an unqualified name reaches, or null. */
    public static Found findFirst(Connection connection, String registryName) throws SQLException {
        List<Found> all = find(connection, registryName);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<String> columns(DatabaseMetaData meta, Found table) throws SQLException {
        Map<Integer, String> ordered = new LinkedHashMap<>();
        String escape = meta.getSearchStringEscape();
        try (ResultSet columns = meta.getColumns(table.catalog(), pattern(table.schema(), escape),
                pattern(table.name(), escape), "%")) {
            int position = 0;
            while (columns.next()) {
                // Only this table: a pattern without an escape string may match a_b and axb alike.
                if (table.name().equals(columns.getString("TABLE_NAME"))) {
                    ordered.put(position++, columns.getString("COLUMN_NAME"));
                }
            }
        }
        return List.copyOf(ordered.values());
    }

    /** {@code _} and {@code %} are pattern characters to getColumns. */
    private static String pattern(String name, String escape) {
        if (name == null || escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private static String currentSchema(Connection connection) {
        try {
            return connection.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null; // a driver without schemas (SQLite answers null too)
        }
    }

    /** An identifier in the database's quotes, inner quotes doubled; as is when the database has none. */
    public static String quote(String identifier, String quote) {
        if (quote == null || quote.isBlank()) {
            return identifier;
        }
        String q = quote.strip();
        return q + identifier.replace(q, q + q) + q;
    }
}
