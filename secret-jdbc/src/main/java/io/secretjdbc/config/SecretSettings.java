package io.secretjdbc.config;

import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.KeyException;
import io.secretjdbc.crypto.Keyring;
import io.secretjdbc.registry.SecretRegistry;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a connection needs besides the delegate, resolved once from properties, the
 * configuration file and the environment (reference §5). Immutable; its toString never shows a key.
 *
 * <p>{@link SettingsLoader} builds it from configuration; code can build one directly:
 * {@code SecretSettings.builder().keyring(Keyring.fromBase64(key)).registry(registry).build()}.
 */
public final class SecretSettings {

    public enum OnPlaintext { FAIL, PASS }

    public enum ReadMode { DECRYPT, MASK }

    private final Keyring keyring;
    private final KestraCodec codec;
    private final String keySource;
    private final SecretRegistry registry;
    private final OnPlaintext onPlaintext;
    private final ReadMode readMode;
    private final boolean allowUnwrap;

    private SecretSettings(Builder b) {
        this.keyring = b.keyring;
        this.codec = b.keyring == null ? null : new KestraCodec(b.keyring);
        this.keySource = b.keyring == null ? null : b.keySource;
        this.registry = b.registry;
        this.onPlaintext = b.onPlaintext;
        this.readMode = b.readMode;
        this.allowUnwrap = b.allowUnwrap;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change one of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keyring = keyring;
        b.keySource = keySource;
        b.registry = registry;
        b.onPlaintext = onPlaintext;
        b.readMode = readMode;
        b.allowUnwrap = allowUnwrap;
        return b;
    }

    /** The codec over the configured keys, or null when no key is configured. */
    public KestraCodec codec() {
        return codec;
    }

    /** The configured keys, or null when no key is configured. */
    public Keyring keyring() {
        return keyring;
    }

    /**
     * Where the key came from ({@code secret.key}, {@code KESTRA_ENCRYPTION_SECRET_KEY},
     * {@code kestra.encryption.secret-key in /etc/app/secret-jdbc.yml}, ...), or null without a key.
     */
    public String keySource() {
        return keySource;
    }

    public SecretRegistry registry() {
        return registry;
    }

    public OnPlaintext onPlaintext() {
        return onPlaintext;
    }

    public ReadMode readMode() {
        return readMode;
    }

    public boolean allowUnwrap() {
        return allowUnwrap;
    }

    @Override
    public String toString() {
        String key = keyring == null ? "<none>"
                : "<masked> from " + keySource + ", previous-keys=" + keyring.previous().size();
        return "SecretSettings[key=" + key
                + ", registry=" + registry
                + ", on-plaintext=" + onPlaintext.name().toLowerCase(Locale.ROOT)
                + ", read=" + readMode.name().toLowerCase(Locale.ROOT)
                + ", allow-unwrap=" + allowUnwrap + "]";
    }

    /** Builds settings in code. Defaults: no key, empty registry, {@code fail}, {@code decrypt}, no unwrap. */
    public static final class Builder {
        private Keyring keyring;
        private String keySource = "code";
        private SecretRegistry registry = SecretRegistry.empty();
        private OnPlaintext onPlaintext = OnPlaintext.FAIL;
        private ReadMode readMode = ReadMode.DECRYPT;
        private boolean allowUnwrap;

        private Builder() {
        }

        /** The keys; null for none (writes and, unless masked, reads of secret columns then fail). */
        public Builder keyring(Keyring keyring) {
            this.keyring = keyring;
            return this;
        }

        /** A single Base64 key, checked as {@link Keyring#fromBase64(String)} does. */
        public Builder key(String base64Key) throws KeyException {
            this.keyring = base64Key == null ? null : Keyring.fromBase64(base64Key);
            return this;
        }

        /** Where the key came from, for messages and toString; {@code code} by default. */
        public Builder keySource(String keySource) {
            this.keySource = Objects.requireNonNull(keySource, "keySource");
            return this;
        }

        public Builder registry(SecretRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder onPlaintext(OnPlaintext onPlaintext) {
            this.onPlaintext = Objects.requireNonNull(onPlaintext, "onPlaintext");
            return this;
        }

        public Builder readMode(ReadMode readMode) {
            this.readMode = Objects.requireNonNull(readMode, "readMode");
            return this;
        }

        public Builder allowUnwrap(boolean allowUnwrap) {
            this.allowUnwrap = allowUnwrap;
            return this;
        }

        public SecretSettings build() {
            return new SecretSettings(this);
        }
    }
}
