package io.secretjdbc.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "secret_runs                 | secret_runs",
            "Secret_Runs                 | secret_runs",
            "SECRET_RUNS                 | secret_runs",
            "\"Public\".\"My_Table\"     | my_table",
            "\"My_Table\"                | my_table",
            "`x`                         | x",
            "[x]                         | x",
            "[My Table]                  | my table",
            "schema.table                | table",
            "catalog.schema.Table        | table",
            "dbo.[Orders]                | orders",
            "`db`.`Orders`               | orders",
            "\"sales.eu\"                | sales.eu",
            "public.\"sales.eu\"         | sales.eu",
            "[a.b].[c.d]                 | c.d",
            "'  spaced  '                | spaced",
    })
    void normalize(String sql, String registryName) {
        assertThat(Identifiers.normalize(sql)).isEqualTo(registryName);
    }

    @Test
    void nullStaysNull() {
        assertThat(Identifiers.normalize(null)).isNull();
    }

    @Test
    void unquoteRemovesOneMatchingLevelOnly() {
        assertThat(Identifiers.unquote("\"x\"")).isEqualTo("x");
        assertThat(Identifiers.unquote("`x`")).isEqualTo("x");
        assertThat(Identifiers.unquote("[x]")).isEqualTo("x");
        assertThat(Identifiers.unquote("\"x`")).isEqualTo("\"x`");
        assertThat(Identifiers.unquote("\"")).isEqualTo("\"");
        assertThat(Identifiers.unquote("x")).isEqualTo("x");
    }
}
