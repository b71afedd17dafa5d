package io.secretjdbc.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Turns one flow location (a file, a folder, or a {@code classpath:} resource of either kind) into the
 * flow files it names, with the name every error message uses. Folders are read recursively, only
 * {@code *.yml} and {@code *.yaml}, in sorted order so that results never depend on the file system.
 * Hidden files and folders (a name starting with {@code .}) are skipped: a flows folder that is a git
 * checkout holds {@code .github/workflows/*.yml}, which are YAML but not flows.
 */
final class FlowFiles {

    static final String CLASSPATH_PREFIX = "classpath:";

    /** One flow file: its display name ({@code path} or {@code classpath:path}) and its bytes. */
    record FlowFile(String name, byte[] bytes) {
    }

    private FlowFiles() {
    }

    static List<FlowFile> find(String location, Path baseDir, ClassLoader loader) throws FlowException {
        if (location.regionMatches(true, 0, CLASSPATH_PREFIX, 0, CLASSPATH_PREFIX.length())) {
            return fromClasspath(location.substring(CLASSPATH_PREFIX.length()), loader);
        }
        return fromFileSystem(location, baseDir);
    }

    // ---- file system -------------------------------------------------------------------------

    private static List<FlowFile> fromFileSystem(String location, Path baseDir) throws FlowException {
        Path base = baseDir != null ? baseDir : Path.of("").toAbsolutePath();
        Path path;
        try {
            path = base.resolve(location).normalize();
        } catch (InvalidPathException e) {
            throw new FlowException(location + ": not a valid path, " + e.getReason()
                    + " (check the flow location in secret.flows)");
        }
        if (Files.isDirectory(path)) {
            List<FlowFile> files = new ArrayList<>();
            for (Path file : yamlFilesUnder(path)) {
                files.add(new FlowFile(file.toString(), readFile(file)));
            }
            return files;
        }
        if (Files.isRegularFile(path)) {
            return List.of(new FlowFile(path.toString(), readFile(path)));
        }
        throw new FlowException(path + ": flow file or folder not found (check the flow location in secret.flows;"
                + " a relative location resolves against " + base + ")");
    }

    private static List<Path> yamlFilesUnder(Path root) throws FlowException {
        Map<String, Path> files = new TreeMap<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return !dir.equals(root) && isHidden(dir.getFileName().toString())
                                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String name = file.getFileName().toString();
                            if (attrs.isRegularFile() && isYaml(name) && !isHidden(name)) {
                                files.put(slashed(root.relativize(file)), file);
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new FlowException(root + ": cannot read the flow folder, " + e + " (check its permissions)");
        }
        return new ArrayList<>(files.values());
    }

    private static byte[] readFile(Path file) throws FlowException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FlowException(file + ": cannot read the flow file, " + e + " (check its permissions)");
        }
    }

    private static String slashed(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    // ---- class path --------------------------------------------------------------------------

    /**
     * A class path location may exist in several class path entries (a folder in target/classes and in
     * a jar). A file resource is the first one found, as {@code getResource} would give. A folder is
     * the union of all folders of that name, the first entry winning for a path found twice.
     */
    private static List<FlowFile> fromClasspath(String resource, ClassLoader loader) throws FlowException {
        String name = trimSlashes(resource.trim());
        String display = CLASSPATH_PREFIX + name;
        if (name.isEmpty()) {
            throw new FlowException(CLASSPATH_PREFIX + resource
                    + ": names no class path resource (give a file or a folder, such as classpath:flows/)");
        }
        List<URL> urls = resources(loader, name);
        if (urls.isEmpty()) {
            throw new FlowException(display + ": flow file or folder not found on the class path (check the"
                    + " flow location in secret.flows; a classpath: name is relative to the class path root)");
        }
        Map<String, byte[]> first = entries(urls.get(0), display);
        if (first.containsKey("")) {
            return List.of(new FlowFile(display, first.get("")));
        }
        Map<String, byte[]> all = new TreeMap<>(first);
        for (URL url : urls.subList(1, urls.size())) {
            Map<String, byte[]> more = entries(url, display);
            if (!more.containsKey("")) {
                more.forEach(all::putIfAbsent);
            }
        }
        List<FlowFile> files = new ArrayList<>();
        all.forEach((relative, bytes) -> files.add(new FlowFile(display + "/" + relative, bytes)));
        return files;
    }

    private static List<URL> resources(ClassLoader loader, String name) throws FlowException {
        try {
            List<URL> urls = Collections.list(loader.getResources(name));
            if (urls.isEmpty()) {
                // some class loaders only find a folder of a jar by its entry name, which ends in /
                urls = Collections.list(loader.getResources(name + "/"));
            }
            return urls;
        } catch (IOException e) {
            throw new FlowException(CLASSPATH_PREFIX + name + ": cannot search the class path, " + e
                    + " (check the class path)");
        }
    }

    /**
     * The flow files one class path URL holds: a single file under the key {@code ""}, or the YAML
     * files of a folder keyed by their path relative to it.
     */
    private static Map<String, byte[]> entries(URL url, String display) throws FlowException {
        try {
            switch (url.getProtocol()) {
                case "file":
                    return fileEntries(Path.of(url.toURI()));
                case "jar":
                    return jarEntries(url);
                default:
                    if (!isYaml(url.getPath())) {
                        throw new FlowException(display + ": cannot list a class path folder served by "
                                + url.getProtocol() + ": URLs (name the flow files one by one)");
                    }
                    return Map.of("", readUrl(url));
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new FlowException(display + ": cannot read the flow resource, " + e + " (check the class path)");
        }
    }

    private static Map<String, byte[]> fileEntries(Path path) throws FlowException, IOException {
        if (!Files.isDirectory(path)) {
            return Map.of("", Files.readAllBytes(path));
        }
        Map<String, byte[]> entries = new TreeMap<>();
        for (Path file : yamlFilesUnder(path)) {
            entries.put(slashed(path.relativize(file)), Files.readAllBytes(file));
        }
        return entries;
    }

    private static Map<String, byte[]> jarEntries(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            return Map.of("", readUrl(url));
        }
        // an uncached JarFile is ours to close; the cached one is shared with the class loader
        jarConnection.setUseCaches(false);
        try (JarFile jar = jarConnection.getJarFile()) {
            JarEntry entry = jar.getJarEntry(jarConnection.getEntryName());
            if (entry == null) {
                throw new IOException("no entry " + jarConnection.getEntryName());
            }
            if (!entry.isDirectory()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    return Map.of("", in.readAllBytes());
                }
            }
            String prefix = entry.getName().endsWith("/") ? entry.getName() : entry.getName() + "/";
            Map<String, byte[]> entries = new TreeMap<>();
            for (JarEntry candidate : Collections.list(jar.entries())) {
                String name = candidate.getName();
                if (candidate.isDirectory() || !name.startsWith(prefix) || !isYaml(name)) {
                    continue;
                }
                String relative = name.substring(prefix.length());
                if (hasHiddenPart(relative)) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(candidate)) {
                    entries.put(relative, in.readAllBytes());
                }
            }
            return entries;
        }
    }

    private static byte[] readUrl(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    // ---- names -------------------------------------------------------------------------------

    static boolean isYaml(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yml") || lower.endsWith(".yaml");
    }

    private static boolean isHidden(String name) {
        return name.startsWith(".");
    }

    private static boolean hasHiddenPart(String relative) {
        for (String part : relative.split("/")) {
            if (isHidden(part)) {
                return true;
            }
        }
        return false;
    }

    private static String trimSlashes(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) == '/') {
            start++;
        }
        while (end > start && name.charAt(end - 1) == '/') {
            end--;
        }
        return name.substring(start, end);
    }
}
