package io.secretjdbc.sql;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which parses {@link StatementParser} tries, and that skipping one never changes the outcome. */
class StatementParserTest {

    @Test
    void textThatOnlySimpleParsingRejectsIsParsedInComplexMode() {
        // JSqlParser 5.4's simple mode rejects an IN (subquery) inside CASE; complex mode parses it.
        String sql = "SELECT id FROM secret_runs WHERE id = 1 AND CASE WHEN username IS NULL THEN TRUE"
                + " ELSE username IN (SELECT x FROM y) END";
        assertThat(StatementParser.parse(sql)).isNotNull();
        assertThat(new Planner(Registries.kestra()).plan(sql).isRefused()).isFalse();
    }

    /** Text the token manager cannot read is not parsed again in complex mode, and is refused as before. */
    @Test
    void untokenizableTextIsStillUnparsedAndRefused() {
        Planner planner = new Planner(Registries.kestra());
        for (String sql : new String[] {
                "SELECT secret FROM secret_runs WHERE username = \u00a7",
                "UPDATE secret_runs SET secret = ? WHERE username = \u00a7 AND id = ?",
                "SELECT `secret FROM secret_runs"}) {
            assertThat(StatementParser.parse(sql)).as(sql).isNull();
            Plan plan = planner.plan(sql);
            assertThat(plan.isRefused()).as(sql).isTrue();
            assertThatThrownBy(plan::checkAllowed).as(sql).isInstanceOf(SQLException.class)
                    .hasMessageContaining("secret_runs").hasMessageNotContaining("\u00a7");
        }
    }

    /** [name] quoting changes how the text is tokenized: still tried after a lexical error without it. */
    @Test
    void squareBracketQuotingIsStillTriedAfterALexicalError() {
        // Without [name] quoting, the tokenizer meets "[" then text it cannot read as a token ("§" inside).
        String sql = "SELECT [odd\u00a7name] FROM audit";
        assertThat(StatementParser.parse(sql)).as(sql).isNotNull();
        assertThat(StatementParser.parse(sql).squareBrackets()).isTrue();
    }
}
