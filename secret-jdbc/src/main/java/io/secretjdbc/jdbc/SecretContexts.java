package io.secretjdbc.jdbc;

import io.secretjdbc.cache.BoundedCache;
import io.secretjdbc.config.SecretSettings;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * One {@link SecretContext} per settings object and database, so that the connections of a pool (whose
 * settings the config layer caches) share one plan cache, while two databases never share a table's
 * column order. Keyed by the settings' identity, entries go when the settings do; per settings, at most
 * {@link #DATABASES_PER_SETTINGS} databases are kept (a {@link BoundedCache}, the least used go first), so an application
 * that opens many SQLite files with one configuration does not keep a plan cache per file forever
 * (connections already open keep theirs).
 */
public final class SecretContexts {

    static final int DATABASES_PER_SETTINGS = 64;

    private static final Map<SecretSettings, BoundedCache<String, SecretContext>> CONTEXTS = new WeakHashMap<>();

    private SecretContexts() {
    }

    /** @param database what identifies the database, e.g. the delegate URL */
    public static SecretContext forDatabase(SecretSettings settings, String database) {
        synchronized (CONTEXTS) {
            return CONTEXTS.computeIfAbsent(settings, s -> new BoundedCache<>(DATABASES_PER_SETTINGS))
                    .computeIfAbsent(database, d -> new SecretContext(settings));
        }
    }
}
