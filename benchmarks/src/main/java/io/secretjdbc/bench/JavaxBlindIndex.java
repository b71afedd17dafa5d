package io.secretjdbc.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The raw side's blind index (SPEC §3.1), what an application would write by hand with plain
 * javax.crypto: the HKDF-SHA256 index key derived once, then per value HMAC-SHA256 on one kept
 * {@code Mac}, the first 16 bytes in standard Base64. No normalization. Not thread-safe: one instance
 * per benchmark thread.
 */
final class JavaxBlindIndex {

    private final Mac mac;

    JavaxBlindIndex(String base64Key, String domain) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = extract.doFinal(Base64.getDecoder().decode(base64Key));
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(("secret-jdbc blind index v1:" + domain).getBytes(StandardCharsets.UTF_8));
            byte[] indexKey = expand.doFinal(new byte[] {1});
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(indexKey, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    String index(String plaintext) {
        byte[] full = mac.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(Arrays.copyOf(full, 16));
    }
}
