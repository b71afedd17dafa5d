package io.secretjdbc.jdbc;

import io.secretjdbc.config.SecretSettings;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One {@link SecretContext} per settings object, so that the connections of a pool (whose settings the
 * config layer caches) share one plan cache. Keyed by identity; an entry goes when its settings do.
 */
public final class SecretContexts {

    private static final Map<SecretSettings, SecretContext> CONTEXTS = Collections.synchronizedMap(new WeakHashMap<>());

    private SecretContexts() {
    }

    public static SecretContext forSettings(SecretSettings settings) {
        return CONTEXTS.computeIfAbsent(settings, SecretContext::new);
    }
}
