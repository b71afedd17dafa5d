package io.secretjdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The search corpus ({@code search/corpus.tsv}, reference §6 "Search"): per line a dialect, the number of
 * keys, a statement, and either the exact text the driver sends ({@code '<index k>'} and
 * {@code '<ciphertext>'} standing for rendered literals) with the parameter mapping
 * ({@code delegate<-application[:enc|:idxK]}), or {@code !!} and a fragment of the refusal.
 */
class SearchCorpusTest {

    record Line(int number, Dialect dialect, int keys, String sql, String expected, String mapping) {
        @Override
        public String toString() {
            return "line " + number + " [" + dialect + ", " + keys + " keys] " + sql;
        }
    }

    static List<Line> lines() throws IOException {
        List<Line> out = new ArrayList<>();
        try (InputStream in = SearchCorpusTest.class.getResourceAsStream("/search/corpus.tsv")) {
            String[] all = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < all.length; i++) {
                String line = all[i];
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < 4) {
                    throw new IllegalStateException("corpus line " + (i + 1) + " has " + f.length + " fields");
                }
                out.add(new Line(i + 1, Dialect.valueOf(f[0]), Integer.parseInt(f[1]), f[2].replace("\\n", "\n"),
                        f[3], f.length > 4 ? f[4] : ""));
            }
        }
        return out;
    }

    static Stream<Line> corpus() throws IOException {
        return lines().stream();
    }

    @Test
    void theCorpusIsLargeAndCoversEveryDialect() throws IOException {
        List<Line> lines = lines();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(120);
        for (Dialect d : List.of(Dialect.SQLITE, Dialect.POSTGRESQL, Dialect.MARIADB, Dialect.H2)) {
            assertThat(lines).as(d.name()).anyMatch(l -> l.dialect() == d);
        }
        assertThat(lines).anyMatch(l -> l.expected().startsWith("!!")).anyMatch(l -> !l.expected().startsWith("!!"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void planned(Line line) {
        Planner planner = new Planner(SearchRegistries.search(), SearchRegistries.columns(line.dialect()), line.dialect(), ViewCatalog.NONE, line.keys());
        Plan plan = planner.plan(line.sql());
        if (line.expected().startsWith("!!")) {
            assertThat(plan.isRefused()).as("refused").isTrue();
            SQLException e = refusal(plan);
            assertThat(e.getMessage()).contains(line.expected().substring(2).strip());
            return;
        }
        assertThat(plan.isRefused()).as(() -> "refused: " + refusal(plan).getMessage()).isFalse();
        if (line.expected().equals("==")) {
            assertThat(plan.search()).as("no rewrite").isNull();
            return;
        }
        assertThat(plan.search()).as("rewritten").isNotNull();
        assertThat(plan.searchTemplate()).isEqualTo(line.expected());
        assertThat(plan.search().mapping()).isEqualTo(line.mapping());
    }

    private static SQLException refusal(Plan plan) {
        try {
            plan.checkAllowed();
        } catch (SQLException e) {
            return e;
        }
        return new SQLException("not refused");
    }
}
