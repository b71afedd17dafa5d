package io.secretjdbc.compat;

import io.secretjdbc.testing.Backend;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The at-rest oracle, independent of the product's codec: reads a stored value with the raw driver and
 * opens it with plain javax.crypto (AES/GCM/NoPadding, 12-byte IV first, 128-bit tag, no AAD).
 */
final class Ciphertexts {

    private Ciphertexts() {
    }

    /** The plaintext of one stored Base64 value, opened under {@link CompatDb#KEY}. */
    static String open(String stored) {
        return new String(openBytes(stored), StandardCharsets.UTF_8);
    }

    /** The raw plaintext bytes of one stored value (a secret written as bytes), opened under {@link CompatDb#KEY}. */
    static byte[] openBytes(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(CompatDb.KEY), "AES"),
                    new GCMParameterSpec(128, Arrays.copyOfRange(all, 0, 12)));
            return cipher.doFinal(all, 12, all.length - 12);
        } catch (Exception e) {
            throw new AssertionError("stored value is not ciphertext under the test key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Reads {@code columns} of row {@code id} of {@code table} through the raw driver, asserts each
     * non-NULL value is ciphertext, and returns the opened plaintexts by column (NULL stays null).
     */
    static Map<String, String> openRow(CompatDb db, String table, long id, String... columns) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        String quote = db.backend() == Backend.MARIADB ? "`" : "\"";
        try (Connection raw = db.raw();
             PreparedStatement ps = raw.prepareStatement("SELECT " + String.join(", ", columns) + " FROM "
                     + quote + table + quote + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row %s of %s exists", id, table).isTrue();
                for (String column : columns) {
                    String stored = rs.getString(column);
                    out.put(column, stored == null ? null : open(stored));
                }
            }
        }
        return out;
    }

    /** Every non-NULL, non-empty value of {@code column} in {@code table} is ciphertext; returns the count. */
    static int assertAllEncrypted(CompatDb db, String table, String column) throws SQLException {
        int count = 0;
        try (Connection raw = db.raw(); var st = raw.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + column + " FROM " + table)) {
            while (rs.next()) {
                String stored = rs.getString(1);
                if (stored != null && !stored.isEmpty()) {
                    open(stored);
                    count++;
                }
            }
        }
        return count;
    }
}
