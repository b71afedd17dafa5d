package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretRegistry;

/**
 * Turns SQL text into a {@link Plan}. Never throws for bad SQL: a refusal or parse failure is part of
 * the plan, so it is cached like any other outcome. Thread-safe.
 */
public final class Planner {

    public Planner(SecretRegistry registry) {
        throw new UnsupportedOperationException("TODO");
    }

    public Plan plan(String sql) {
        throw new UnsupportedOperationException("TODO");
    }
}
