package io.secretjdbc.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretjdbc.config.SecretSettings.OnPlaintext;
import io.secretjdbc.config.SecretSettings.ReadMode;
import io.secretjdbc.crypto.Keyring;
import io.secretjdbc.registry.SecretRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretSettingsTest {

    private static final String KEY = ConfigTestSupport.CHECK_KEY;

    @Test
    void builderDefaultsAreTheSpecDefaults() {
        SecretSettings settings = SecretSettings.builder().build();
        assertThat(settings.codec()).isNull();
        assertThat(settings.keySource()).isNull();
        assertThat(settings.registry().isEmpty()).isTrue();
        assertThat(settings.onPlaintext()).isEqualTo(OnPlaintext.FAIL);
        assertThat(settings.readMode()).isEqualTo(ReadMode.DECRYPT);
        assertThat(settings.allowUnwrap()).isFalse();
        assertThat(settings.toString()).contains("key=<none>");
    }

    @Test
    void builderBuildsFromCode() throws Exception {
        SecretRegistry registry = SecretRegistry.builder().secretOutput("runs", "api_key").build();
        SecretSettings settings = SecretSettings.builder()
                .keyring(Keyring.fromBase64(KEY, List.of(ConfigTestSupport.randomKey())))
                .registry(registry)
                .onPlaintext(OnPlaintext.PASS)
                .readMode(ReadMode.MASK)
                .allowUnwrap(true)
                .build();
        assertThat(settings.codec().decrypt(ConfigTestSupport.CHECK_VALUE)).isEqualTo("Hello World!");
        assertThat(settings.keySource()).isEqualTo("code");
        assertThat(settings.registry()).isSameAs(registry);
        assertThat(settings.onPlaintext()).isEqualTo(OnPlaintext.PASS);
        assertThat(settings.readMode()).isEqualTo(ReadMode.MASK);
        assertThat(settings.allowUnwrap()).isTrue();

        SecretSettings changed = settings.toBuilder().readMode(ReadMode.DECRYPT).build();
        assertThat(changed.readMode()).isEqualTo(ReadMode.DECRYPT);
        assertThat(changed.codec().decrypt(ConfigTestSupport.CHECK_VALUE)).isEqualTo("Hello World!");
        assertThat(settings.readMode()).as("immutable").isEqualTo(ReadMode.MASK);
    }

    @Test
    void toStringMasksTheKey() throws Exception {
        SecretSettings settings = SecretSettings.builder().key(KEY).keySource("secret.key").build();
        assertThat(settings.toString())
                .startsWith("SecretSettings[key=<masked> from secret.key, previous-keys=0")
                .contains("on-plaintext=fail", "read=decrypt", "allow-unwrap=false")
                .doesNotContain(KEY)
                .doesNotContain(KEY.substring(0, 12));
    }
}
