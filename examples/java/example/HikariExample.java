package example;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A HikariCP pool configured with nothing but jdbcUrl and dataSourceProperties, as it would be in
 * application.yml. Run: mvn -q -pl secret-jdbc test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=example.HikariExample
 */
public class HikariExample {

    private static final String DEMO_KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";

    public static void main(String[] args) throws Exception {
        Path db = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("hikari-example", ".db");
        // The flows folder, relative to the repository root where the README runs this.
        String flows = args.length > 1 ? args[1] : "examples/flows";
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:secret:sqlite:" + db);
        config.addDataSourceProperty("secret.key", System.getenv().getOrDefault("SECRET_JDBC_KEY", DEMO_KEY));
        config.addDataSourceProperty("secret.flows", flows);
        config.setMaximumPoolSize(2);

        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS user_credentials "
                        + "(id INTEGER PRIMARY KEY, username TEXT, password TEXT, api_token TEXT)");
            }
            try (Connection c = pool.getConnection(); PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO user_credentials (username, password) VALUES (?, ?)")) {
                insert.setString(1, "bob");
                insert.setString(2, "hunter2");
                insert.executeUpdate();
            }
            try (Connection c = pool.getConnection(); PreparedStatement select = c.prepareStatement(
                    "SELECT username, password FROM user_credentials WHERE username = ?")) {
                select.setString(1, "bob");
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        System.out.println(rs.getString(1) + " -> password=" + rs.getString(2));
                    }
                }
            }
        }
    }
}
