package io.secretjdbc.config;

import io.secretjdbc.config.SecretSettings.OnPlaintext;
import io.secretjdbc.config.SecretSettings.ReadMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the configuration YAML of reference §5 (the configuration file, or KESTRA_CONFIGURATION). It has
 * Kestra's shape, so keys may be nested ({@code kestra: encryption: secret-key:}) or dotted
 * ({@code kestra.encryption.secret-key:}) as Micronaut allows. Everything outside
 * {@code kestra.encryption.secret-key} and {@code secret-jdbc} is Kestra's and is read past; an
 * unknown key under {@code secret-jdbc} is an error, since a typo must not silently change behaviour.
 */
final class YamlConfig {

    private static final String[] KEY_PATH = {"kestra", "encryption", "secret-key"};
    private static final String KEY_NAME = "kestra.encryption.secret-key";

    private YamlConfig() {
    }

    /**
     * @param text     the YAML text
     * @param origin   where it came from, for messages ("the configuration file /x.yml", "KESTRA_CONFIGURATION")
     * @param resolver turns a flow location written in the text into an absolute or {@code classpath:} one
     */
    static SourceValues parse(String text, String origin, UnaryOperator<String> resolver) throws SQLException {
        Map<?, ?> root = loadMap(text, origin);
        SourceValues values = new SourceValues(origin);
        String in = " in " + origin;

        Object key = find(root, KEY_PATH, 0);
        if (key != null) {
            values.key = SettingsLoader.nonBlank(scalar(key, KEY_NAME + in));
            values.keyName = KEY_NAME;
        }
        checkSection(root, in);
        String section = SecretProperties.YAML_SECTION + ".";
        Object previous = section(root, SecretProperties.YAML_PREVIOUS_KEYS);
        if (previous != null) {
            values.previousKeys = list(previous, section + SecretProperties.YAML_PREVIOUS_KEYS + in);
            values.previousKeysName = section + SecretProperties.YAML_PREVIOUS_KEYS;
        }
        Object flows = section(root, SecretProperties.YAML_FLOWS);
        if (flows != null) {
            List<String> locations = list(flows, section + SecretProperties.YAML_FLOWS + in);
            if (locations != null) {
                List<String> resolved = new ArrayList<>(locations.size());
                for (String location : locations) {
                    resolved.add(resolver.apply(location));
                }
                values.flows = resolved;
            }
        }
        Object tables = section(root, SecretProperties.YAML_TABLES);
        if (tables != null) {
            String name = section + SecretProperties.YAML_TABLES + in;
            if (!(tables instanceof Map)) {
                throw SourceValues.configError(name + " must be a map of namespace.flow_id to table name,"
                        + " for example `dev.my_secret_flow: secret_runs`");
            }
            Map<String, String> mapping = new LinkedHashMap<>();
            flatten((Map<?, ?>) tables, "", mapping, name);
            values.tables = mapping;
        }
        Object onPlaintext = section(root, SecretProperties.YAML_ON_PLAINTEXT);
        if (onPlaintext != null) {
            String name = section + SecretProperties.YAML_ON_PLAINTEXT + in;
            values.onPlaintext = SourceValues.parseEnum(OnPlaintext.class, scalar(onPlaintext, name), name);
        }
        Object read = section(root, SecretProperties.YAML_READ);
        if (read != null) {
            String name = section + SecretProperties.YAML_READ + in;
            values.readMode = SourceValues.parseEnum(ReadMode.class, scalar(read, name), name);
        }
        Object unwrap = section(root, SecretProperties.YAML_ALLOW_UNWRAP);
        if (unwrap != null) {
            String name = section + SecretProperties.YAML_ALLOW_UNWRAP + in;
            values.allowUnwrap = unwrap instanceof Boolean
                    ? (Boolean) unwrap : SourceValues.parseBoolean(scalar(unwrap, name), name);
        }
        Object search = section(root, SecretProperties.YAML_SEARCH);
        if (search != null) {
            values.searchName = section + SecretProperties.YAML_SEARCH + in;
            values.search = SearchDeclarations.parseYaml(search, values.searchName);
        }
        return values;
    }

    private static Map<?, ?> loadMap(String text, String origin) throws SQLException {
        Object document;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(origin).build();
            document = new Load(settings).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            // Built from the problem and the position only: the exception's own message quotes a
            // snippet of the text, which may be the key's line. No cause attached, for the same reason.
            StringBuilder message = new StringBuilder("Cannot read ").append(origin).append(": ");
            message.append(e.getProblem() != null ? e.getProblem() : e.getContext());
            e.getProblemMark().or(e::getContextMark).ifPresent((Mark mark) -> message.append(" (line ")
                    .append(mark.getLine() + 1).append(", column ").append(mark.getColumn() + 1).append(')'));
            throw SourceValues.configError(message.toString());
        } catch (YamlEngineException e) {
            throw SourceValues.configError("Cannot read " + origin + ": it is not valid YAML");
        }
        if (document == null) {
            return Map.of();
        }
        if (!(document instanceof Map)) {
            throw SourceValues.configError("Cannot read " + origin + ": it must be a YAML map with `kestra:`"
                    + " and `secret-jdbc:` keys (see the README, Configuration)");
        }
        return (Map<?, ?>) document;
    }

    /** The value at a path, through nested maps or Micronaut-style dotted keys at any level; null if absent. */
    static Object find(Map<?, ?> map, String[] path, int from) {
        StringBuilder key = new StringBuilder();
        for (int i = from; i < path.length; i++) {
            if (i > from) {
                key.append('.');
            }
            key.append(path[i]);
            Object value = map.get(key.toString());
            if (value == null) {
                continue;
            }
            if (i == path.length - 1) {
                return value;
            }
            if (value instanceof Map) {
                Object found = find((Map<?, ?>) value, path, i + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Object section(Map<?, ?> root, String key) {
        return find(root, new String[] {SecretProperties.YAML_SECTION, key}, 0);
    }

    /** Every key under {@code secret-jdbc} must be known: a typo must fail, not be ignored. */
    private static void checkSection(Map<?, ?> root, String in) throws SQLException {
        Object section = root.get(SecretProperties.YAML_SECTION);
        if (section != null && !(section instanceof Map)) {
            throw SourceValues.configError(SecretProperties.YAML_SECTION + in + " must be a map with the keys "
                    + String.join(", ", SecretProperties.YAML_KNOWN));
        }
        if (section != null) {
            for (Object key : ((Map<?, ?>) section).keySet()) {
                checkKnown(String.valueOf(key), in);
            }
        }
        String dotted = SecretProperties.YAML_SECTION + ".";
        for (Object key : root.keySet()) {
            String name = String.valueOf(key);
            if (name.startsWith(dotted)) {
                checkKnown(name.substring(dotted.length()), in);
            }
        }
    }

    private static void checkKnown(String key, String in) throws SQLException {
        if (!SecretProperties.YAML_KNOWN.contains(key)) {
            String suggestion = SecretProperties.closest(key, SecretProperties.YAML_KNOWN);
            throw SourceValues.configError("Unknown setting " + SecretProperties.YAML_SECTION + "." + key + in
                    + (suggestion == null ? "" : " (did you mean " + suggestion + "?)")
                    + "; known settings under " + SecretProperties.YAML_SECTION + ": "
                    + String.join(", ", SecretProperties.YAML_KNOWN));
        }
    }

    private static String scalar(Object value, String name) throws SQLException {
        if (value instanceof Map || value instanceof List) {
            throw SourceValues.configError(name + " must be a single value, not a "
                    + (value instanceof Map ? "map" : "list"));
        }
        return String.valueOf(value);
    }

    /** A YAML list, or a comma-separated string, as reference §5 allows both. */
    private static List<String> list(Object value, String name) throws SQLException {
        if (value instanceof List) {
            List<String> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                if (item == null) {
                    continue;
                }
                String text = scalar(item, name + " entries").strip();
                if (!text.isEmpty()) {
                    out.add(text);
                }
            }
            return out;
        }
        List<String> out = SourceValues.commaList(scalar(value, name));
        return out == null ? List.of() : out;
    }

    /** Nested namespaces ({@code company: team: flow: table}) join with dots, like Kestra namespaces. */
    private static void flatten(Map<?, ?> map, String prefix, Map<String, String> out, String name)
            throws SQLException {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            if (entry.getValue() instanceof Map) {
                flatten((Map<?, ?>) entry.getValue(), key + ".", out, name);
            } else if (entry.getValue() == null) {
                throw SourceValues.configError(name + " maps " + key + " to nothing; give a table name");
            } else {
                out.put(key, scalar(entry.getValue(), name + " entry " + key).strip());
            }
        }
    }
}
