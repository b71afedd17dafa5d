package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretRegistry;

/** The registry the planner tests use: two secret tables; {@code audit} is deliberately absent. */
final class Registries {

    private Registries() {
    }

    static SecretRegistry kestra() {
        return SecretRegistry.builder()
                .secretInput("secret_runs", "secret")
                .secretOutput("secret_runs", "secret_output")
                .secretInput("secret_runs", "api_token")
                .plain("secret_runs", "id").plain("secret_runs", "username").plain("secret_runs", "created")
                .secretInput("credentials", "password")
                .plain("credentials", "id").plain("credentials", "name").plain("credentials", "note")
                .build();
    }
}
