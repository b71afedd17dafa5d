package io.secretjdbc.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads Kestra flow files into a {@link SecretRegistry} (SPEC §4). */
public final class FlowLoader {

    private FlowLoader() {
    }

    /**
     * @param locations    flow files or folders (read recursively, {@code *.yml} and {@code *.yaml}),
     *                     each possibly prefixed with {@code classpath:}
     * @param baseDir      what relative locations resolve against (the configuration file's folder, or
     *                     the working directory)
     * @param tableMapping {@code namespace.id} to table name overrides (SPEC §5 {@code tables})
     * @throws FlowException naming the file and the line of what is wrong
     */
    public static SecretRegistry load(List<String> locations, Path baseDir, Map<String, String> tableMapping)
            throws FlowException {
        throw new UnsupportedOperationException("TODO");
    }
}
