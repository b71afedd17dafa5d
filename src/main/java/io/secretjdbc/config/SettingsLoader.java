package io.secretjdbc.config;

import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** Reads SPEC §5: connection properties, the configuration file, KESTRA_CONFIGURATION, KESTRA_ENCRYPTION_SECRET_KEY. */
public final class SettingsLoader {

    private SettingsLoader() {
    }

    /**
     * @param properties connection properties as the application passed them (not modified)
     * @param environment the process environment ({@code System.getenv()} in production)
     * @throws SQLException for a bad key, an unreadable flow file or configuration file, a bad value;
     *                      the message says what to fix and never echoes a key
     */
    public static ConnectionSettings load(Properties properties, Map<String, String> environment) throws SQLException {
        throw new UnsupportedOperationException("TODO");
    }
}
