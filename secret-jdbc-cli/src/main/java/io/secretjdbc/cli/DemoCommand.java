package io.secretjdbc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the README's first command. Writes three rows through {@code jdbc:secret:sqlite:},
 * then shows each secret value as the application reads it beside what the file actually holds, and
 * a statement that cannot work on ciphertext being refused.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Walk through secret-jdbc on an embedded SQLite file.",
                "Writes rows through the driver, shows the values read back beside the ciphertext stored, and a refused"
                        + " statement. Uses the configured key, else a new one for this run."
                        + " With --db, the table user_credentials in that file is dropped and recreated."})
final class DemoCommand extends CliCommand {

    static final String FLOWS = "classpath:demo/flows/demo.yml";
    static final String TABLE = "user_credentials";

    private static final String[][] ROWS = {
            {"alice", "correct-horse-battery", "tok_alice_7f3a9c"},
            {"bob", "hunter2", "tok_bob_52e1d0"},
            {"carol", "pa55word!", "tok_carol_b48f11"},
    };

    @Mixin
    KeyOptions keys;

    @Option(names = "--db", paramLabel = "PATH",
            description = "The SQLite file to use (default: a temporary file, deleted afterwards).")
    Path db;

    @Override
    int run() throws Exception {
        PrintWriter out = out();
        Properties properties = keys.toProperties(stdin());
        properties.setProperty("secret.flows", FLOWS);
        boolean generated = loadKeySettings(properties).settings().codec() == null;
        if (generated) {
            properties.setProperty("secret.key", KeygenCommand.newKey());
        }
        Path file = db != null ? db : Files.createTempFile("secret-jdbc-demo-", ".db");
        try {
            out.println("secret-jdbc demo");
            out.println();
            out.println("  database  " + file + (db == null ? " (temporary)" : ""));
            out.println("  flow      " + FLOWS + ": table " + TABLE + ", SECRET inputs password and api_token");
            out.println("  key       " + (generated
                    ? "none configured, so a new one was generated for this run (keygen makes one to keep)"
                    : "the configured key"));
            out.println();
            show(file, properties);
        } finally {
            if (db == null) {
                Files.deleteIfExists(file);
            }
        }
        return Main.OK;
    }

    private void show(Path file, Properties properties) throws SQLException {
        PrintWriter out = out();
        String secretUrl = "jdbc:secret:sqlite:" + file;
        Map<String, List<String>> read = new LinkedHashMap<>();
        try (Connection app = DriverManager.getConnection(secretUrl, properties)) {
            try (Statement ddl = app.createStatement()) {
                ddl.execute("DROP TABLE IF EXISTS " + TABLE);
                ddl.execute("CREATE TABLE " + TABLE + " (id INTEGER PRIMARY KEY, username TEXT NOT NULL,"
                        + " password TEXT, api_token TEXT)");
            }
            out.println("1. Written through " + secretUrl + " with a plain PreparedStatement:");
            out.println("     INSERT INTO " + TABLE + " (username, password, api_token) VALUES (?, ?, ?)");
            try (PreparedStatement insert = app.prepareStatement(
                    "INSERT INTO " + TABLE + " (username, password, api_token) VALUES (?, ?, ?)")) {
                for (String[] row : ROWS) {
                    insert.setString(1, row[0]);
                    insert.setString(2, row[1]);
                    insert.setString(3, row[2]);
                    insert.executeUpdate();
                }
            }
            out.println("   " + ROWS.length + " rows inserted.");
            out.println();
            try (Statement select = app.createStatement();
                 ResultSet rows = select.executeQuery("SELECT username, password, api_token FROM " + TABLE + " ORDER BY id")) {
                while (rows.next()) {
                    read.put(rows.getString(1), List.of(rows.getString(2), rows.getString(3)));
                }
            }
            out.println("2. Read back through the driver, beside what the file holds (read with plain jdbc:sqlite:):");
            out.println();
            stored(file, read).print(out, "   ");
            out.println();
            refused(app);
        }
        out.println();
        out.println("Same rows, same SQL, one changed URL. Next: `keygen` for a key to keep, then");
        out.println("`query --url jdbc:secret:sqlite:app.db --key-file key.txt --flows flows/ \"SELECT ...\"`.");
    }

    /** The table of step 2: each secret value as read through the driver and as stored. */
    private static TextTable stored(Path file, Map<String, List<String>> read) throws SQLException {
        TextTable table = new TextTable(List.of("username", "column", "read through jdbc:secret:", "stored in the file"));
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement select = raw.createStatement();
             ResultSet rows = select.executeQuery("SELECT username, password, api_token FROM " + TABLE + " ORDER BY id")) {
            while (rows.next()) {
                String user = rows.getString(1);
                List<String> plain = read.getOrDefault(user, List.of("?", "?"));
                table.add(List.of(user, "password", plain.get(0), rows.getString(2)));
                table.add(List.of("", "api_token", plain.get(1), rows.getString(3)));
            }
        }
        return table;
    }

    /** Step 3: equality on ciphertext cannot work (a fresh IV per value), so the driver refuses it. */
    private void refused(Connection app) {
        PrintWriter out = out();
        String sql = "SELECT username FROM " + TABLE + " WHERE password = 'hunter2'";
        out.println("3. A statement that cannot work on ciphertext is refused before it reaches the database:");
        out.println("     " + sql);
        List<String> found = new ArrayList<>();
        try (Statement select = app.createStatement(); ResultSet rows = select.executeQuery(sql)) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
            out.println("   NOT refused (this should not happen): " + found.size() + " rows");
        } catch (SQLException e) {
            out.println("   -> SQLException: " + e.getMessage());
        }
    }
}
