package io.secretjdbc.testing;

/**
 * The four databases the conformance tests run on. SQLite and H2 run in the test JVM; PostgreSQL and
 * MariaDB are real servers handed to the tests through {@code SECRET_JDBC_TEST_<KEY>_URL},
 * {@code _USER} and {@code _PASSWORD} (environment variables or system properties of those names).
 */
public enum Backend {
    SQLITE("SQLite", null),
    H2("H2", null),
    POSTGRESQL("PostgreSQL", "PG"),
    MARIADB("MariaDB", "MARIADB");

    private final String displayName;
    private final String settingKey;

    Backend(String displayName, String settingKey) {
        this.displayName = displayName;
        this.settingKey = settingKey;
    }

    public String displayName() {
        return displayName;
    }

    /** True for the backends that need a running server (PostgreSQL, MariaDB). */
    public boolean isServer() {
        return settingKey != null;
    }

    /** The name of the setting that carries this server's JDBC URL, e.g. {@code SECRET_JDBC_TEST_PG_URL}. */
    public String urlSetting() {
        return setting("URL");
    }

    public String userSetting() {
        return setting("USER");
    }

    public String passwordSetting() {
        return setting("PASSWORD");
    }

    private String setting(String suffix) {
        if (settingKey == null) {
            throw new IllegalStateException(displayName + " runs embedded and has no server settings");
        }
        return "SECRET_JDBC_TEST_" + settingKey + "_" + suffix;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
