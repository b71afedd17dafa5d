package io.secretjdbc.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretjdbc.registry.SecretRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 9 class 6, reference §4/§5/§7: a configuration under which the driver would encrypt nothing fails
 * the connection, naming the setting and what was found; a mistyped name of ours fails naming the
 * property it resembles, instead of being passed to the database and doing nothing.
 */
class NothingToEncryptTest extends ConfigTestSupport {

    private static final String FLOW = "id: creds\nnamespace: dev\ninputs:\n  - id: password\n    type: SECRET\n";

    @TempDir
    Path dir;

    private static SQLException connectFailure(Properties properties) {
        try {
            SettingsLoader.load(properties, Map.of());
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("the connection's settings loaded, but nothing would be encrypted");
    }

    @Test
    void aKeyAndNoFlowsFailsNamingTheSetting() {
        SQLException e = connectFailure(props("secret.key", CHECK_KEY));
        assertThat(e.getMessage()).contains("declares no secret column").contains("secret.flows is not set")
                .doesNotContain(CHECK_KEY);
        assertThat(e.getSQLState()).isEqualTo("08001");
    }

    @Test
    void anEmptyFolderFails() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        SQLException e = connectFailure(props("secret.key", CHECK_KEY, "secret.flows", empty.toString()));
        assertThat(e.getMessage()).contains("declares no secret column").contains(empty.toString())
                .contains("hold no flow file");
    }

    @Test
    void aFolderWithoutFlowFilesFails() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("notes"));
        write(folder.resolve("README.txt"), FLOW); // a flow's text, but not a *.yml / *.yaml file
        SQLException e = connectFailure(props("secret.key", CHECK_KEY, "secret.flows", folder.toString()));
        assertThat(e.getMessage()).contains("hold no flow file");
    }

    @Test
    void flowsWithoutASecretInputOrOutputFail() throws Exception {
        write(dir.resolve("plain.yml"), "id: plain\nnamespace: dev\ninputs:\n  - id: name\n    type: STRING\n");
        SQLException e = connectFailure(props("secret.key", CHECK_KEY, "secret.flows", dir.toString()));
        assertThat(e.getMessage()).contains("declare 1 tables and no input or output of type SECRET");
    }

    @Test
    void maskModeWithoutKeyStillNeedsFlows() {
        SQLException e = connectFailure(props("secret.read", "mask"));
        assertThat(e.getMessage()).contains("declares no secret column");
    }

    @Test
    void aFlowWithASecretColumnConnects() throws Exception {
        write(dir.resolve("creds.yml"), FLOW);
        SecretSettings settings = SettingsLoader.load(props("secret.key", CHECK_KEY, "secret.flows", dir.toString()),
                Map.of()).settings();
        assertThat(settings.registry().secretColumn("creds", "password")).isNotNull();
    }

    @Test
    void aRegistryBuiltInCodeCountsAsSecretColumns() throws Exception {
        SecretRegistry code = SecretRegistry.builder().secretInput("creds", "password").build();
        SecretSettings settings = SettingsLoader.load(props("secret.key", CHECK_KEY), Map.of(), code).settings();
        assertThat(settings.registry().secretColumnCount()).isEqualTo(1);
    }

    @Test
    void aTablesMappingToAnUnknownFlowFailsNamingIt() throws Exception {
        write(dir.resolve("flows/creds.yml"), FLOW);
        write(dir.resolve("secret-jdbc.yml"), "secret-jdbc:\n  flows: [flows]\n  tables:\n    dev.credz: secret_runs\n");
        SQLException e = connectFailure(props("secret.key", CHECK_KEY,
                "secret.config", dir.resolve("secret-jdbc.yml").toString()));
        assertThat(e.getMessage()).contains("tables maps dev.credz").contains("no flow file has that namespace.id");
    }

    @Test
    void theKeyToolsStillLoadWithoutFlows() throws Exception {
        // encrypt, decrypt and check-key open no database: for them no flows is not an error
        assertThat(SettingsLoader.loadKeys(props("secret.key", CHECK_KEY), Map.of()).settings().codec()).isNotNull();
    }

    @ParameterizedTest(name = "[{0}] resembles {1}")
    @CsvSource(delimiter = '|', value = {
            "secret_flows|secret.flows",
            "' secret.flows'|secret.flows",
            "'secret.flows '|secret.flows",
            "SECRET.FLOWS|secret.flows",
            "secret.kee|secret.key",
            "secret-key|secret.key",
            "secretFlows|secret.flows",
            "secret.previous_keys|secret.previous-keys",
            "kestra.encryption.secret_key|kestra.encryption.secret-key",
            "secret.onplaintext|secret.on-plaintext",
    })
    void aMistypedPropertyFailsNamingTheOneItResembles(String name, String resembled) throws Exception {
        write(dir.resolve("creds.yml"), FLOW);
        Properties properties = props("secret.key", CHECK_KEY, "secret.flows", dir.toString());
        properties.setProperty(name, name.toLowerCase().contains("key") ? randomKey() : dir.toString());
        SQLException e = connectFailure(properties);
        assertThat(e.getMessage()).contains("Unknown property").contains("did you mean " + resembled + "?")
                .doesNotContain(CHECK_KEY).doesNotContain(properties.getProperty(name));
    }

    @Test
    void delegatePropertiesThatResembleNoneOfOursPass() throws Exception {
        write(dir.resolve("creds.yml"), FLOW);
        Properties properties = props("secret.key", CHECK_KEY, "secret.flows", dir.toString(), "user", "app",
                "sslmode", "require", "secretary", "x", "loginTimeout", "5");
        assertThat(SettingsLoader.load(properties, Map.of()).delegateProperties())
                .containsOnlyKeys("user", "sslmode", "secretary", "loginTimeout");
    }
}
