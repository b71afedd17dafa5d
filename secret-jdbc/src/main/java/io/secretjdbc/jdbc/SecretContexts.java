package io.secretjdbc.jdbc;

import io.secretjdbc.config.SecretSettings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One {@link SecretContext} per settings object and database, so that the connections of a pool (whose
 * settings the config layer caches) share one plan cache, while two databases never share a table's
 * column order. Keyed by the settings' identity, entries go when the settings do; per settings, the
 * least recently used databases beyond {@link #DATABASES_PER_SETTINGS} are dropped, so an application
 * that opens many SQLite files with one configuration does not keep a plan cache per file forever
 * (connections already open keep theirs).
 */
public final class SecretContexts {

    static final int DATABASES_PER_SETTINGS = 64;

    private static final Map<SecretSettings, Map<String, SecretContext>> CONTEXTS = new WeakHashMap<>();

    private SecretContexts() {
    }

    /** @param database what identifies the database, e.g. the delegate URL */
    public static SecretContext forDatabase(SecretSettings settings, String database) {
        synchronized (CONTEXTS) {
            return CONTEXTS.computeIfAbsent(settings, s -> leastRecentlyUsed())
                    .computeIfAbsent(database, d -> new SecretContext(settings));
        }
    }

    private static Map<String, SecretContext> leastRecentlyUsed() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SecretContext> eldest) {
                return size() > DATABASES_PER_SETTINGS;
            }
        };
    }
}
