package io.secretjdbc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.config.SecretSettings.OnPlaintext;
import io.secretjdbc.config.SecretSettings.ReadMode;
import io.secretjdbc.registry.SecretRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest extends ConfigTestSupport {

    @TempDir
    Path dir;

    private static SQLException failure(Properties properties, Map<String, String> env) {
        try {
            SettingsLoader.load(properties, env);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("load succeeded");
    }

    // --- defaults and connection properties -------------------------------------------------------

    @Test
    void nothingConfiguredGivesDefaultsAndNoKey() throws Exception {
        SecretSettings settings = load(new Properties(), Map.of());
        assertThat(settings.codec()).isNull();
        assertThat(settings.keyring()).isNull();
        assertThat(settings.registry().isEmpty()).isTrue();
        assertThat(settings.onPlaintext()).isEqualTo(OnPlaintext.FAIL);
        assertThat(settings.readMode()).isEqualTo(ReadMode.DECRYPT);
        assertThat(settings.allowUnwrap()).isFalse();
    }

    @Test
    void secretKeyPropertyGivesACodecThatReadsKestraData() throws Exception {
        SecretSettings settings = load(props("secret.key", CHECK_KEY), Map.of());
        assertThat(settings.codec().decrypt(CHECK_VALUE)).isEqualTo("Hello World!");
        assertThat(settings.keySource()).isEqualTo("secret.key");
    }

    @Test
    void kestraAliasWorksAsAConnectionProperty() throws Exception {
        SecretSettings settings = load(props("kestra.encryption.secret-key", CHECK_KEY), Map.of());
        assertThat(settings.codec().decrypt(CHECK_VALUE)).isEqualTo("Hello World!");
        assertThat(settings.keySource()).isEqualTo("kestra.encryption.secret-key");
        // the same key under both names is fine; two different keys are a mistake
        load(props("secret.key", CHECK_KEY, "kestra.encryption.secret-key", CHECK_KEY), Map.of());
        SQLException e = failure(props("secret.key", CHECK_KEY, "kestra.encryption.secret-key", randomKey()), Map.of());
        assertThat(e.getMessage()).contains("secret.key").contains("kestra.encryption.secret-key").doesNotContain(CHECK_KEY);
    }

    @Test
    void allOwnPropertiesAreParsed() throws Exception {
        String old = randomKey();
        SecretSettings settings = load(props("secret.key", CHECK_KEY, "secret.previous-keys", old + " , " + randomKey(),
                "secret.on-plaintext", "PASS", "secret.read", "Mask", "secret.allow-unwrap", "TRUE"), Map.of());
        assertThat(settings.keyring().previous()).hasSize(2);
        assertThat(settings.onPlaintext()).isEqualTo(OnPlaintext.PASS);
        assertThat(settings.readMode()).isEqualTo(ReadMode.MASK);
        assertThat(settings.allowUnwrap()).isTrue();
    }

    @Test
    void delegatePropertiesLoseEverySecretPropertyAndKeepTheRest() throws Exception {
        Properties defaults = props("loginTimeout", "5", "secret.read", "decrypt");
        Properties input = new Properties(defaults);
        input.setProperty("user", "app");
        input.setProperty("password", "pw");
        input.setProperty("secret.key", CHECK_KEY);
        input.setProperty("kestra.encryption.secret-key", CHECK_KEY);
        input.setProperty("secret.on-plaintext", "pass");
        input.put("fetchSize", 100); // HikariCP's addDataSourceProperty takes any Object

        ConnectionSettings loaded = SettingsLoader.loadKeys(input, Map.of());
        Properties delegate = loaded.delegateProperties();
        assertThat(delegate).containsOnlyKeys("user", "password", "loginTimeout", "fetchSize");
        assertThat(delegate.getProperty("password")).isEqualTo("pw");
        assertThat(delegate.get("fetchSize")).isEqualTo(100);
        assertThat(input.getProperty("secret.key")).as("input not modified").isEqualTo(CHECK_KEY);
        assertThat(input).containsKey("secret.on-plaintext");
        assertThat(loaded.settings().onPlaintext()).isEqualTo(OnPlaintext.PASS);
    }

    @Test
    void anUnknownSecretPropertyIsAnErrorNamingItAndTheKnownOnes() {
        SQLException e = failure(props("secret.kye", CHECK_KEY), Map.of());
        assertThat(e.getMessage()).contains("Unknown property secret.kye").contains("did you mean secret.key?")
                .contains("secret.key, secret.previous-keys, secret.flows, secret.config, secret.on-plaintext,"
                        + " secret.read, secret.allow-unwrap")
                .doesNotContain(CHECK_KEY);
        assertThat(failure(props("Secret.Key", CHECK_KEY), Map.of()).getMessage()).contains("Unknown property Secret.Key");
        assertThat(failure(props("secret.onplaintext", "pass"), Map.of()).getMessage())
                .contains("did you mean secret.on-plaintext?");
        assertThat(failure(props("secret.colour", "x"), Map.of()).getMessage()).doesNotContain("did you mean");
    }

    @Test
    void badEnumValuesNameThePropertyAndTheAllowedValues() {
        assertThat(failure(props("secret.on-plaintext", "ignore"), Map.of()).getMessage())
                .isEqualTo("secret.on-plaintext is 'ignore'; allowed values: fail, pass");
        assertThat(failure(props("secret.read", "plain"), Map.of()).getMessage())
                .isEqualTo("secret.read is 'plain'; allowed values: decrypt, mask");
        SQLException e = failure(props("secret.allow-unwrap", "yes"), Map.of());
        assertThat(e.getMessage()).isEqualTo("secret.allow-unwrap is 'yes'; allowed values: true, false");
        assertThat(e.getSQLState()).isEqualTo("08001");
    }

    @Test
    void blankValuesCountAsUnset() throws Exception {
        SecretSettings settings = load(props("secret.key", "", "secret.read", " "),
                env("KESTRA_ENCRYPTION_SECRET_KEY", CHECK_KEY, "SECRET_JDBC_CONFIG", "", "KESTRA_CONFIGURATION", ""));
        assertThat(settings.keySource()).isEqualTo("KESTRA_ENCRYPTION_SECRET_KEY");
        assertThat(settings.readMode()).isEqualTo(ReadMode.DECRYPT);
    }

    // --- keys ---------------------------------------------------------------------------------------

    @Test
    void badKeysFailTheLoadWithoutEchoingTheKey() {
        String notBase64 = "my-secret-password!";
        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);
        String echoed = Base64.getEncoder().encodeToString("5daP79LDVcd208RHx_yf3n2i4Noos96v\n".getBytes(StandardCharsets.US_ASCII));

        SQLException e = failure(props("secret.key", notBase64), Map.of());
        assertThat(e.getSQLState()).isEqualTo("28000");
        assertThat(e.getMessage()).startsWith("secret.key is not valid Base64").contains("keygen").doesNotContain(notBase64);
        assertThat(e.getCause()).isNull();

        e = failure(props("kestra.encryption.secret-key", shortKey), Map.of());
        assertThat(e.getMessage()).startsWith("kestra.encryption.secret-key decodes to 31 bytes; AES-GCM needs 16, 24 or 32 (32 recommended)")
                .doesNotContain(shortKey);

        e = failure(new Properties(), env("KESTRA_ENCRYPTION_SECRET_KEY", echoed));
        assertThat(e.getMessage()).startsWith("KESTRA_ENCRYPTION_SECRET_KEY decodes to 33 bytes ending in a newline")
                .contains("echo -n").doesNotContain(echoed);

        e = failure(props("secret.key", CHECK_KEY, "secret.previous-keys", CHECK_KEY + "," + shortKey), Map.of());
        assertThat(e.getMessage()).startsWith("secret.previous-keys[1] decodes to 31 bytes").doesNotContain(shortKey);
    }

    @Test
    void aBadKeyInTheFileNamesTheFile() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString(new byte[20]);
        Path file = write(dir.resolve("secret-jdbc.yml"), "kestra:\n  encryption:\n    secret-key: " + shortKey + "\n");
        SQLException e = failure(props("secret.config", file.toString()), Map.of());
        assertThat(e.getMessage()).startsWith("kestra.encryption.secret-key decodes to 20 bytes")
                .contains("(set in the configuration file " + file.toAbsolutePath() + ")")
                .doesNotContain(shortKey);
        assertThat(e.getSQLState()).isEqualTo("28000");
    }

    @Test
    void maskWithoutAKeyIsFineAndSoIsNoKeyAtAll() throws Exception {
        assertThat(load(props("secret.read", "mask"), Map.of()).codec()).isNull();
        assertThat(load(props("secret.on-plaintext", "pass"), Map.of()).codec()).isNull();
    }

    @Test
    void previousKeysWithoutAKeyAreAnError() {
        SQLException e = failure(props("secret.previous-keys", CHECK_KEY), Map.of());
        assertThat(e.getMessage()).contains("secret.previous-keys").contains("no key is configured").doesNotContain(CHECK_KEY);
    }

    // --- sources and precedence -------------------------------------------------------------------

    @Test
    void keyPrecedenceIsPropertiesThenFileThenKestraConfigurationThenKeyVariable() throws Exception {
        String propertyKey = randomKey();
        String fileKey = randomKey();
        String kestraConfigurationKey = randomKey();
        String envKey = randomKey();
        Path file = write(dir.resolve("conf/secret-jdbc.yml"), "kestra.encryption.secret-key: " + fileKey + "\n");
        Map<String, String> env = env("SECRET_JDBC_CONFIG", file.toString(),
                "KESTRA_CONFIGURATION", "kestra:\n  encryption:\n    secret-key: " + kestraConfigurationKey + "\n",
                "KESTRA_ENCRYPTION_SECRET_KEY", envKey);

        SecretSettings settings = load(props("secret.key", propertyKey), env);
        assertEncryptsUnder(settings, propertyKey);
        settings = load(new Properties(), env);
        assertEncryptsUnder(settings, fileKey);
        assertThat(settings.keySource()).isEqualTo("kestra.encryption.secret-key in the configuration file " + file);
        env.remove("SECRET_JDBC_CONFIG");
        settings = load(new Properties(), env);
        assertEncryptsUnder(settings, kestraConfigurationKey);
        assertThat(settings.keySource()).isEqualTo("kestra.encryption.secret-key in the environment variable KESTRA_CONFIGURATION");
        env.remove("KESTRA_CONFIGURATION");
        settings = load(new Properties(), env);
        assertEncryptsUnder(settings, envKey);
        assertThat(settings.keySource()).isEqualTo("KESTRA_ENCRYPTION_SECRET_KEY");
    }

    @Test
    void eachSettingIsTakenFromTheFirstSourceThatSetsIt() throws Exception {
        String oldKey = randomKey();
        Path file = write(dir.resolve("secret-jdbc.yml"), String.join("\n",
                "secret-jdbc:",
                "  previous-keys: [" + oldKey + "]",
                "  on-plaintext: pass",
                "  read: decrypt",
                ""));
        Map<String, String> env = env("KESTRA_CONFIGURATION", String.join("\n",
                "secret-jdbc:",
                "  on-plaintext: fail",
                "  allow-unwrap: true",
                ""), "KESTRA_ENCRYPTION_SECRET_KEY", CHECK_KEY);
        SecretSettings settings = load(props("secret.config", file.toString(), "secret.read", "mask"), env);
        assertThat(settings.readMode()).as("property beats file").isEqualTo(ReadMode.MASK);
        assertThat(settings.onPlaintext()).as("file beats KESTRA_CONFIGURATION").isEqualTo(OnPlaintext.PASS);
        assertThat(settings.allowUnwrap()).as("only KESTRA_CONFIGURATION sets it").isTrue();
        assertEncryptsUnder(settings, CHECK_KEY);
        assertThat(settings.keyring().previous()).as("previous keys from the file, key from the variable").hasSize(1);
    }

    @Test
    void secretConfigBeatsTheVariableAndAMissingFileIsNamed() throws Exception {
        Path a = write(dir.resolve("a.yml"), "secret-jdbc:\n  read: mask\n");
        Path b = write(dir.resolve("b.yml"), "secret-jdbc:\n  on-plaintext: pass\n");
        SecretSettings settings = load(props("secret.config", a.toString()), env("SECRET_JDBC_CONFIG", b.toString()));
        assertThat(settings.readMode()).isEqualTo(ReadMode.MASK);
        assertThat(settings.onPlaintext()).as("b.yml is not read at all").isEqualTo(OnPlaintext.FAIL);

        SQLException e = failure(new Properties(), env("SECRET_JDBC_CONFIG", dir.resolve("missing.yml").toString()));
        assertThat(e.getMessage()).isEqualTo("the environment variable SECRET_JDBC_CONFIG names "
                + dir.resolve("missing.yml") + ", which does not exist");
        e = failure(props("secret.config", "classpath:nowhere/x.yml"), Map.of());
        assertThat(e.getMessage()).startsWith("secret.config names classpath:nowhere/x.yml, which is not on the class path");
    }

    @Test
    void secretJdbcYmlOnTheClassPathIsTheDefault() throws Exception {
        Path classes = dir.resolve("classes");
        write(classes.resolve("secret-jdbc.yml"), "kestra.encryption.secret-key: " + CHECK_KEY + "\nsecret-jdbc.read: mask\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            SecretSettings settings = withClassLoader(loader, () -> load(new Properties(), Map.of()));
            assertThat(settings.readMode()).isEqualTo(ReadMode.MASK);
            assertThat(settings.keySource()).isEqualTo("kestra.encryption.secret-key in the configuration file classpath:secret-jdbc.yml");
            // a named file replaces the default entirely
            Path other = write(dir.resolve("other.yml"), "secret-jdbc:\n  on-plaintext: pass\n");
            SecretSettings named = withClassLoader(loader, () -> load(props("secret.config", other.toString()), Map.of()));
            assertThat(named.readMode()).isEqualTo(ReadMode.DECRYPT);
            assertThat(named.codec()).isNull();
        }
    }

    @Test
    void classpathConfigResolvesRelativeFlowsInItsClassPathFolder() throws Exception {
        useTestClassPath();
        SettingsLoader.Merged merged = SettingsLoader.merged(props("secret.config", "classpath:config/classpath-config.yml"), Map.of());
        assertThat(merged.flows()).containsExactly("classpath:config/flows/");
        assertThat(merged.tables()).containsExactly(Map.entry("dev.tiny_flow", "tiny_runs"));
        assertThat(merged.readMode()).isEqualTo(ReadMode.MASK);
        assertThat(merged.onPlaintext()).isEqualTo(OnPlaintext.PASS);
        assertThat(merged.keyFrom().key).isEqualTo(CHECK_KEY);
    }

    @Test
    void relativeFlowsInAFileResolveAgainstItsFolderAndInPropertiesAgainstTheWorkingDirectory() throws Exception {
        Path file = write(dir.resolve("etc/app/secret-jdbc.yml"), String.join("\n",
                "secret-jdbc:",
                "  flows: [flows/, ../shared/one.yml, " + dir.resolve("abs.yml") + ", 'classpath:kestra/flows']",
                ""));
        SettingsLoader.Merged merged = SettingsLoader.merged(props("secret.config", file.toString()), Map.of());
        assertThat(merged.flows()).containsExactly(
                dir.resolve("etc/app/flows").toString(),
                dir.resolve("etc/shared/one.yml").toString(),
                dir.resolve("abs.yml").toString(),
                "classpath:kestra/flows");

        Path cwd = Path.of("").toAbsolutePath();
        merged = SettingsLoader.merged(props("secret.config", file.toString(), "secret.flows", "flows, classpath:x"), Map.of());
        assertThat(merged.flows()).as("properties win, whole list").containsExactly(cwd.resolve("flows").toString(), "classpath:x");

        merged = SettingsLoader.merged(new Properties(), env("KESTRA_CONFIGURATION", "secret-jdbc:\n  flows: a.yml,b\n"));
        assertThat(merged.flows()).containsExactly(cwd.resolve("a.yml").toString(), cwd.resolve("b").toString());
    }

    @Test
    void aFileGivenByARelativePathResolvesAgainstTheWorkingDirectory() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Path file = write(dir.resolve("rel.yml"), "secret-jdbc:\n  read: mask\n");
        assertThat(load(props("secret.config", cwd.relativize(file).toString()), Map.of()).readMode()).isEqualTo(ReadMode.MASK);
    }

    // --- registry -----------------------------------------------------------------------------------

    @Test
    void aCodeRegistryIsUsedWhenNoFlowsAreConfigured() throws Exception {
        SecretRegistry code = SecretRegistry.builder().secretInput("Users", "Token").plain("users", "name").build();
        SecretSettings settings = SettingsLoader.load(props("secret.key", CHECK_KEY), Map.of(), code).settings();
        assertThat(settings.registry().secretColumn("users", "token")).isNotNull();
        assertThat(settings.registry().secretColumn("users", "name")).isNull();
    }

    // --- caching ----------------------------------------------------------------------------------

    @Test
    void samePropertiesReuseLoadedSettingsUntilTheFileChanges() throws Exception {
        Path file = write(dir.resolve("secret-jdbc.yml"), "secret-jdbc:\n  read: mask\n");
        Properties properties = props("secret.config", file.toString(), "user", "a");
        SecretSettings first = load(properties, Map.of());
        Properties samePool = props("secret.config", file.toString(), "user", "a", "password", "other");
        assertThat(load(samePool, Map.of())).isSameAs(first);
        assertThat(load(props("secret.config", file.toString(), "secret.on-plaintext", "pass"), Map.of())).isNotSameAs(first);
        assertThat(load(properties, env("KESTRA_ENCRYPTION_SECRET_KEY", CHECK_KEY))).isNotSameAs(first);

        Files.writeString(file, "secret-jdbc:\n  read: decrypt\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        SecretSettings reloaded = load(properties, Map.of());
        assertThat(reloaded).isNotSameAs(first);
        assertThat(reloaded.readMode()).isEqualTo(ReadMode.DECRYPT);
    }

    @Test
    void errorsAreNotCached() throws Exception {
        Path file = write(dir.resolve("secret-jdbc.yml"), "secret-jdbc:\n  read: nope\n");
        Properties properties = props("secret.config", file.toString());
        assertThat(failure(properties, Map.of()).getMessage()).contains("secret-jdbc.read");
        Files.writeString(file, "secret-jdbc:\n  read: mask\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        assertThat(load(properties, Map.of()).readMode()).isEqualTo(ReadMode.MASK);
    }

    @Test
    void loadedSettingsNeverShowTheKey() throws Exception {
        String old = randomKey();
        ConnectionSettings loaded = SettingsLoader.loadKeys(props("secret.key", CHECK_KEY, "secret.previous-keys", old), Map.of());
        assertThat(loaded.settings().toString()).contains("key=<masked>").doesNotContain(CHECK_KEY).doesNotContain(old);
        assertThat(loaded.toString()).doesNotContain(CHECK_KEY).doesNotContain(old);
        assertThat(List.of(loaded.delegateProperties().values())).asString().doesNotContain(CHECK_KEY);
    }
}
