package io.secretjdbc.attacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

/** Every {@code attacks/*.tsv} file on the test class path (every class-path root), parsed. */
final class AttackFiles {

    private AttackFiles() {
    }

    /** The .tsv files, sorted by name within each class-path root. */
    static List<Path> files() {
        List<Path> files = new ArrayList<>();
        try {
            Enumeration<URL> roots = AttackFiles.class.getClassLoader().getResources("attacks");
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if (!root.getProtocol().equals("file")) {
                    throw new IllegalStateException("attack files must be a folder on the class path, found " + root);
                }
                try (Stream<Path> listing = Files.list(Path.of(root.toURI()))) {
                    listing.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** All attacks of all files, in file order. */
    static List<Attack> all() {
        List<Attack> attacks = new ArrayList<>();
        for (Path file : files()) {
            attacks.addAll(read(file));
        }
        return attacks;
    }

    static List<Attack> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Attack> attacks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            attacks.add(Attack.parse(file.getFileName().toString(), i + 1, line));
        }
        return attacks;
    }
}
