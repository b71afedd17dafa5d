package io.secretjdbc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading real flow files through the registry layer's FlowLoader. */
class SettingsLoaderFlowsTest extends ConfigTestSupport {

    @TempDir
    Path dir;

    private static final String TINY_FLOW = String.join("\n",
            "id: tiny_flow",
            "namespace: dev",
            "inputs:",
            "  - id: token",
            "    type: SECRET",
            "  - id: label",
            "    type: STRING",
            "tasks: []",
            "outputs:",
            "  - id: api_key",
            "    type: SECRET",
            "    value: \"{{ inputs.token }}\"",
            "");

    @Test
    void flowsFromPropertiesBecomeTheRegistry() throws Exception {
        Path flow = write(dir.resolve("flows/tiny.yml"), TINY_FLOW);
        SecretSettings settings = load(props("secret.key", CHECK_KEY, "secret.flows", flow.getParent().toString()), Map.of());
        SecretColumn token = settings.registry().secretColumn("tiny_flow", "token");
        assertThat(token).isNotNull();
        assertThat(token.kind()).isEqualTo(SecretColumn.Kind.INPUT);
        assertThat(settings.registry().secretColumn("tiny_flow", "api_key").kind()).isEqualTo(SecretColumn.Kind.OUTPUT);
        assertThat(settings.registry().secretColumn("tiny_flow", "label")).isNull();
    }

    @Test
    void relativeFlowsAndTablesInAFileResolveAgainstItsFolder() throws Exception {
        write(dir.resolve("conf/flows/tiny.yml"), TINY_FLOW);
        Path config = write(dir.resolve("conf/secret-jdbc.yml"),
                "secret-jdbc:\n  flows: [flows/]\n  tables:\n    dev.tiny_flow: tiny_runs\n");
        SecretSettings settings = load(props("secret.config", config.toString()), Map.of());
        assertThat(settings.registry().secretColumn("tiny_runs", "token")).isNotNull();
        assertThat(settings.registry().table("tiny_flow")).isNull();
    }

    @Test
    void classpathConfigLoadsClasspathFlows() throws Exception {
        useTestClassPath();
        SecretSettings settings = load(props("secret.config", "classpath:config/classpath-config.yml"), Map.of());
        assertThat(settings.registry().secretColumn("tiny_runs", "api_key")).isNotNull();
    }

    @Test
    void flowsAndACodeRegistryAddUp() throws Exception {
        Path flow = write(dir.resolve("tiny.yml"), TINY_FLOW);
        SecretRegistry code = SecretRegistry.builder().secretInput("tiny_flow", "extra").secretInput("other", "pin").build();
        SecretSettings settings = SettingsLoader.load(props("secret.flows", flow.toString()), Map.of(), code).settings();
        assertThat(settings.registry().secretColumn("tiny_flow", "token")).isNotNull();
        assertThat(settings.registry().secretColumn("tiny_flow", "extra")).isNotNull();
        assertThat(settings.registry().secretColumn("other", "pin")).isNotNull();
    }

    @Test
    void aBrokenFlowFileFailsWithItsNameAndLine() throws Exception {
        Path flow = write(dir.resolve("broken.yml"), "id: broken\nnamespace: dev\ninputs:\n  - id: x\n    type: NOPE\n");
        assertThatThrownBy(() -> load(props("secret.flows", flow.toString()), Map.of()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("broken.yml")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }
}
