package io.secretjdbc.registry;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads Kestra flow files into a {@link SecretRegistry} (reference §4). */
public final class FlowLoader {

    private FlowLoader() {
    }

    /**
     * @param locations    flow files or folders (read recursively, {@code *.yml} and {@code *.yaml}),
     *                     each possibly prefixed with {@code classpath:}
     * @param baseDir      what relative locations resolve against (the configuration file's folder, or
     *                     the working directory)
     * @param tableMapping {@code namespace.id} to table name overrides (reference §5 {@code tables})
     * @throws FlowException naming the file and the line of what is wrong
     */
    public static SecretRegistry load(List<String> locations, Path baseDir, Map<String, String> tableMapping)
            throws FlowException {
        Map<String, String> mapping = normalizeMapping(tableMapping);
        Set<String> usedMappings = new HashSet<>();
        SecretRegistry.Builder builder = SecretRegistry.builder();
        ClassLoader loader = classLoader();
        int files = 0;
        if (locations != null) {
            for (String location : locations) {
                if (location == null || location.isBlank()) {
                    continue;
                }
                for (FlowFiles.FlowFile file : FlowFiles.find(location.trim(), baseDir, loader)) {
                    new FlowParser(file.name(), mapping, usedMappings, builder).parse(file.bytes());
                    files++;
                }
            }
        }
        for (String key : mapping.keySet()) {
            if (!usedMappings.contains(key)) {
                // A typo here would leave the flow's columns under the wrong table name, unencrypted.
                throw new FlowException("tables maps " + key + ", but no flow file has that namespace.id"
                        + " (" + files + " flow files read); fix the mapping or add the flow file");
            }
        }
        return builder.build();
    }

    /** Keys lower-cased for case-insensitive lookup; values in registry form (unquoted, unqualified). */
    private static Map<String, String> normalizeMapping(Map<String, String> tableMapping) throws FlowException {
        Map<String, String> mapping = new LinkedHashMap<>();
        if (tableMapping == null) {
            return mapping;
        }
        for (Map.Entry<String, String> entry : tableMapping.entrySet()) {
            String key = entry.getKey() == null ? "" : entry.getKey().trim().toLowerCase(Locale.ROOT);
            String table = entry.getValue() == null ? "" : Identifiers.normalize(entry.getValue());
            if (key.isEmpty() || table.isEmpty()) {
                throw new FlowException("tables: '" + entry.getKey() + "' -> '" + entry.getValue()
                        + "' is incomplete (map a flow's namespace.id to a table name)");
            }
            String before = mapping.putIfAbsent(key, table);
            if (before != null && !before.equals(table)) {
                throw new FlowException("tables: " + key + " is mapped to both " + before + " and " + table
                        + " (keys are compared case-insensitively; keep one)");
            }
        }
        return mapping;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : FlowLoader.class.getClassLoader();
    }
}
