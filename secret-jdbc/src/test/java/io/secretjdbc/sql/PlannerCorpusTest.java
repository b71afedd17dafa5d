package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs src/test/resources/sql/corpus.tsv: one statement a line, {@code dialect TAB sql TAB expected}.
 * Expected is {@code pass}, {@code refuse: substring}, or space-separated facts:
 * {@code p=2,4} secret parameter indexes, {@code lit=N} secret literals, {@code res=1,3} decrypted result
 * columns (by index, known without metadata) or {@code res=*} (resolved against metadata),
 * {@code write=table} the write target, {@code first=table.column} the first secret write.
 */
class PlannerCorpusTest {

    private static final ColumnOrder ORDER = table -> table.toLowerCase().contains("secret_runs")
            ? List.of("id", "secret", "secret_output", "api_token", "username", "created")
            : List.of("id", "name", "password", "note");
    /** One planner per dialect of the corpus: each line is read by its database's lexical rules. */
    private static final Map<String, Planner> PLANNERS = Map.of(
            "any", new Planner(Registries.kestra(), ORDER, Dialect.UNKNOWN),
            "sqlite", new Planner(Registries.kestra(), ORDER, Dialect.SQLITE),
            "postgres", new Planner(Registries.kestra(), ORDER, Dialect.POSTGRESQL),
            "mariadb", new Planner(Registries.kestra(), ORDER, Dialect.MARIADB),
            "h2", new Planner(Registries.kestra(), ORDER, Dialect.H2));

    static List<Arguments> corpus() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (Corpus.Line line : Corpus.read()) {
            cases.add(Arguments.of(line.number(), line.dialect(), line.sql(), line.expected()));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} [{1}] {2}")
    @MethodSource("corpus")
    void plansAsExpected(int line, String dialect, String sql, String expected) throws SQLException {
        Plan plan = PLANNERS.get(dialect).plan(sql);
        if (expected.startsWith("refuse:")) {
            String text = expected.substring("refuse:".length()).trim();
            assertThatThrownBy(plan::checkAllowed).isInstanceOf(SQLException.class).hasMessageContaining(text);
            return;
        }
        plan.checkAllowed();
        if (expected.equals("pass")) {
            assertThat(plan.isPassThrough()).as("pass-through").isTrue();
            return;
        }
        String params = "";
        String literals = "0";
        String results = "";
        String write = null;
        String first = null;
        for (String fact : expected.split(" +")) {
            String[] kv = fact.split("=", 2);
            switch (kv[0]) {
                case "p" -> params = kv[1];
                case "lit" -> literals = kv[1];
                case "res" -> results = kv[1];
                case "write" -> write = kv[1];
                case "first" -> first = kv[1];
                case "plan" -> { }
                default -> throw new IllegalStateException("line " + line + ": unknown fact " + fact);
            }
        }
        assertThat(secretParameters(plan)).as("secret parameters").isEqualTo(params);
        assertThat(plan.secretLiteralCount()).as("secret literals").isEqualTo(Integer.parseInt(literals));
        if (results.equals("*")) {
            assertThat(plan.results()).as("results").isInstanceOf(ResultShapes.Starred.class);
        } else if (results.isEmpty()) {
            assertThat(plan.results()).as("results").isSameAs(ResultShape.NONE);
        } else {
            assertThat(plan.results()).as("results").isInstanceOf(ResultShapes.Fixed.class);
            assertThat(secretResults(plan.results().resolve(null))).as("decrypted result columns").isEqualTo(results);
        }
        if (write != null) {
            assertThat(plan.writeTarget()).as("write target").isNotNull();
            assertThat(plan.writeTarget().name()).isEqualTo(write);
        }
        if (first != null) {
            assertThat(plan.firstSecretWrite()).as("first secret write").isNotNull();
            assertThat(plan.firstSecretWrite().qualifiedName()).isEqualTo(first);
        }
        if (plan.hasSecretLiterals()) {
            String rendered = plan.render(v -> "CIPHER");
            assertThat(rendered).contains("'CIPHER'");
        }
    }

    private static String secretParameters(Plan plan) {
        StringJoiner j = new StringJoiner(",");
        for (int i = 1; i <= 40; i++) {
            if (plan.secretParameter(i) != null) {
                j.add(String.valueOf(i));
            }
        }
        return j.toString();
    }

    private static String secretResults(SecretColumn[] columns) {
        StringJoiner j = new StringJoiner(",");
        for (int i = 1; i < columns.length; i++) {
            if (columns[i] != null) {
                j.add(String.valueOf(i));
            }
        }
        return j.toString();
    }
}
