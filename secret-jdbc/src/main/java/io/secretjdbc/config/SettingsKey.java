package io.secretjdbc.config;

import io.secretjdbc.registry.SecretRegistry;
import java.util.Map;

/**
 * What loaded settings depend on: the key of {@link SettingsLoader}'s cache. HikariCP calls
 * {@code connect} once per pooled connection with the same properties; the cache keeps a pool from
 * re-reading YAML and flow files per connection, and gives its connections one settings object.
 *
 * <p>It holds the {@code secret.*} properties, the three environment variables, the configuration
 * file's path, modification time and size, and the code registry (by identity). Flow file contents are
 * not in it: an edited flow file is picked up by a new set of properties, a touched configuration
 * file, or {@link SettingsLoader#clearCache()}. Holds key text: its toString never shows it.
 */
record SettingsKey(Map<String, String> ownProperties, String envConfig, String envKestraConfiguration, String envKey,
        String configFingerprint, String workingDir, SecretRegistry codeRegistry) {
    @Override
    public String toString() {
        return "SettingsKey[<masked>]";
    }
}
