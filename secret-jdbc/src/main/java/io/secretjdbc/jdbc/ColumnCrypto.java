package io.secretjdbc.jdbc;

import io.secretjdbc.config.SecretSettings;
import io.secretjdbc.config.SecretSettings.OnPlaintext;
import io.secretjdbc.config.SecretSettings.ReadMode;
import io.secretjdbc.crypto.BlindIndexer;
import io.secretjdbc.crypto.DecryptionException;
import io.secretjdbc.crypto.KestraCodec;
import io.secretjdbc.crypto.MalformedTextException;
import io.secretjdbc.crypto.ValueState;
import io.secretjdbc.registry.BlindIndex;
import io.secretjdbc.registry.SecretColumn;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

/**
 * Encrypts and decrypts values of one secret column, applying the settings that decide what happens
 * when there is no key, when a stored value is plaintext, or when reads are masked (reference §5, §7).
 * Messages name {@code table.column}, never a value.
 */
final class ColumnCrypto {

    static final String MASK = "******";

    private final KestraCodec codec;
    private final boolean mask;
    private final boolean passPlaintext;
    private final UnaryOperator<String> literalEncryptor;
    private final io.secretjdbc.crypto.Keyring keyring;
    /** One indexer per searchable column, made on first use (index keys are cached by the keyring). */
    private final java.util.concurrent.ConcurrentHashMap<SecretColumn, BlindIndexer> indexers =
            new java.util.concurrent.ConcurrentHashMap<>();

    ColumnCrypto(SecretSettings settings) {
        this.codec = settings.codec();
        this.keyring = settings.keyring();
        this.mask = settings.readMode() == ReadMode.MASK;
        this.passPlaintext = settings.onPlaintext() == OnPlaintext.PASS;
        this.literalEncryptor = codec == null ? null : codec::encrypt;
    }

    /** Fails with Kestra's own message when no key is configured; called before anything is sent. */
    void requireKeyForWrite(SecretColumn column) throws SQLException {
        if (codec == null) {
            throw notConfigured(column);
        }
    }

    /** For rewriting literals; only called after {@link #requireKeyForWrite} succeeded. */
    UnaryOperator<String> literalEncryptor() {
        return literalEncryptor;
    }

    String encrypt(SecretColumn column, String plaintext) throws SQLException {
        if (plaintext == null || plaintext.isEmpty()) {
            return plaintext;
        }
        requireKeyForWrite(column);
        try {
            return codec.encrypt(plaintext);
        } catch (MalformedTextException e) {
            throw malformed(column.qualifiedName(), e);
        }
    }

    /**
     * The blind index of {@code plaintext} under key {@code key} (0 = primary, reference §3.1), null for
     * null. Without a key, or with {@code secret.read=mask}, a search cannot be answered: Kestra's "not
     * configured" message, as for a write.
     */
    String index(SecretColumn column, String plaintext, int key) throws SQLException {
        if (keyring == null || mask) {
            throw notConfigured(column);
        }
        if (plaintext == null) {
            return null;
        }
        BlindIndexer indexer = indexers.get(column);
        if (indexer == null) {
            indexer = indexers.computeIfAbsent(column, c -> BlindIndexer.of(keyring, c.blindIndex().domain(),
                    normalizations(c.blindIndex())));
        }
        try {
            return indexer.index(plaintext, key);
        } catch (MalformedTextException e) {
            throw malformed(column.qualifiedName(), e);
        }
    }

    /** Fails with Kestra's "not configured" message when no blind index can be computed. */
    void requireKeyForIndex(SecretColumn column) throws SQLException {
        if (keyring == null || mask) {
            throw notConfigured(column);
        }
    }

    private static java.util.List<BlindIndexer.Normalization> normalizations(BlindIndex index) {
        java.util.List<BlindIndexer.Normalization> out = new java.util.ArrayList<>();
        for (String name : index.normalization()) {
            out.add(BlindIndexer.Normalization.ofConfigName(name));
        }
        return out;
    }

    /** A value UTF-8 cannot hold would be stored changed: refused, naming where it was going. */
    static SQLException malformed(String where, MalformedTextException e) {
        return new SQLException("The value for secret column " + where + " holds a lone UTF-16 surrogate at"
                + " index " + e.index() + ", which UTF-8 cannot encode; it would be stored changed. Fix the"
                + " string (a surrogate pair split in two, or text decoded with the wrong charset).", "22021");
    }

    String decrypt(SecretColumn column, String stored) throws SQLException {
        if (stored == null || stored.isEmpty()) {
            return stored;
        }
        if (mask) {
            return MASK;
        }
        if (codec == null) {
            throw notConfigured(column);
        }
        try {
            return codec.decrypt(stored);
        } catch (DecryptionException e) {
            return plaintextOrFail(column, stored, e);
        }
    }

    /**
     * Raw plaintext bytes as the GCM plaintext (reference §6 "Typed values"); null and empty stay as they
     * are. Refused on a column with a blind index (reference §3.1): its index is computed over normalised
     * text, and a write that left the index column stale or unset would break its search.
     */
    String encryptBytes(SecretColumn column, byte[] plaintext) throws SQLException {
        if (column.searchable()) {
            throw new SQLException("Secret column " + column.qualifiedName() + " has a blind index, which is computed"
                    + " over text: a value bound as bytes cannot be indexed. Bind it as text (setString), or"
                    + " declare the column without a blind index to store bytes.", "0A000");
        }
        if (plaintext == null || plaintext.length == 0) {
            return plaintext == null ? null : "";
        }
        requireKeyForWrite(column);
        return codec.encryptBytes(plaintext);
    }

    /**
     * The plaintext bytes of a stored value, unchanged (not decoded as UTF-8); "" is an empty array. The
     * same settings apply as to {@link #decrypt}: a masked read gives the mask's UTF-8 bytes, and stored
     * plaintext let through by {@code secret.on-plaintext=pass} its UTF-8 bytes.
     */
    byte[] decryptBytes(SecretColumn column, String stored) throws SQLException {
        if (stored == null || stored.isEmpty()) {
            return stored == null ? null : new byte[0];
        }
        if (mask) {
            return MASK.getBytes(StandardCharsets.UTF_8);
        }
        if (codec == null) {
            throw notConfigured(column);
        }
        try {
            return codec.decryptBytes(stored);
        } catch (DecryptionException e) {
            return plaintextOrFail(column, stored, e).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A stored value that did not decrypt: itself when plaintext may pass, otherwise the error naming the column. */
    private String plaintextOrFail(SecretColumn column, String stored, DecryptionException e) throws SQLException {
        if (e.state() == ValueState.PLAINTEXT) {
            if (passPlaintext) {
                return stored;
            }
            throw new SQLException("Secret column " + column.qualifiedName() + " holds a value that is not "
                    + "ciphertext. Encrypt existing values with the command line's migrate command, or set "
                    + "secret.on-plaintext=pass while the database is being migrated.", "22000");
        }
        throw new SQLException("Secret column " + column.qualifiedName() + " holds a value that no configured "
                + "key opens (wrong key, or the stored bytes were altered). Add the key it was written with "
                + "to secret.previous-keys.", "22000");
    }

    private static SQLException notConfigured(SecretColumn column) {
        return new SQLException("Unable to use a SECRET " + column.kind().word()
                + " as encryption is not configured (secret column " + column.qualifiedName()
                + "; set secret.key or kestra.encryption.secret-key)", "28000");
    }
}
