package io.secretjdbc.config;

import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.registry.SecretRegistry;

/**
 * Everything a connection needs besides the delegate, resolved once from properties, the
 * configuration file and the environment (SPEC §5). Immutable; its toString never shows a key.
 */
public final class SecretSettings {
    // Implementation owned by the config layer; public methods are the contract used elsewhere.

    public enum OnPlaintext { FAIL, PASS }

    public enum ReadMode { DECRYPT, MASK }

    /** The codec over the configured keys, or null when no key is configured. */
    public KestraCodec codec() {
        throw new UnsupportedOperationException("TODO");
    }

    public SecretRegistry registry() {
        throw new UnsupportedOperationException("TODO");
    }

    public OnPlaintext onPlaintext() {
        throw new UnsupportedOperationException("TODO");
    }

    public ReadMode readMode() {
        throw new UnsupportedOperationException("TODO");
    }

    public boolean allowUnwrap() {
        throw new UnsupportedOperationException("TODO");
    }
}
