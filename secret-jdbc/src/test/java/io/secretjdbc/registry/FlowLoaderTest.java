package io.secretjdbc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowLoaderTest {

    @TempDir
    Path dir;

    private Path write(String relative, String yaml) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private SecretRegistry load(String... locations) throws FlowException {
        return FlowLoader.load(List.of(locations), dir, Map.of());
    }

    private static List<String> secretNames(SecretTable table) {
        return table.secretColumns().stream().map(SecretColumn::column).toList();
    }

    @Test
    void singleFileGivesOneTableWithSecretAndPlainColumns() throws Exception {
        write("flow.yml", """
                id: my_secret_flow
                namespace: dev
                inputs:
                  - id: secret
                    type: SECRET
                  - id: user
                    type: STRING
                outputs:
                  - id: secret_output
                    type: SECRET
                    value: "{{ inputs.secret }}"
                """);

        SecretRegistry registry = load("flow.yml");

        assertThat(registry.tableNames()).containsExactly("my_secret_flow");
        SecretTable table = registry.table("my_secret_flow");
        assertThat(secretNames(table)).containsExactly("secret", "secret_output");
        assertThat(table.secretColumn("secret").kind()).isEqualTo(SecretColumn.Kind.INPUT);
        assertThat(table.secretColumn("secret_output").kind()).isEqualTo(SecretColumn.Kind.OUTPUT);
        assertThat(table.secretColumn("secret").qualifiedName()).isEqualTo("my_secret_flow.secret");
        assertThat(table.plainColumns()).containsExactly("user");
        assertThat(table.isSecret("user")).isFalse();
    }

    @Test
    void absoluteLocationIgnoresBaseDir() throws Exception {
        Path file = write("abs/flow.yml", "id: abs\ninputs:\n  - id: s\n    type: SECRET\n");

        SecretRegistry registry = FlowLoader.load(List.of(file.toString()), dir.resolve("elsewhere"), Map.of());

        assertThat(registry.secretColumn("abs", "s")).isNotNull();
    }

    @Test
    void severalDocumentsInOneFileAreSeveralFlows() throws Exception {
        write("multi.yml", """
                id: first
                inputs:
                  - id: a
                    type: SECRET
                ---
                id: second
                namespace: dev
                outputs:
                  - id: b
                    type: SECRET
                ---
                """);

        SecretRegistry registry = load("multi.yml");

        assertThat(registry.tableNames()).containsExactly("first", "second");
        assertThat(registry.secretColumn("first", "a").kind()).isEqualTo(SecretColumn.Kind.INPUT);
        assertThat(registry.secretColumn("second", "b").kind()).isEqualTo(SecretColumn.Kind.OUTPUT);
    }

    @Test
    void folderIsReadRecursivelyWithBothExtensionsInSortedOrder() throws Exception {
        write("flows/b.yml", "id: bravo\ninputs:\n  - id: s\n    type: SECRET\n");
        write("flows/a/deep/c.yaml", "id: charlie\ninputs:\n  - id: s\n    type: SECRET\n");
        write("flows/a.YML", "id: alpha\ninputs:\n  - id: s\n    type: SECRET\n");
        write("flows/readme.md", "id: not: yaml: at all");
        write("flows/.hidden.yml", "this: [is not read");
        write("flows/.github/workflows/ci.yml", "name: CI\non: push\n");

        SecretRegistry registry = load("flows");

        // sorted by path relative to the folder: "a.YML" < "a/deep/c.yaml" < "b.yml"
        assertThat(registry.tableNames()).containsExactly("alpha", "charlie", "bravo");
    }

    @Test
    void folderWithTrailingSlashAndDotSegmentsWorks() throws Exception {
        write("flows/x.yml", "id: x\ninputs:\n  - id: s\n    type: SECRET\n");

        assertThat(load("./flows/").tableNames()).containsExactly("x");
        assertThat(load("flows/../flows").tableNames()).containsExactly("x");
    }

    @Test
    void nestedInputIdsBecomeUnderscoreColumns() throws Exception {
        write("nested.yml", """
                id: nested
                inputs:
                  - id: api.token
                    type: SECRET
                  - id: user.address.city
                    type: STRING
                """);

        SecretTable table = load("nested.yml").table("nested");

        assertThat(secretNames(table)).containsExactly("api_token");
        assertThat(table.isSecret("API_TOKEN")).isTrue();
        assertThat(table.plainColumns()).containsExactly("user_address_city");
    }

    @Test
    void tablesMappingRedirectsNamespaceIdCaseInsensitively() throws Exception {
        write("flow.yml", """
                id: My_Secret_Flow
                namespace: Dev
                inputs:
                  - id: secret
                    type: SECRET
                """);

        SecretRegistry registry = FlowLoader.load(List.of("flow.yml"), dir,
                Map.of("dev.my_secret_flow", "\"Public\".\"Secret_Runs\""));

        assertThat(registry.tableNames()).containsExactly("secret_runs");
        assertThat(registry.secretColumn("secret_runs", "secret").qualifiedName()).isEqualTo("secret_runs.secret");
        assertThat(registry.table("my_secret_flow")).isNull();
    }

    @Test
    void tablesMappingOfAnotherNamespaceMatchesNoFlowAndFailsTheLoad() throws Exception {
        write("flow.yml", "id: f\nnamespace: prod\ninputs:\n  - id: s\n    type: SECRET\n");

        // dev.f is not prod.f: the mapping would leave prod.f's columns under a name the user did not mean
        assertThatThrownBy(() -> FlowLoader.load(List.of("flow.yml"), dir, Map.of("dev.f", "other")))
                .isInstanceOf(FlowException.class)
                .hasMessageContaining("tables maps dev.f, but no flow file has that namespace.id");
        assertThat(FlowLoader.load(List.of("flow.yml"), dir, Map.of("prod.f", "other")).tableNames())
                .containsExactly("other");
    }

    @Test
    void flowWithoutNamespaceIsMappedByItsId() throws Exception {
        write("flow.yml", "id: lonely\ninputs:\n  - id: s\n    type: SECRET\n");

        SecretRegistry registry = FlowLoader.load(List.of("flow.yml"), dir, Map.of("LONELY", "t"));

        assertThat(registry.tableNames()).containsExactly("t");
    }

    @Test
    void twoFlowsMappedToOneTableAddUp() throws Exception {
        write("one.yml", "id: one\nnamespace: dev\ninputs:\n  - id: a\n    type: SECRET\n  - id: b\n    type: STRING\n");
        write("two.yml", "id: two\nnamespace: dev\ninputs:\n  - id: b\n    type: SECRET\noutputs:\n  - id: c\n    type: SECRET\n");

        SecretRegistry registry = FlowLoader.load(List.of("one.yml", "two.yml"), dir,
                Map.of("dev.one", "shared", "dev.two", "shared"));

        assertThat(registry.tableNames()).containsExactly("shared");
        SecretTable shared = registry.table("shared");
        assertThat(secretNames(shared)).containsExactly("a", "b", "c");
        // b is plain in one flow and secret in the other: secret wins, so it is encrypted
        assertThat(shared.plainColumns()).isEmpty();
    }

    @Test
    void twoFlowsWithTheSameIdInDifferentNamespacesAddUp() throws Exception {
        write("f.yml", """
                id: runs
                namespace: dev
                inputs:
                  - id: a
                    type: SECRET
                ---
                id: runs
                namespace: prod
                inputs:
                  - id: b
                    type: SECRET
                """);

        assertThat(secretNames(load("f.yml").table("runs"))).containsExactly("a", "b");
    }

    @Test
    void unknownKeysAnywhereAreReadPast() throws Exception {
        write("flow.yml", """
                id: extra
                namespace: dev
                someFutureKey: {whatever: [1, 2, 3]}
                concurrency:
                  limit: 1
                inputs:
                  - id: s
                    type: SECRET
                    displayName: Secret
                    required: true
                    validator: "^.*$"
                    dependsOn:
                      inputs: [x]
                    anotherNewField: 42
                outputs: []
                """);

        assertThat(secretNames(load("flow.yml").table("extra"))).containsExactly("s");
    }

    @Test
    void typesAreCaseInsensitiveAndEveryKestraTypeIsAccepted() throws Exception {
        StringBuilder yaml = new StringBuilder("id: all_types\ninputs:\n");
        for (String type : FlowParser.KNOWN_TYPES) {
            yaml.append("  - id: c_").append(type.toLowerCase()).append("\n    type: ").append(type.toLowerCase()).append('\n');
        }
        write("types.yml", yaml.toString());

        SecretTable table = load("types.yml").table("all_types");

        assertThat(secretNames(table)).containsExactly("c_secret");
        assertThat(table.plainColumns()).hasSize(FlowParser.KNOWN_TYPES.size() - 1);
    }

    @Test
    void oldKestraNameInsteadOfIdIsAccepted() throws Exception {
        write("old.yml", """
                id: legacy
                inputs:
                  - name: password
                    type: SECRET
                  - name: user
                    type: STRING
                """);

        SecretTable table = load("old.yml").table("legacy");

        assertThat(secretNames(table)).containsExactly("password");
        assertThat(table.plainColumns()).containsExactly("user");
    }

    @Test
    void yamlMergeKeysAndAnchorsAreApplied() throws Exception {
        write("anchors.yml", """
                id: anchored
                x-secret: &secret
                  type: SECRET
                inputs:
                  - <<: *secret
                    id: merged
                  - id: explicit
                    <<: *secret
                    type: STRING
                """);

        SecretTable table = load("anchors.yml").table("anchored");

        assertThat(secretNames(table)).containsExactly("merged");
        assertThat(table.plainColumns()).containsExactly("explicit");
    }

    @Test
    void flowWithoutInputsIsATableWithoutSecretColumns() throws Exception {
        write("plain.yml", "id: plain_only\ninputs:\noutputs: ~\ntasks: []\n");

        SecretRegistry registry = load("plain.yml");

        assertThat(registry.tableNames()).containsExactly("plain_only");
        assertThat(registry.table("plain_only").secretColumns()).isEmpty();
    }

    @Test
    void flowIdWithADotKeepsItInTheTableName() throws Exception {
        write("dotted.yml", "id: sales.eu\ninputs:\n  - id: s\n    type: SECRET\n");

        SecretRegistry registry = load("dotted.yml");

        assertThat(registry.tableNames()).containsExactly("sales.eu");
        assertThat(registry.table("\"sales.eu\"")).isNotNull();
        assertThat(registry.table("sales.eu")).as("unquoted, sales is a schema").isNull();
    }

    @Test
    void byteOrderMarkAndCommentsAreFine() throws Exception {
        write("bom.yml", "\uFEFF# comment\nid: bom\ninputs:\n  - id: s   # trailing comment\n    type: SECRET\n");

        assertThat(load("bom.yml").secretColumn("bom", "s")).isNotNull();
    }

    @Test
    void emptyFileAndEmptyLocationListGiveAnEmptyRegistry() throws Exception {
        write("empty.yml", "# nothing yet\n");

        assertThat(load("empty.yml").isEmpty()).isTrue();
        assertThat(FlowLoader.load(List.of(), dir, Map.of()).isEmpty()).isTrue();
        assertThat(FlowLoader.load(null, null, null).isEmpty()).isTrue();
    }

    @Test
    void kestraExampleWithTasksTriggersPluginDefaultsAndTemplates() throws Exception {
        Path example = Path.of("src/test/resources/registry/kestra_example.yml").toAbsolutePath();

        SecretRegistry registry = FlowLoader.load(List.of(example.toString()), dir, Map.of());

        SecretTable table = registry.table("payment_sync");
        assertThat(registry.tableNames()).containsExactly("payment_sync");
        assertThat(secretNames(table)).containsExactly("customer_card_number", "receipt_token");
        assertThat(table.secretColumn("receipt_token").kind()).isEqualTo(SecretColumn.Kind.OUTPUT);
        assertThat(table.plainColumns())
                .containsExactly("customer_name", "amount", "currency", "when", "settings", "status");
    }

    @Test
    void sharedFlowFilesHaveTheColumnsOtherTestsRelyOn() throws Exception {
        SecretRegistry registry = FlowLoader.load(List.of("classpath:flows/"), dir, Map.of());

        assertThat(registry.tableNames()).containsExactly("credentials", "secret_runs");
        assertThat(secretNames(registry.table("secret_runs"))).containsExactly("secret", "api_token", "secret_output");
        assertThat(registry.table("secret_runs").plainColumns()).containsExactly("username");
        assertThat(secretNames(registry.table("credentials"))).containsExactly("password");
        assertThat(registry.table("credentials").plainColumns()).containsExactly("name", "note");
    }
}
