package io.secretjdbc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.config.SecretSettings.OnPlaintext;
import io.secretjdbc.config.SecretSettings.ReadMode;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class YamlConfigTest {

    private static final String KEY = ConfigTestSupport.CHECK_KEY;
    private static final UnaryOperator<String> AS_IS = UnaryOperator.identity();

    private static SourceValues parse(String yaml) throws SQLException {
        return YamlConfig.parse(yaml, "the configuration file /etc/x.yml", AS_IS);
    }

    @Test
    void readsTheSpecExample() throws Exception {
        SourceValues values = parse(String.join("\n",
                "kestra:",
                "  encryption:",
                "    secret-key: " + KEY,
                "secret-jdbc:",
                "  previous-keys: []",
                "  flows: [flows/]",
                "  tables:",
                "    dev.my_secret_flow: secret_runs",
                "  on-plaintext: fail",
                "  read: decrypt",
                ""));
        assertThat(values.key).isEqualTo(KEY);
        assertThat(values.keyName).isEqualTo("kestra.encryption.secret-key");
        assertThat(values.previousKeys).isEmpty();
        assertThat(values.flows).containsExactly("flows/");
        assertThat(values.tables).containsExactly(java.util.Map.entry("dev.my_secret_flow", "secret_runs"));
        assertThat(values.onPlaintext).isEqualTo(OnPlaintext.FAIL);
        assertThat(values.readMode).isEqualTo(ReadMode.DECRYPT);
        assertThat(values.allowUnwrap).isNull();
    }

    @Test
    void acceptsDottedKeysCommaStringsAndNestedNamespaces() throws Exception {
        SourceValues values = parse(String.join("\n",
                "kestra.encryption:",
                "  secret-key: " + KEY,
                "secret-jdbc.previous-keys: 'a, b ,,c'",
                "secret-jdbc.flows: one.yml",
                "secret-jdbc:",
                "  allow-unwrap: true",
                "  tables:",
                "    company.team:",
                "      flow_a: table_a",
                "    dev.flow_b: table_b",
                ""));
        assertThat(values.key).isEqualTo(KEY);
        assertThat(values.previousKeys).containsExactly("a", "b", "c");
        assertThat(values.flows).containsExactly("one.yml");
        assertThat(values.allowUnwrap).isTrue();
        assertThat(values.tables).containsOnly(java.util.Map.entry("company.team.flow_a", "table_a"),
                java.util.Map.entry("dev.flow_b", "table_b"));
    }

    @Test
    void kestraSettingsOutsideOursAreReadPast() throws Exception {
        SourceValues values = parse(String.join("\n",
                "datasources:",
                "  postgres:",
                "    url: jdbc:postgresql://postgres:5432/kestra",
                "kestra:",
                "  server:",
                "    basic-auth:",
                "      enabled: false",
                "  repository:",
                "    type: postgres",
                "  encryption:",
                "    secret-key: " + KEY,
                ""));
        assertThat(values.key).isEqualTo(KEY);
        assertThat(values.flows).isNull();
        assertThat(parse("").key).isNull();
        assertThat(parse("# only a comment\n").flows).isNull();
    }

    @Test
    void anUnknownKeyUnderSecretJdbcIsAnError() {
        assertThatThrownBy(() -> parse("secret-jdbc:\n  on-plaintxt: pass\n"))
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("Unknown setting secret-jdbc.on-plaintxt in the configuration file /etc/x.yml"
                        + " (did you mean on-plaintext?)")
                .hasMessageContaining("previous-keys, flows, tables, on-plaintext, read, allow-unwrap");
        assertThatThrownBy(() -> parse("secret-jdbc.key: " + KEY + "\n"))
                .hasMessageStartingWith("Unknown setting secret-jdbc.key")
                .message().doesNotContain(KEY);
    }

    @Test
    void badValuesNameTheSettingAndTheSource() {
        assertThatThrownBy(() -> parse("secret-jdbc:\n  read: plain\n"))
                .hasMessage("secret-jdbc.read in the configuration file /etc/x.yml is 'plain'; allowed values: decrypt, mask");
        assertThatThrownBy(() -> parse("secret-jdbc:\n  allow-unwrap: maybe\n"))
                .hasMessageContaining("allowed values: true, false");
        assertThatThrownBy(() -> parse("secret-jdbc:\n  tables: [a, b]\n"))
                .hasMessageContaining("secret-jdbc.tables in the configuration file /etc/x.yml must be a map");
        assertThatThrownBy(() -> parse("secret-jdbc:\n  on-plaintext: [fail]\n"))
                .hasMessageContaining("must be a single value");
        assertThatThrownBy(() -> parse("secret-jdbc: yes\n")).hasMessageContaining("must be a map");
        assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessageContaining("must be a YAML map");
    }

    @Test
    void aYamlErrorGivesTheLineButNeverQuotesTheText() {
        String yaml = "kestra:\n  encryption:\n    secret-key: " + KEY + "\n  bad: [unclosed\nsecret-jdbc: {}\n";
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("Cannot read the configuration file /etc/x.yml: ")
                .hasMessageContaining("(line ")
                .hasNoCause()
                .message().doesNotContain(KEY);
        assertThatThrownBy(() -> parse("secret-jdbc:\n  read: mask\n  read: decrypt\n"))
                .hasMessageContaining("line 3");
    }
}
