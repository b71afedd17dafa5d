package io.secretjdbc.config;

import io.secretjdbc.cache.BoundedCache;
import io.secretjdbc.config.SecretSettings.OnPlaintext;
import io.secretjdbc.config.SecretSettings.ReadMode;
import io.secretjdbc.crypto.KeyException;
import io.secretjdbc.crypto.Keyring;
import io.secretjdbc.registry.FlowException;
import io.secretjdbc.registry.FlowLoader;
import io.secretjdbc.registry.SecretRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads reference §5: connection properties, the configuration file, KESTRA_CONFIGURATION,
 * KESTRA_ENCRYPTION_SECRET_KEY.
 *
 * <p>Precedence is per setting, first wins, in that order: the first source that sets a setting
 * (key, previous-keys, flows, tables, on-plaintext, read, allow-unwrap, search) gives its whole value;
 * lists and maps are never merged across sources. A blank value counts as unset.
 *
 * <p>A pool calls the driver once per connection with the same properties, so loaded settings are
 * cached by everything they depend on except the contents of the flow files (see {@link SettingsKey}).
 */
public final class SettingsLoader {

    private static final BoundedCache<SettingsKey, Loaded> CACHE = new BoundedCache<>(64);

    /**
     * Settings, and why a connection may not use them: the message for a configuration that declares
     * no secret column, or null (tools that only need the keys may use them anyway).
     */
    private record Loaded(SecretSettings settings, String noSecretColumns) {
    }

    private SettingsLoader() {
    }

    /**
     * @param properties connection properties as the application passed them (not modified)
     * @param environment the process environment ({@code System.getenv()} in production)
     * @throws SQLException for a bad key, an unreadable flow file or configuration file, a bad value;
     *                      the message says what to fix and never echoes a key
     */
    public static ConnectionSettings load(Properties properties, Map<String, String> environment) throws SQLException {
        return load(properties, environment, null);
    }

    /**
     * As {@link #load(Properties, Map)}, adding a registry built in code to the one the flows give.
     *
     * @param codeRegistry tables and columns declared in code, or null
     */
    public static ConnectionSettings load(Properties properties, Map<String, String> environment,
            SecretRegistry codeRegistry) throws SQLException {
        return load(properties, environment, codeRegistry, true);
    }

    /**
     * As {@link #load(Properties, Map)} for tools that only use the keys (encrypt one value, check a
     * key) and open no connection: a configuration without secret columns is not an error there.
     */
    public static ConnectionSettings loadKeys(Properties properties, Map<String, String> environment)
            throws SQLException {
        return load(properties, environment, null, false);
    }

    private static ConnectionSettings load(Properties properties, Map<String, String> environment,
            SecretRegistry codeRegistry, boolean requireSecretColumns) throws SQLException {
        Properties input = properties == null ? new Properties() : properties;
        Map<String, String> env = environment == null ? Map.of() : environment;
        Map<String, String> own = ownProperties(input);
        Path workingDir = Path.of("").toAbsolutePath();

        ConfigFile configFile = ConfigFile.locate(nonBlank(own.get(SecretProperties.CONFIG)), env, workingDir);
        SettingsKey cacheKey = new SettingsKey(own,
                nonBlank(env.get(SecretProperties.ENV_CONFIG)),
                nonBlank(env.get(SecretProperties.ENV_KESTRA_CONFIGURATION)),
                nonBlank(env.get(SecretProperties.ENV_KEY)),
                configFile == null ? null : configFile.fingerprint(),
                workingDir.toString(),
                codeRegistry);
        Loaded loaded = CACHE.get(cacheKey);
        if (loaded == null) {
            // the one kept, if another connection raced: a pool's connections share one settings object
            loaded = CACHE.putIfAbsent(cacheKey, resolve(own, env, configFile, workingDir, codeRegistry));
        }
        if (requireSecretColumns && loaded.noSecretColumns() != null) {
            throw SourceValues.configError(loaded.noSecretColumns());
        }
        return new ConnectionSettings(loaded.settings(), delegateProperties(input));
    }

    /** Forgets cached settings; for tests and for tools that change flow files while running. */
    public static void clearCache() {
        CACHE.clear();
    }

    /**
     * reference §4: an encrypting driver with nothing to encrypt would store every value in the clear,
     * so a configuration that declares no secret column fails, saying what it found.
     */
    private static String noSecretColumns(SecretRegistry registry, List<String> flows) {
        if (registry.secretColumnCount() > 0) {
            return null;
        }
        String found = flows.isEmpty()
                ? "no flow files are configured (" + SecretProperties.FLOWS + " is not set, nor "
                        + SecretProperties.YAML_SECTION + "." + SecretProperties.YAML_FLOWS + " in a configuration file)"
                : registry.isEmpty()
                        ? "the flow locations " + String.join(", ", flows) + " hold no flow file (*.yml, *.yaml)"
                        : "the flow files in " + String.join(", ", flows) + " declare " + registry.tables().size()
                                + " tables and no input or output of type SECRET";
        return "The configuration declares no secret column: " + found
                + ". Point " + SecretProperties.FLOWS + " at the Kestra flow files whose SECRET inputs and outputs"
                + " name the columns to encrypt; without them every value would be stored in the clear.";
    }

    /** A copy of the input, defaults included, without {@code secret.*} and the key alias. */
    static Properties delegateProperties(Properties input) {
        Properties out = new Properties();
        for (String name : input.stringPropertyNames()) {
            out.setProperty(name, input.getProperty(name));
        }
        // Non-String values (HikariCP's addDataSourceProperty takes Object) are kept as they are.
        input.forEach(out::putIfAbsent);
        out.keySet().removeIf(name -> name instanceof String && SecretProperties.isOwn((String) name));
        return out;
    }

    /** Our own properties, checked for unknown names. Sorted, so that equal settings make equal cache keys. */
    private static Map<String, String> ownProperties(Properties input) throws SQLException {
        Map<String, String> own = new TreeMap<>();
        for (Map.Entry<Object, Object> entry : input.entrySet()) {
            if (entry.getKey() instanceof String && SecretProperties.isOwn((String) entry.getKey())) {
                own.put((String) entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        for (String name : input.stringPropertyNames()) {
            if (SecretProperties.isOwn(name)) {
                own.putIfAbsent(name, input.getProperty(name));
            }
        }
        for (Object name : input.keySet()) {
            if (name instanceof String) {
                SecretProperties.check((String) name, "property");
            }
        }
        for (String name : input.stringPropertyNames()) {
            SecretProperties.check(name, "property");
        }
        return own;
    }

    /**
     * The outcome of precedence: for each setting, the value of the first source that sets it.
     * {@code keyFrom} and {@code previousFrom} are whole sources, since key messages name them.
     */
    record Merged(SourceValues keyFrom, SourceValues previousFrom, List<String> flows, Map<String, String> tables,
            OnPlaintext onPlaintext, ReadMode readMode, Boolean allowUnwrap, SourceValues searchFrom) {
    }

    /** Precedence applied, nothing loaded: what {@link #load} would use (flow locations resolved). */
    static Merged merged(Properties properties, Map<String, String> environment) throws SQLException {
        Map<String, String> own = ownProperties(properties);
        Path workingDir = Path.of("").toAbsolutePath();
        ConfigFile configFile = ConfigFile.locate(nonBlank(own.get(SecretProperties.CONFIG)), environment, workingDir);
        return merge(sources(own, environment, configFile, workingDir));
    }

    /** The sources of reference §5 that are present, first wins. */
    private static List<SourceValues> sources(Map<String, String> own, Map<String, String> env, ConfigFile configFile,
            Path workingDir) throws SQLException {
        List<SourceValues> sources = new ArrayList<>(4);
        sources.add(fromProperties(own, workingDir));
        if (configFile != null) {
            sources.add(YamlConfig.parse(configFile.read(), configFile.origin(), configFile::resolve));
        }
        String kestraConfiguration = nonBlank(env.get(SecretProperties.ENV_KESTRA_CONFIGURATION));
        if (kestraConfiguration != null) {
            sources.add(YamlConfig.parse(kestraConfiguration,
                    "the environment variable " + SecretProperties.ENV_KESTRA_CONFIGURATION,
                    location -> SourceValues.resolveAgainst(location, workingDir)));
        }
        String envKey = nonBlank(env.get(SecretProperties.ENV_KEY));
        if (envKey != null) {
            SourceValues fromEnv = new SourceValues("the environment variable " + SecretProperties.ENV_KEY);
            fromEnv.nameSaysOrigin = true;
            fromEnv.key = envKey;
            fromEnv.keyName = SecretProperties.ENV_KEY;
            sources.add(fromEnv);
        }
        return sources;
    }

    private static Merged merge(List<SourceValues> sources) {
        SourceValues flows = first(sources, v -> v.flows != null);
        SourceValues tables = first(sources, v -> v.tables != null);
        SourceValues onPlaintext = first(sources, v -> v.onPlaintext != null);
        SourceValues read = first(sources, v -> v.readMode != null);
        SourceValues unwrap = first(sources, v -> v.allowUnwrap != null);
        SourceValues search = first(sources, v -> v.search != null);
        return new Merged(first(sources, v -> v.key != null), first(sources, v -> v.previousKeys != null),
                flows == null ? List.of() : flows.flows,
                tables == null ? Map.of() : tables.tables,
                onPlaintext == null ? OnPlaintext.FAIL : onPlaintext.onPlaintext,
                read == null ? ReadMode.DECRYPT : read.readMode,
                unwrap != null && unwrap.allowUnwrap, search);
    }

    private static Loaded resolve(Map<String, String> own, Map<String, String> env, ConfigFile configFile,
            Path workingDir, SecretRegistry codeRegistry) throws SQLException {
        Merged merged = merge(sources(own, env, configFile, workingDir));
        SecretSettings.Builder builder = SecretSettings.builder();
        SourceValues keyFrom = merged.keyFrom();
        SourceValues previousFrom = merged.previousFrom();
        if (keyFrom != null) {
            builder.keyring(keyring(keyFrom, previousFrom)).keySource(describe(keyFrom.keyName, keyFrom));
        } else if (previousFrom != null && !previousFrom.previousKeys.isEmpty()) {
            throw new SQLException(describe(previousFrom.previousKeysName, previousFrom)
                    + " sets previous keys but no key is configured: previous keys only decrypt; set "
                    + SecretProperties.KEY + " (or " + SecretProperties.ENV_KEY + ") to the key that encrypts",
                    SourceValues.SQL_STATE_KEY);
        }
        SecretRegistry registry = registry(merged.flows(), merged.tables(), workingDir, codeRegistry);
        SourceValues searchFrom = merged.searchFrom();
        if (searchFrom != null && registry.secretColumnCount() > 0) {
            // Without secret columns the connection fails below, with the more useful message.
            registry = SearchDeclarations.apply(registry, searchFrom.search, searchFrom.searchName);
        }
        SecretSettings settings = builder.registry(registry)
                .onPlaintext(merged.onPlaintext())
                .readMode(merged.readMode())
                .allowUnwrap(merged.allowUnwrap())
                .build();
        return new Loaded(settings, noSecretColumns(registry, merged.flows()));
    }

    private static SourceValues fromProperties(Map<String, String> own, Path workingDir) throws SQLException {
        SourceValues values = new SourceValues("the connection properties");
        values.nameSaysOrigin = true;
        String key = nonBlank(own.get(SecretProperties.KEY));
        String alias = nonBlank(own.get(SecretProperties.KEY_ALIAS));
        if (key != null && alias != null && !key.equals(alias)) {
            throw new SQLException("Both " + SecretProperties.KEY + " and its alias " + SecretProperties.KEY_ALIAS
                    + " are set, to different keys; keep one", SourceValues.SQL_STATE_KEY);
        }
        values.key = key != null ? key : alias;
        values.keyName = key != null ? SecretProperties.KEY : SecretProperties.KEY_ALIAS;
        values.previousKeys = SourceValues.commaList(nonBlank(own.get(SecretProperties.PREVIOUS_KEYS)));
        values.previousKeysName = SecretProperties.PREVIOUS_KEYS;
        List<String> flows = SourceValues.commaList(nonBlank(own.get(SecretProperties.FLOWS)));
        if (flows != null) {
            List<String> resolved = new ArrayList<>(flows.size());
            for (String location : flows) {
                resolved.add(SourceValues.resolveAgainst(location, workingDir));
            }
            values.flows = resolved;
        }
        String onPlaintext = nonBlank(own.get(SecretProperties.ON_PLAINTEXT));
        if (onPlaintext != null) {
            values.onPlaintext = SourceValues.parseEnum(OnPlaintext.class, onPlaintext, SecretProperties.ON_PLAINTEXT);
        }
        String read = nonBlank(own.get(SecretProperties.READ));
        if (read != null) {
            values.readMode = SourceValues.parseEnum(ReadMode.class, read, SecretProperties.READ);
        }
        String search = nonBlank(own.get(SecretProperties.SEARCH));
        if (search != null) {
            values.searchName = SecretProperties.SEARCH;
            values.search = SearchDeclarations.parseProperty(search, SecretProperties.SEARCH);
        }
        String unwrap = nonBlank(own.get(SecretProperties.ALLOW_UNWRAP));
        if (unwrap != null) {
            values.allowUnwrap = SourceValues.parseBoolean(unwrap, SecretProperties.ALLOW_UNWRAP);
        }
        return values;
    }

    private static Keyring keyring(SourceValues keySource, SourceValues previousSource) throws SQLException {
        try {
            return previousSource == null
                    ? Keyring.fromBase64(keySource.key, keySource.keyName, List.of())
                    : Keyring.fromBase64(keySource.key, keySource.keyName, previousSource.previousKeys,
                            previousSource.previousKeysName);
        } catch (KeyException e) {
            // Which source is wrong is worth saying: the same name can be set in several places.
            // No cause: the message is all there is, and it never holds the key.
            SourceValues failed = previousSource != null
                    && e.getMessage().startsWith(previousSource.previousKeysName + "[") ? previousSource : keySource;
            throw new SQLException(failed.nameSaysOrigin ? e.getMessage() : e.getMessage() + " (set in " + failed.origin + ")",
                    SourceValues.SQL_STATE_KEY);
        }
    }

    /** "secret.key", "KESTRA_ENCRYPTION_SECRET_KEY", "kestra.encryption.secret-key in the configuration file /x.yml". */
    private static String describe(String name, SourceValues source) {
        return source.nameSaysOrigin ? name : name + " in " + source.origin;
    }

    private static SecretRegistry registry(List<String> flows, Map<String, String> tables, Path workingDir,
            SecretRegistry codeRegistry) throws SQLException {
        SecretRegistry fromFlows = SecretRegistry.empty();
        if (!flows.isEmpty()) {
            try {
                fromFlows = FlowLoader.load(flows, workingDir, tables);
            } catch (FlowException e) {
                throw new SQLException(e.getMessage(), SourceValues.SQL_STATE_CONFIG, e);
            }
        }
        if (codeRegistry == null || codeRegistry.isEmpty()) {
            return fromFlows;
        }
        // A table declared in both adds up, as two flows mapping to it do.
        return fromFlows.isEmpty() ? codeRegistry : SecretRegistry.builder().addAll(fromFlows).addAll(codeRegistry).build();
    }

    private static SourceValues first(List<SourceValues> sources, java.util.function.Predicate<SourceValues> sets) {
        for (SourceValues source : sources) {
            if (sets.test(source)) {
                return source;
            }
        }
        return null;
    }

    /** Null for null, empty or blank: an unset environment variable is often set to "". */
    static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
