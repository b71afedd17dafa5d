package io.secretjdbc.jdbc;

import io.secretjdbc.config.SecretSettings;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link SecretContext} per settings object and database, so that the connections of a pool (whose
 * settings the config layer caches) share one plan cache, while two databases never share a table's
 * column order. Keyed by the settings' identity; entries go when the settings do.
 */
public final class SecretContexts {

    private static final Map<SecretSettings, Map<String, SecretContext>> CONTEXTS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private SecretContexts() {
    }

    /** @param database what identifies the database, e.g. the delegate URL */
    public static SecretContext forDatabase(SecretSettings settings, String database) {
        return CONTEXTS.computeIfAbsent(settings, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(database, d -> new SecretContext(settings));
    }
}
