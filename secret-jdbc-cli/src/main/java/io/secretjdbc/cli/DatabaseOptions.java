package io.secretjdbc.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import picocli.CommandLine.Option;

/** The database options shared by query, scan, migrate and rotate (a picocli mixin). */
final class DatabaseOptions {

    static final String SECRET_PREFIX = "jdbc:secret:";

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The database, with or without the jdbc:secret: prefix: jdbc:sqlite:app.db, jdbc:secret:postgresql://db/kestra, sqlite:app.db.")
    String url;

    @Option(names = "--flows", paramLabel = "PATHS",
            description = "Comma-separated Kestra flow files or folders that declare the SECRET columns (classpath: allowed).")
    String flows;

    @Option(names = {"-p", "--property"}, paramLabel = "NAME=VALUE",
            description = "A connection property for the driver (user, password, secret.on-plaintext, ...). Repeatable.")
    Map<String, String> properties = new LinkedHashMap<>();

    /** The URL through secret-jdbc: {@code jdbc:secret:...}. */
    String secretUrl() {
        return SECRET_PREFIX + delegatePart();
    }

    /** The URL of the wrapped driver, which sees the stored ciphertext: {@code jdbc:...}. */
    String rawUrl() {
        return "jdbc:" + delegatePart();
    }

    /** The URL without {@code jdbc:secret:} or {@code jdbc:}: {@code sqlite:app.db}. */
    private String delegatePart() {
        String u = url.strip();
        if (u.regionMatches(true, 0, SECRET_PREFIX, 0, SECRET_PREFIX.length())) {
            return u.substring(SECRET_PREFIX.length());
        }
        if (u.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return u.substring(5);
        }
        return u;
    }

    /** Adds {@code --flows} and the {@code -p} properties; what the key options already set stays. */
    void addTo(Properties target) {
        properties.forEach(target::putIfAbsent);
        if (flows != null) {
            target.setProperty("secret.flows", flows);
        }
    }
}
