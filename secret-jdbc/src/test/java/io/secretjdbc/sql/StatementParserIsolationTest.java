package io.secretjdbc.sql;

import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.statement.update.Update;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing of one parse may reach the next. JSqlParser's {@code ReInit} (a tempting way to save the
 * parser's construction on a plan miss) keeps the parser's {@code ?} counter, so the first {@code ?}
 * of the next statement is numbered after the last one of the previous: a secret column would then be
 * mapped to the wrong parameter and its value sent unencrypted. These tests fail if any such reuse,
 * or any other state carried between parses, creeps into {@link StatementParser} or {@link Planner}.
 */
class StatementParserIsolationTest {

    private static final String UPDATE = "UPDATE secret_runs SET secret = ? WHERE id = ?";

    private static int firstSetParameterIndex(String sql) {
        StatementParser.Parsed parsed = StatementParser.parse(sql);
        assertThat(parsed).as("parsed").isNotNull();
        Update update = (Update) parsed.statement();
        return ((JdbcParameter) update.getUpdateSets().get(0).getValues().get(0)).getIndex();
    }

    @Test
    void parameterNumberingStartsAtOneForEveryStatement() {
        assertThat(StatementParser.parse("INSERT INTO audit (a, b, c, d) VALUES (?, ?, ?, ?)")).isNotNull();
        assertThat(firstSetParameterIndex(UPDATE)).isEqualTo(1);
        assertThat(firstSetParameterIndex(UPDATE)).isEqualTo(1);
    }

    @Test
    void aStatementThatFailsToParseLeavesNothingForTheNext() {
        // Fails in simple and complex parsing both, with parameters already counted and brackets open.
        assertThat(StatementParser.parse("SELECT ?, ?, ((( ? FROM audit WHERE")).isNull();
        assertThat(StatementParser.parse("SELECT [a], ? FROM audit WHERE [b] = ( ?")).isNull();
        assertThat(firstSetParameterIndex(UPDATE)).isEqualTo(1);

        Planner planner = new Planner(Registries.kestra());
        assertThat(planner.plan("UPDATE secret_runs SET secret = ?, ((( ? WHERE").isRefused()).isTrue();
        assertThat(PlannerTest.secretParams(planner.plan(UPDATE))).isEqualTo("1=secret_runs.secret");
    }

    @Test
    void aHugeStatementThenASmallOne() {
        StringBuilder huge = new StringBuilder("SELECT id FROM secret_runs WHERE id IN (?");
        for (int i = 1; i < 5_000; i++) {
            huge.append(", ?");
        }
        huge.append(") AND username = ?");
        Planner planner = new Planner(Registries.kestra());
        Plan big = planner.plan(huge.toString());
        assertThat(big.isRefused()).isFalse();
        assertThat(PlannerTest.secretParams(big)).isEmpty();
        assertThat(PlannerTest.secretParams(planner.plan(UPDATE))).isEqualTo("1=secret_runs.secret");
        assertThat(PlannerTest.secretParams(planner.plan("INSERT INTO credentials (id, name, password) VALUES (?, ?, ?)")))
                .isEqualTo("3=credentials.password");
    }

    /**
     * Two threads plan, on one planner, statements of new shapes (a new alias each time, so each one is
     * parsed) whose secret parameter sits at different positions: any parser or analysis shared between
     * threads would sooner or later number one thread's parameters with the other's.
     */
    @Test
    void twoThreadsPlanningNewShapesAtOnce() throws Exception {
        Planner planner = new Planner(Registries.kestra());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            runs.add(pool.submit(planning(planner, "UPDATE secret_runs AS r_%s SET secret = ? WHERE r_%<s.id = ?",
                    "1=secret_runs.secret")));
            runs.add(pool.submit(planning(planner,
                    "INSERT INTO credentials (id, name, note, password) SELECT ?, ?, ?, ? FROM audit AS a_%s",
                    "4=credentials.password")));
            for (Future<Integer> run : runs) {
                assertThat(run.get(120, TimeUnit.SECONDS)).isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Callable<Integer> planning(Planner planner, String sql, String expected) {
        return () -> {
            int planned = 0;
            for (int i = 0; i < 300; i++) {
                // An alias of letters new each time: outside the literals, so a new shape, parsed each time.
                String each = String.format(sql, letters(i));
                assertThat(SqlText.lex(each, Dialect.UNKNOWN).shape()).contains(letters(i));
                Plan plan = planner.plan(each);
                assertThat(plan.isRefused()).as(each).isFalse();
                assertThat(PlannerTest.secretParams(plan)).as(each).isEqualTo(expected);
                planned++;
            }
            return planned;
        };
    }

    private static String letters(int n) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return s.toString();
    }
}
