package example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Plain JDBC: the only secret-jdbc-specific line is the URL (and the two properties saying where the key
 * and the flows are). Run: java -cp target/secret-jdbc-cli.jar examples/java/example/QuickStart.java
 */
public class QuickStart {

    /** A demo key. Never hard-code a real one: generate it with `keygen` and pass it in the environment. */
    private static final String DEMO_KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";

    public static void main(String[] args) throws Exception {
        Path db = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("quickstart", ".db");
        // The flows folder, relative to the repository root where the README runs this.
        String flows = args.length > 1 ? args[1] : "examples/flows";
        Properties props = new Properties();
        props.setProperty("secret.key", System.getenv().getOrDefault("SECRET_JDBC_KEY", DEMO_KEY));
        props.setProperty("secret.flows", flows);

        // Before: jdbc:sqlite:<file>. After: jdbc:secret:sqlite:<file>.
        try (Connection c = DriverManager.getConnection("jdbc:secret:sqlite:" + db, props)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS user_credentials "
                        + "(id INTEGER PRIMARY KEY, username TEXT, password TEXT, api_token TEXT)");
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO user_credentials (username, password, api_token) VALUES (?, ?, ?)")) {
                insert.setString(1, "alice");
                insert.setString(2, "correct horse battery staple");
                insert.setString(3, "tok_live_123");
                insert.executeUpdate();
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT username, password, api_token FROM user_credentials")) {
                while (rs.next()) {
                    System.out.println(rs.getString("username") + " -> password=" + rs.getString("password")
                            + ", api_token=" + rs.getString("api_token"));
                }
            }
        }
        // What the database itself holds: ciphertext.
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = raw.createStatement().executeQuery("SELECT password FROM user_credentials")) {
            while (rs.next()) {
                System.out.println("stored: " + rs.getString(1));
            }
        }
    }
}
