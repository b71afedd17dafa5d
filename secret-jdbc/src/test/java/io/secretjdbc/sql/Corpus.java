package io.secretjdbc.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The SQL corpus, src/test/resources/sql/corpus.tsv: {@code dialect TAB sql TAB expected} per line. */
public final class Corpus {

    /** One statement of the corpus; {@code number} is its line in the file. */
    public record Line(int number, String dialect, String sql, String expected) {
    }

    private Corpus() {
    }

    /** Every statement, blank lines and {@code #} comments skipped. */
    public static List<Line> read() throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Corpus.class.getResourceAsStream("/sql/corpus.tsv"), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                if (parts.length != 3) {
                    throw new IllegalStateException("corpus.tsv line " + n + ": expected 3 tab-separated fields");
                }
                lines.add(new Line(n, parts[0], parts[1], parts[2].trim()));
            }
        }
        return lines;
    }
}
