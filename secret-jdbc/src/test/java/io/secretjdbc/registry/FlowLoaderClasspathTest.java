package io.secretjdbc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classpath:} locations, from folders (file: URLs) and from jars (jar: URLs), as in the runnable jar. */
class FlowLoaderClasspathTest {

    private static final String SECRET_FLOW = "id: %s\ninputs:\n  - id: s\n    type: SECRET\n";

    @TempDir
    Path dir;

    private static SecretRegistry load(String location) throws FlowException {
        return FlowLoader.load(List.of(location), Path.of("/does/not/matter"), Map.of());
    }

    /** Runs a load with the given class path as the thread context class loader, as an application server would. */
    private static SecretRegistry loadWith(String location, URL... classPath) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(classPath, null)) {
            thread.setContextClassLoader(loader);
            return load(location);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                if (entry.getValue() != null) {
                    out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private Path folder(String name, Map<String, String> files) throws IOException {
        Path root = dir.resolve(name);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            try (OutputStream out = Files.newOutputStream(path)) {
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return root;
    }

    @Test
    void classpathFile() throws Exception {
        SecretRegistry registry = load("classpath:flows/credentials.yml");

        assertThat(registry.tableNames()).containsExactly("credentials");
        assertThat(registry.secretColumn("credentials", "password")).isNotNull();
    }

    @Test
    void classpathFolderIsRecursiveAndSkipsOtherExtensions() throws Exception {
        SecretRegistry registry = load("classpath:registry/folder");

        assertThat(registry.tableNames()).containsExactly("users", "orders");
        assertThat(registry.secretColumn("orders", "card")).isNotNull();
        assertThat(registry.table("not_a_flow")).isNull();
    }

    @Test
    void leadingAndTrailingSlashesAndPrefixCaseDoNotMatter() throws Exception {
        assertThat(load("CLASSPATH:/registry/folder/").tableNames()).containsExactly("users", "orders");
    }

    @Test
    void missingClasspathResourceIsNamed() {
        assertThatThrownBy(() -> load("classpath:nowhere/flows/"))
                .isInstanceOf(FlowException.class)
                .hasMessageStartingWith("classpath:nowhere/flows: flow file or folder not found on the class path");
        assertThatThrownBy(() -> load("classpath:"))
                .isInstanceOf(FlowException.class)
                .hasMessageContaining("names no class path resource");
    }

    @Test
    void errorInAClasspathFolderNamesTheResourceAndLine() throws Exception {
        Path root = folder("cp", Map.of(
                "flows/good.yml", SECRET_FLOW.formatted("good"),
                "flows/team/bad.yaml", "id: bad\ninputs:\n  - id: x\n    type: SECRET\n  - id: y\n    type: LIST\n"));

        assertThatThrownBy(() -> loadWith("classpath:flows", root.toUri().toURL()))
                .isInstanceOf(FlowException.class)
                .hasMessageStartingWith("classpath:flows/team/bad.yaml:6: input 'y' has unknown type 'LIST'");
    }

    @Test
    void errorInASingleClasspathFileNamesIt() throws Exception {
        Path root = folder("cp", Map.of("one.yml", "namespace: dev\n"));

        assertThatThrownBy(() -> loadWith("classpath:one.yml", root.toUri().toURL()))
                .hasMessageStartingWith("classpath:one.yml:1: flow has no id");
    }

    @Test
    void folderInAJarIsReadSortedAndRecursively() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("flows/", null);
        entries.put("flows/z.yml", SECRET_FLOW.formatted("zulu"));
        entries.put("flows/sub/", null);
        entries.put("flows/sub/m.yaml", SECRET_FLOW.formatted("mike"));
        entries.put("flows/a.yml", SECRET_FLOW.formatted("alpha"));
        entries.put("flows/readme.txt", "not a flow");
        entries.put("flows/.hidden/h.yml", "broken: [");
        entries.put("flowsextra/x.yml", SECRET_FLOW.formatted("xray"));
        entries.put("other.yml", SECRET_FLOW.formatted("other"));
        URL jar = jar("flows.jar", entries).toUri().toURL();

        assertThat(loadWith("classpath:flows", jar).tableNames()).containsExactly("alpha", "mike", "zulu");
        assertThat(loadWith("classpath:flows/", jar).tableNames()).containsExactly("alpha", "mike", "zulu");
        assertThat(loadWith("classpath:flows/sub/m.yaml", jar).tableNames()).containsExactly("mike");
        assertThat(loadWith("classpath:other.yml", jar).tableNames()).containsExactly("other");
    }

    @Test
    void errorInAJarNamesTheEntryAndLine() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("flows/", null);
        entries.put("flows/bad.yml", "id: bad\n\ninputs: nope\n");
        URL jar = jar("bad.jar", entries).toUri().toURL();

        assertThatThrownBy(() -> loadWith("classpath:flows", jar))
                .isInstanceOf(FlowException.class)
                .hasMessageStartingWith("classpath:flows/bad.yml:3: inputs must be a list");
    }

    @Test
    void aFolderPresentInSeveralClassPathEntriesIsTheirUnionFirstEntryWinning() throws Exception {
        Path first = folder("first", Map.of(
                "flows/a.yml", SECRET_FLOW.formatted("from_first"),
                "flows/c.yml", SECRET_FLOW.formatted("charlie")));
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("flows/", null);
        entries.put("flows/a.yml", SECRET_FLOW.formatted("from_jar"));
        entries.put("flows/b.yml", SECRET_FLOW.formatted("bravo"));
        URL jar = jar("second.jar", entries).toUri().toURL();

        SecretRegistry registry = loadWith("classpath:flows", first.toUri().toURL(), jar);

        assertThat(registry.tableNames()).containsExactly("from_first", "bravo", "charlie");
    }

    @Test
    void classpathAndFileLocationsMix(@TempDir Path base) throws Exception {
        Files.writeString(base.resolve("local.yml"), SECRET_FLOW.formatted("local"));

        SecretRegistry registry = FlowLoader.load(List.of("classpath:flows/secret_runs.yml", "local.yml"), base, Map.of());

        assertThat(registry.tableNames()).containsExactly("secret_runs", "local");
    }
}
