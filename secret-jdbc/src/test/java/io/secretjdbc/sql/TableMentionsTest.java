package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The anchored textual search finds every case and quoting of a name, and only whole words. */
class TableMentionsTest {

    private static final TableMentions MENTIONS = new TableMentions(SecretRegistry.builder()
            .secretInput("secret_runs", "secret")
            .secretInput("credentials", "password")
            .secretInput("kiss", "s") // only letters that are never anchors: the character-by-character path
            .secretInput("t1", "v")
            .build());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "secret_runs|secret_runs",
        "SELECT * FROM secret_runs|secret_runs",
        "SELECT * FROM SECRET_RUNS|secret_runs",
        "SELECT * FROM SeCrEt_RuNs x|secret_runs",
        "SELECT * FROM \"Secret_Runs\"|secret_runs",
        "SELECT * FROM `secret_runs`|secret_runs",
        "SELECT * FROM [secret_runs]|secret_runs",
        "SELECT * FROM main.secret_runs|secret_runs",
        "SELECT * FROM x,credentials|credentials",
        "UPDATE CREDENTIALS SET a = 1|credentials",
        "SELECT * FROM KISS|kiss",
        "select * from Kiss where 1|kiss",
        "SELECT * FROM T1|t1",
        "SELECT $secret_runs|secret_runs",
        "SELECT * FROM secret_runs_archive|",
        "SELECT * FROM my_secret_runs|",
        "SELECT * FROM credentials2|",
        "SELECT * FROM kisses|",
        "SELECT * FROM t10|",
        "SELECT 1|",
        "|",
    })
    void findsWholeWordsInAnyCase(String sql, String expected) {
        assertThat(MENTIONS.firstMentioned(sql == null ? "" : sql)).isEqualTo(expected);
    }
}
