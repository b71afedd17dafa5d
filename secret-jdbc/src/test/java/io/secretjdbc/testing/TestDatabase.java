package io.secretjdbc.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a test finds one database: the delegate (raw driver) URL and its credentials.
 *
 * @param backend  which kind of database this is
 * @param url      the raw driver's JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:55432/secretjdbc}
 * @param user     the user name, or {@code null} when the database needs none
 * @param password the password, or {@code null}; never printed by {@link #toString()}
 */
public record TestDatabase(Backend backend, String url, String user, String password) {

    public TestDatabase {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a JDBC URL starts with jdbc:, got " + url);
        }
    }

    /** The same database through secret-jdbc: {@code jdbc:secret:} + the URL without {@code jdbc:}. */
    public String secretUrl() {
        return "jdbc:secret:" + url.substring("jdbc:".length());
    }

    /** {@code user} and {@code password} as driver properties (absent ones left out). */
    public Properties credentials() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** A connection through the raw driver, bypassing secret-jdbc: what a test uses to look at stored bytes. */
    public Connection connectRaw() throws SQLException {
        return DriverManager.getConnection(url, credentials());
    }

    /** A connection through secret-jdbc (needs the driver and its settings to be in place). */
    public Connection connectSecret(Properties settings) throws SQLException {
        Properties properties = credentials();
        properties.putAll(settings);
        return DriverManager.getConnection(secretUrl(), properties);
    }

    /**
     * The same server with another database in the URL path, keeping host, port and parameters:
     * {@code jdbc:postgresql://h:1/a?x=y} with {@code b} gives {@code jdbc:postgresql://h:1/b?x=y}.
     */
    public TestDatabase withDatabase(String database) {
        if (!backend.isServer()) {
            throw new IllegalStateException(backend + " has no server databases to switch between");
        }
        int authority = url.indexOf("//");
        if (authority < 0) {
            throw new IllegalStateException("expected jdbc:<driver>://host:port/database, got " + url);
        }
        int pathStart = url.indexOf('/', authority + 2);
        int paramsStart = firstIndexOf(url, authority + 2, '?', ';');
        String hostPart;
        if (pathStart >= 0 && (paramsStart < 0 || pathStart < paramsStart)) {
            hostPart = url.substring(0, pathStart);
        } else {
            hostPart = paramsStart < 0 ? url : url.substring(0, paramsStart);
        }
        String params = paramsStart < 0 ? "" : url.substring(paramsStart);
        return new TestDatabase(backend, hostPart + "/" + database + params, user, password);
    }

    private static int firstIndexOf(String text, int from, char... candidates) {
        int first = -1;
        for (char candidate : candidates) {
            int index = text.indexOf(candidate, from);
            if (index >= 0 && (first < 0 || index < first)) {
                first = index;
            }
        }
        return first;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return backend + " " + url + (user == null ? "" : " as " + user);
    }
}
