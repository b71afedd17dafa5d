package io.secretjdbc.config;

import io.secretjdbc.registry.SecretRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loaded settings by what they were loaded from, least recently used first out. HikariCP calls
 * {@code connect} once per pooled connection with the same properties; this keeps a pool from
 * re-reading YAML and flow files per connection.
 *
 * <p>The key holds the {@code secret.*} properties, the three environment variables, the
 * configuration file's path, modification time and size, and the code registry (by identity). Flow
 * file contents are not in it: an edited flow file is picked up by a new set of properties, a
 * touched configuration file, or {@link SettingsLoader#clearCache()}.
 */
final class SettingsCache {

    /** What settings depend on. Holds key text: its toString never shows it. */
    record Key(Map<String, String> ownProperties, String envConfig, String envKestraConfiguration, String envKey,
            String configFingerprint, String workingDir, SecretRegistry codeRegistry) {
        @Override
        public String toString() {
            return "SettingsCache.Key[<masked>]";
        }
    }

    /**
     * Settings, and why a connection may not use them: the message for a configuration that declares
     * no secret column, or null (tools that only need the keys may use them anyway).
     */
    record Loaded(SecretSettings settings, String noSecretColumns) {
    }

    private final Map<Key, Loaded> entries;

    SettingsCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Loaded> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Loaded get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, Loaded loaded) {
        entries.put(key, loaded);
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}
