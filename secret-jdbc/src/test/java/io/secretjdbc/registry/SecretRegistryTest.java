package io.secretjdbc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRegistryTest {

    private static SecretRegistry runs() {
        return SecretRegistry.builder()
                .secretInput("Secret_Runs", "Secret")
                .secretOutput("secret_runs", "secret_output")
                .plain("secret_runs", "username")
                .secretInput("\"public\".\"credentials\"", "api.token")
                .build();
    }

    @Test
    void tableLookupIgnoresCaseQuotesAndQualifiers() {
        SecretRegistry registry = runs();

        for (String name : List.of("secret_runs", "SECRET_RUNS", "\"Secret_Runs\"", "`secret_runs`", "[secret_runs]",
                "public.secret_runs", "\"Public\".\"Secret_Runs\"", "main.Secret_Runs", "cat.sch.secret_runs")) {
            assertThat(registry.table(name)).as(name).isNotNull();
            assertThat(registry.table(name).name()).isEqualTo("secret_runs");
        }
        assertThat(registry.table("secret_run")).isNull();
        assertThat(registry.table("\"secret_runs_2\"")).isNull();
    }

    @Test
    void columnLookupIgnoresCaseQuotesAndTableQualifier() {
        SecretTable table = runs().table("secret_runs");

        for (String column : List.of("secret", "SECRET", "\"Secret\"", "`secret`", "[secret]", "r.secret",
                "secret_runs.\"SECRET\"", "public.secret_runs.secret")) {
            assertThat(table.isSecret(column)).as(column).isTrue();
            assertThat(table.secretColumn(column).qualifiedName()).isEqualTo("secret_runs.secret");
        }
        assertThat(table.isSecret("username")).isFalse();
        assertThat(table.secretColumn("nope")).isNull();
        assertThat(table.plainColumns()).containsExactly("username");
    }

    @Test
    void registryColumnLookupCombinesBoth() {
        SecretRegistry registry = runs();

        assertThat(registry.secretColumn("\"PUBLIC\".\"SECRET_RUNS\"", "[Secret_Output]").kind())
                .isEqualTo(SecretColumn.Kind.OUTPUT);
        assertThat(registry.secretColumn("credentials", "API_TOKEN").kind()).isEqualTo(SecretColumn.Kind.INPUT);
        assertThat(registry.secretColumn("credentials", "api.token")).as("a qualifier, not a nested id").isNull();
        assertThat(registry.secretColumn("unknown", "secret")).isNull();
        assertThat(registry.secretColumn("secret_runs", "username")).isNull();
    }

    @Test
    void kindGivesKestrasWord() {
        assertThat(SecretColumn.Kind.INPUT.word()).isEqualTo("input");
        assertThat(SecretColumn.Kind.OUTPUT.word()).isEqualTo("output");
    }

    @Test
    void sameColumnDeclaredTwiceKeepsTheFirstKindAndSecretBeatsPlain() {
        SecretRegistry registry = SecretRegistry.builder()
                .plain("t", "c")
                .secretOutput("t", "c")
                .secretInput("t", "C")
                .build();

        assertThat(registry.table("t").secretColumns()).hasSize(1);
        assertThat(registry.secretColumn("t", "c").kind()).isEqualTo(SecretColumn.Kind.OUTPUT);
        assertThat(registry.table("t").plainColumns()).isEmpty();
    }

    @Test
    void addAllMergesTablesAndColumns() {
        SecretRegistry other = SecretRegistry.builder()
                .secretOutput("secret_runs", "extra")
                .secretInput("secret_runs", "secret") // already there: the first declaration stays
                .plain("secret_runs", "note")
                .table("audit")
                .build();

        SecretRegistry merged = SecretRegistry.builder().addAll(runs()).addAll(other).build();

        assertThat(merged.tableNames()).containsExactly("secret_runs", "credentials", "audit");
        assertThat(merged.table("secret_runs").secretColumns()).extracting(SecretColumn::column)
                .containsExactly("secret", "secret_output", "extra");
        assertThat(merged.table("secret_runs").plainColumns()).containsExactly("username", "note");
        assertThat(merged.table("audit").secretColumns()).isEmpty();
    }

    @Test
    void addAllKeepsATableNameThatHoldsADot() throws Exception {
        SecretRegistry loaded = FlowLoader.load(List.of(), Path.of("."), Map.of()); // empty
        SecretRegistry dotted = SecretRegistry.builder().secretInput("\"sales.eu\"", "card").build();

        SecretRegistry merged = loaded.toBuilder().addAll(dotted).build();

        assertThat(merged.tableNames()).containsExactly("sales.eu");
        assertThat(merged.secretColumn("\"sales.eu\"", "card").qualifiedName()).isEqualTo("sales.eu.card");
    }

    @Test
    void toBuilderExtendsWithoutChangingTheOriginal() {
        SecretRegistry original = runs();

        SecretRegistry extended = original.toBuilder().secretInput("secret_runs", "more").build();

        assertThat(extended.secretColumn("secret_runs", "more")).isNotNull();
        assertThat(extended.secretColumn("secret_runs", "secret")).isNotNull();
        assertThat(original.secretColumn("secret_runs", "more")).isNull();
    }

    @Test
    void emptyRegistryAndImmutableViews() {
        assertThat(SecretRegistry.empty().isEmpty()).isTrue();
        assertThat(SecretRegistry.empty().table("x")).isNull();
        assertThat(SecretRegistry.builder().table("t").build().isEmpty()).isFalse();

        SecretRegistry registry = runs();
        assertThatThrownBy(() -> registry.tableNames().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> registry.table("secret_runs").secretColumns().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringNamesTablesAndColumnsOnly() {
        assertThat(runs().toString())
                .isEqualTo("SecretRegistry[secret_runs[secret, secret_output], credentials[api_token]]");
        assertThat(new SecretColumn("t", "c", SecretColumn.Kind.INPUT)).hasToString("t.c");
    }
}
