package io.secretjdbc.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.Keyring;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared helpers. Every test runs with an empty context class loader unless it sets one, so that
 * a {@code secret-jdbc.yml} elsewhere on the test class path cannot change what it sees; the
 * environment is always an explicit map.
 */
abstract class ConfigTestSupport {

    static final String CHECK_KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String CHECK_VALUE = "AAECAwQFBgcICQoLQEGiYChjVwJTWI5O6G0KbZ4tju2cTq67ud7A9Q==";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClassLoader savedLoader;

    @BeforeEach
    void isolate() {
        savedLoader = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new URLClassLoader(new URL[0], null));
        SettingsLoader.clearCache();
    }

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(savedLoader);
        SettingsLoader.clearCache();
    }

    /** The test class path (src/test/resources and the rest), for classpath: tests. */
    void useTestClassPath() {
        Thread.currentThread().setContextClassLoader(savedLoader);
    }

    static <T> T withClassLoader(ClassLoader loader, Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static Properties props(String... namesAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }

    static Map<String, String> env(String... namesAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    /**
     * Settings as the key-only tools load them: these tests are about sources and precedence, and
     * most declare no flows (a connection's own load refuses that, see {@code NothingToEncryptTest}).
     */
    static SecretSettings load(Properties properties, Map<String, String> env) throws SQLException {
        return SettingsLoader.loadKeys(properties, env).settings();
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** Asserts that the settings encrypt under exactly this key (checked with a separate codec). */
    static void assertEncryptsUnder(SecretSettings settings, String expectedKey) throws Exception {
        assertThat(settings.codec()).as("a key is configured").isNotNull();
        String stored = settings.codec().encrypt("probe");
        KestraCodec expected = new KestraCodec(Keyring.fromBase64(expectedKey));
        assertThat(expected.decryptsUnderPrimary(stored)).as("encrypts under the expected key").isTrue();
    }
}
