package io.secretjdbc.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code query SQL}: one statement through the driver; rows as a table, CSV or JSON, or the update count. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run one SQL statement through the driver and print the rows.",
                "Secret columns are encrypted on write and decrypted on read. Prints the rows (table, csv or json)"
                        + " or the number of rows changed."})
final class QueryCommand extends CliCommand {

    enum Format { table, csv, json }

    @Mixin
    DatabaseOptions database;

    @Mixin
    KeyOptions keys;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned, default), csv or json.")
    Format format;

    @Parameters(index = "0", paramLabel = "SQL", description = "The SQL statement.")
    String sql;

    @Override
    int run() throws Exception {
        Properties properties = keys.toProperties(stdin());
        database.addTo(properties);
        try (Connection connection = DriverManager.getConnection(database.secretUrl(), properties);
             Statement statement = connection.createStatement()) {
            boolean isResultSet = statement.execute(sql);
            while (true) {
                if (isResultSet) {
                    try (ResultSet rows = statement.getResultSet()) {
                        print(rows);
                    }
                } else {
                    int count = statement.getUpdateCount();
                    if (count < 0) {
                        break;
                    }
                    printCount(count);
                }
                isResultSet = statement.getMoreResults();
            }
        }
        return Main.OK;
    }

    private void printCount(int count) {
        if (format == Format.json) {
            out().println("{\"updateCount\": " + count + "}");
        } else {
            out().println(count + (count == 1 ? " row" : " rows") + " affected");
        }
    }

    private void print(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int n = meta.getColumnCount();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            labels.add(meta.getColumnLabel(i));
        }
        PrintWriter out = out();
        switch (format) {
            case table -> {
                TextTable table = new TextTable(labels);
                while (rows.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        String value = rows.getString(i);
                        row.add(value == null ? "NULL" : value);
                    }
                    table.add(row);
                }
                table.print(out, "");
                out.println("(" + table.size() + (table.size() == 1 ? " row)" : " rows)"));
            }
            case csv -> {
                out.println(csvLine(labels));
                while (rows.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rows.getString(i));
                    }
                    out.println(csvLine(row));
                }
            }
            case json -> Json.print(out, json -> {
                json.beginArray();
                while (rows.next()) {
                    json.beginObject();
                    for (int i = 1; i <= n; i++) {
                        json.name(labels.get(i - 1));
                        Json.value(json, rows, i);
                    }
                    json.endObject();
                }
                json.endArray();
            });
        }
    }

    /** RFC 4180: quote when needed; NULL is an empty field. */
    static String csvLine(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (i > 0) {
                line.append(',');
            }
            if (v == null) {
                continue;
            }
            if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
                line.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                line.append(v);
            }
        }
        return line.toString();
    }
}
