package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretRegistry;
import java.util.List;

/**
 * The registry of the search tests: {@code users.email} with a blind index (default domain
 * {@code users.email}, normalized), {@code contacts.email} in the same domain (joins),
 * {@code accounts.token} in its own domain, and {@code users.ssn}, secret without an index.
 */
final class SearchRegistries {

    private SearchRegistries() {
    }

    static SecretRegistry search() {
        return SecretRegistry.builder()
                .secretInput("users", "email").secretInput("users", "ssn")
                .plain("users", "id").plain("users", "name")
                .secretInput("contacts", "email").plain("contacts", "id").plain("contacts", "user_id")
                .secretInput("accounts", "token").plain("accounts", "id")
                .blindIndex("users", "email", "email_bidx", List.of("trim", "lowercase"), null)
                .blindIndex("contacts", "email", "contact_bidx", List.of("trim", "lowercase"), "users.email")
                .blindIndex("accounts", "token", "token_bidx", List.of(), null)
                .build();
    }

    /**
     * The column orders of the search tables, as {@code SearchCorpusEndToEndTest} creates them, for an
     * INSERT without a column list: {@code users(id, email, ssn, name, email_bidx)},
     * {@code contacts(id, user_id, email, contact_bidx)}, {@code accounts(id, token, token_bidx)}.
     */
    static ColumnOrder columns(Dialect dialect) {
        return table -> {
            List<String> names = switch (io.secretjdbc.registry.Identifiers.normalize(table)) {
                case "users" -> List.of("id", "email", "ssn", "name", "email_bidx");
                case "contacts" -> List.of("id", "user_id", "email", "contact_bidx");
                case "accounts" -> List.of("id", "token", "token_bidx");
                default -> List.of();
            };
            // H2 reports unquoted names upper-cased, as the real database in SearchCorpusEndToEndTest does
            return dialect != Dialect.H2 ? names
                    : names.stream().map(n -> n.toUpperCase(java.util.Locale.ROOT)).toList();
        };
    }
}
