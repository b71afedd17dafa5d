package io.secretjdbc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.registry.BlindIndex;
import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reference §5 {@code secret.search} / {@code secret-jdbc.search}: parsing, precedence, refusals. */
class SearchSettingsTest extends ConfigTestSupport {

    @TempDir
    Path dir;

    private Path flows;

    @BeforeEach
    void flows() throws Exception {
        flows = write(dir.resolve("flows/users.yml"), String.join("\n",
                "id: users",
                "namespace: dev",
                "inputs:",
                "  - id: email",
                "    type: SECRET",
                "  - id: ssn",
                "    type: SECRET",
                "  - id: nickname",
                "    type: STRING",
                "")).getParent();
    }

    private Properties withFlows(String... more) {
        Properties p = props(more);
        p.setProperty("secret.key", CHECK_KEY);
        p.setProperty("secret.flows", flows.toString());
        return p;
    }

    private static BlindIndex index(SecretSettings settings, String column) {
        SecretColumn c = settings.registry().secretColumn("users", column);
        assertThat(c).as(column).isNotNull();
        return c.blindIndex();
    }

    private SQLException failure(Properties properties) {
        try {
            SettingsLoader.load(properties, Map.of());
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("load succeeded");
    }

    @Test
    void propertyShortForm() throws Exception {
        SecretSettings settings = load(withFlows("secret.search", "users.email:email_bidx"), Map.of());
        assertThat(index(settings, "email")).isEqualTo(new BlindIndex("email_bidx", List.of(), "users.email"));
        assertThat(index(settings, "ssn")).isNull();
        assertThat(settings.registry().secretColumn("users", "email").searchable()).isTrue();
        assertThat(settings.registry().table("users").indexedBy("EMAIL_BIDX").column()).isEqualTo("email");
        assertThat(settings.registry().table("users").indexedBy("email")).isNull();
        assertThat(settings.registry().hasBlindIndexes()).isTrue();
    }

    @Test
    void propertyFullFormWithSeveralEntries() throws Exception {
        SecretSettings settings = load(withFlows("secret.search",
                " Users.Email:\"Email_Bidx\"/trim+lowercase@email , users.ssn:ssn_bidx@SSN"), Map.of());
        assertThat(index(settings, "email")).isEqualTo(new BlindIndex("email_bidx", List.of("trim", "lowercase"), "email"));
        // a given domain is used as written: it is the HKDF input
        assertThat(index(settings, "ssn")).isEqualTo(new BlindIndex("ssn_bidx", List.of(), "SSN"));
    }

    @Test
    void yamlShortAndLongForm() throws Exception {
        Path config = write(dir.resolve("conf.yml"), String.join("\n",
                "kestra:",
                "  encryption:",
                "    secret-key: " + CHECK_KEY,
                "secret-jdbc:",
                "  flows: [flows/]",
                "  search:",
                "    users.email: email_bidx",
                "    users.ssn: { column: ssn_bidx, normalize: [trim, nfc], domain: ssn }",
                ""));
        SecretSettings settings = load(props("secret.config", config.toString()), Map.of());
        assertThat(index(settings, "email")).isEqualTo(new BlindIndex("email_bidx", List.of(), "users.email"));
        assertThat(index(settings, "ssn")).isEqualTo(new BlindIndex("ssn_bidx", List.of("trim", "nfc"), "ssn"));
    }

    @Test
    void theFirstSourceGivesTheWholeValue() throws Exception {
        Path config = write(dir.resolve("conf.yml"), String.join("\n",
                "secret-jdbc:",
                "  search:",
                "    users.email: email_from_file",
                "    users.ssn: ssn_from_file",
                ""));
        SecretSettings settings = load(withFlows("secret.config", config.toString(), "secret.search",
                "users.email:email_from_props"), Map.of());
        assertThat(index(settings, "email").column()).isEqualTo("email_from_props");
        assertThat(index(settings, "ssn")).as("lists are not merged across sources").isNull();

        SecretSettings fromFile = load(withFlows("secret.config", config.toString()), Map.of());
        assertThat(index(fromFile, "ssn").column()).isEqualTo("ssn_from_file");
        // KESTRA_CONFIGURATION comes after the file
        SecretSettings fromEnv = load(withFlows(), Map.of("KESTRA_CONFIGURATION",
                "secret-jdbc:\n  search:\n    users.ssn: ssn_env\n"));
        assertThat(index(fromEnv, "ssn").column()).isEqualTo("ssn_env");
    }

    @Test
    void badDeclarationsFailTheConnectionNamingTheSetting() {
        assertThat(failure(withFlows("secret.search", "users.emial:email_bidx")).getMessage())
                .contains("secret.search").contains("users.emial").contains("email, ssn");
        assertThat(failure(withFlows("secret.search", "people.email:email_bidx")).getMessage())
                .contains("secret.search").contains("no table people");
        assertThat(failure(withFlows("secret.search", "users.nickname:nick_bidx")).getMessage())
                .contains("secret.search").contains("users.nickname is not a secret column");
        assertThat(failure(withFlows("secret.search", "users.email:email_bidx/upper")).getMessage())
                .contains("secret.search").contains("unknown normalization upper").contains("trim, lowercase, nfc");
        assertThat(failure(withFlows("secret.search", "users.email:email_bidx/trim+")).getMessage())
                .contains("secret.search").contains("unknown normalization (an empty one)");
        assertThat(failure(withFlows("secret.search", "users.email:ssn")).getMessage())
                .contains("secret.search").contains("itself the secret column users.ssn");
        assertThat(failure(withFlows("secret.search", "users.email:nickname")).getMessage())
                .contains("secret.search").contains("plain input or output");
        assertThat(failure(withFlows("secret.search", "users.email:bidx,users.ssn:BIDX")).getMessage())
                .contains("secret.search").contains("already the index column of users.email");
        assertThat(failure(withFlows("secret.search", "users.email:a,users.email:b")).getMessage())
                .contains("secret.search").contains("users.email is given a blind index twice");
        assertThat(failure(withFlows("secret.search", "users.email")).getMessage())
                .contains("secret.search").contains("table.column:index_column");
        assertThat(failure(withFlows("secret.search", "email:email_bidx")).getMessage())
                .contains("secret.search").contains("must start with table.column");
        assertThat(failure(withFlows("secret.search", "users.email:")).getMessage())
                .contains("secret.search").contains("names no index column");
        assertThat(failure(withFlows("secret.search", "users.email:e@")).getMessage())
                .contains("secret.search").contains("empty @domain");
        assertThat(failure(withFlows("secret.search", "users.email:\"\"")).getMessage())
                .contains("secret.search").contains("empty index column");
    }

    @Test
    void badYamlDeclarationsNameTheSettingAndFile() throws Exception {
        Path config = write(dir.resolve("bad.yml"), "secret-jdbc:\n  search:\n    users.email: { column: e, normalise: [trim] }\n");
        assertThat(failure(withFlows("secret.config", config.toString())).getMessage())
                .contains("secret-jdbc.search in the configuration file").contains("normalise")
                .contains("column, normalize, domain");
        Path list = write(dir.resolve("list.yml"), "secret-jdbc:\n  search: [users.email]\n");
        assertThat(failure(withFlows("secret.config", list.toString())).getMessage())
                .contains("secret-jdbc.search").contains("must be a map");
        Path noColumn = write(dir.resolve("nocol.yml"), "secret-jdbc:\n  search:\n    users.email: { domain: x }\n");
        assertThat(failure(withFlows("secret.config", noColumn.toString())).getMessage())
                .contains("needs `column:`");
        Path norm = write(dir.resolve("norm.yml"), "secret-jdbc:\n  search:\n    users.email: { column: e, normalize: [Trim] }\n");
        assertThat(failure(withFlows("secret.config", norm.toString())).getMessage())
                .contains("unknown normalization Trim");
    }

    @Test
    void mistypedPropertyNamesResembleSecretSearch() {
        assertThatThrownBy(() -> SettingsLoader.load(withFlows("secret.serach", "users.email:e"), Map.of()))
                .isInstanceOf(SQLException.class).hasMessageContaining("did you mean secret.search?");
        assertThatThrownBy(() -> SettingsLoader.load(withFlows("secret_search", "users.email:e"), Map.of()))
                .isInstanceOf(SQLException.class).hasMessageContaining("did you mean secret.search?");
    }

    @Test
    void aCodeRegistryCanDeclareBlindIndexesAndTheyAddUp() throws Exception {
        SecretRegistry code = SecretRegistry.builder().secretInput("accounts", "token")
                .blindIndex("accounts", "token", "token_bidx", List.of("trim"), null).build();
        SecretSettings settings = SettingsLoader.load(withFlows("secret.search", "users.email:email_bidx"), Map.of(),
                code).settings();
        assertThat(settings.registry().secretColumn("accounts", "token").blindIndex())
                .isEqualTo(new BlindIndex("token_bidx", List.of("trim"), "accounts.token"));
        assertThat(index(settings, "email").column()).isEqualTo("email_bidx");
    }

    @Test
    void noSearchMeansNoBlindIndex() throws Exception {
        SecretSettings settings = load(withFlows(), Map.of());
        assertThat(settings.registry().hasBlindIndexes()).isFalse();
        assertThat(settings.registry().table("users").indexedBy("email_bidx")).isNull();
    }
}
