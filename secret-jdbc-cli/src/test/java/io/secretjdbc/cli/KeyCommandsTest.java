package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** keygen, encrypt, decrypt, check-key, and the exit codes and error hygiene every command shares. */
class KeyCommandsTest {

    static final String SPEC_KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    static final String SPEC_CHECK_VALUE = "AAECAwQFBgcICQoLQEGiYChjVwJTWI5O6G0KbZ4tju2cTq67ud7A9Q==";

    @TempDir
    Path dir;

    @Test
    void keygenPrintsOneBase64KeyOf32BytesAlone() {
        Cli.Result result = Cli.run("keygen");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).endsWith("\n");
        String key = result.out().strip();
        assertThat(result.out().lines()).hasSize(1);
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(Cli.run("keygen").out().strip()).isNotEqualTo(key);
    }

    @Test
    void encryptThenDecryptRoundTripsThroughArgumentsAndStdin() {
        String ciphertext = Cli.run("encrypt", "--key", TestDb.KEY, "s3cret value").out().strip();
        assertThat(ciphertext).isNotEqualTo("s3cret value").doesNotContain("s3cret");
        assertThat(Base64.getDecoder().decode(ciphertext)).hasSize(12 + "s3cret value".length() + 16);

        Cli.Result decrypted = Cli.withStdin(ciphertext + "\n", "decrypt", "--key", TestDb.KEY);
        assertThat(decrypted.exit()).isZero();
        assertThat(decrypted.out()).isEqualTo("s3cret value\n");

        // stdin: exactly one trailing newline is removed, the rest is the value
        String fromStdin = Cli.withStdin("two words \n\n", "encrypt", "--key", TestDb.KEY).out().strip();
        assertThat(Cli.run("decrypt", "--key", TestDb.KEY, fromStdin).out()).isEqualTo("two words \n\n");
    }

    @Test
    void decryptsTheCheckValueOfSpec3() {
        Cli.Result result = Cli.run("decrypt", "--key", SPEC_KEY, SPEC_CHECK_VALUE);
        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("Hello World!\n");
    }

    @Test
    void keyFromFileStdinAndEnvironment() throws Exception {
        Path keyFile = dir.resolve("key.txt");
        Files.writeString(keyFile, SPEC_KEY + "\n"); // as `keygen > key.txt` leaves it
        assertThat(Cli.run("decrypt", "--key-file", keyFile.toString(), SPEC_CHECK_VALUE).out()).isEqualTo("Hello World!\n");
        assertThat(Cli.withStdin(SPEC_KEY + "\n", "decrypt", "--key-stdin", SPEC_CHECK_VALUE).out()).isEqualTo("Hello World!\n");
        assertThat(Cli.run("", Map.of("KESTRA_ENCRYPTION_SECRET_KEY", SPEC_KEY), "decrypt", SPEC_CHECK_VALUE).out())
                .isEqualTo("Hello World!\n");
    }

    @Test
    void decryptWithTheWrongKeyFailsWithoutEchoingTheValue() {
        String ciphertext = Cli.run("encrypt", "--key", TestDb.OLD_KEY, "topsecret").out().strip();
        Cli.Result result = Cli.run("decrypt", "--key", TestDb.KEY, ciphertext);
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).doesNotContain(ciphertext).doesNotContain(TestDb.KEY).doesNotContain("topsecret")
                .doesNotContain("at io.secretjdbc");

        Cli.Result previous = Cli.run("decrypt", "--key", TestDb.KEY, "--previous-keys", TestDb.OLD_KEY, ciphertext);
        assertThat(previous.out()).isEqualTo("topsecret\n");
    }

    @Test
    void previousKeysFromAFileOnePerLine() throws Exception {
        String older = KeygenCommand.newKey();
        String ciphertext = Cli.run("encrypt", "--key", older, "kept").out().strip();
        Path previous = dir.resolve("previous.keys");
        Files.writeString(previous, TestDb.OLD_KEY + "\n" + older + "\n");
        Cli.Result decrypted = Cli.run("decrypt", "--key", TestDb.KEY, "--previous-keys-file", previous.toString(), ciphertext);
        assertThat(decrypted.out()).isEqualTo("kept\n");
        Cli.Result check = Cli.run("check-key", "--key", TestDb.KEY, "--previous-keys-file", previous.toString());
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("secret.previous-keys[1]: usable").doesNotContain(older);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result result = Cli.run("decrypt", "--verbose", "--key", TestDb.KEY, "AAECAwQFBgcICQoLQEGiYChjVwJTWI5O6G0KbZ4tju2cTq67ud7A9Q==");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("\tat ");
    }

    @Test
    void withoutAKeyEncryptFailsAndSaysHowToGiveOne() {
        Cli.Result result = Cli.run("encrypt", "x");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("no key configured").contains("--key-file");
    }

    @Test
    void badUsageIsExitCode2AndNeverEchoesWhatMightBeAKey() {
        Cli.Result twoKeys = Cli.withStdin(TestDb.KEY, "encrypt", "--key", TestDb.KEY, "--key-stdin", "x");
        assertThat(twoKeys.exit()).isEqualTo(2);
        assertThat(twoKeys.err()).contains("one way only").doesNotContain(TestDb.KEY);

        Cli.Result typo = Cli.run("encrypt", "--kye=" + TestDb.KEY, "x");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("--kye").doesNotContain(TestDb.KEY);

        Cli.Result stray = Cli.run("keygen", TestDb.KEY);
        assertThat(stray.exit()).isEqualTo(2);
        assertThat(stray.err()).doesNotContain(TestDb.KEY);

        assertThat(Cli.run("no-such-command").exit()).isEqualTo(2);
        assertThat(Cli.run("migrate", "--key", TestDb.KEY).err()).contains("--url"); // required option
    }

    @ParameterizedTest
    @ValueSource(strings = {"keygen", "demo", "check-key", "query", "encrypt", "decrypt", "scan", "migrate", "rotate"})
    void everyCommandHasHelp(String command) {
        Cli.Result result = Cli.run(command, "--help");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("Usage: secret-jdbc " + command);
    }

    @Test
    void checkKeySaysUsableWithoutPrintingTheKey() throws Exception {
        Cli.Result result = Cli.run("check-key", "--key", SPEC_KEY, "--previous-keys", TestDb.OLD_KEY);
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("secret.key (--key): usable, 32 bytes")
                .contains("secret.previous-keys[0]: usable").doesNotContain(SPEC_KEY).doesNotContain(TestDb.OLD_KEY);

        Cli.Result env = Cli.run("", Map.of("KESTRA_ENCRYPTION_SECRET_KEY", SPEC_KEY), "check-key");
        assertThat(env.exit()).isZero();
        assertThat(env.all()).contains("usable").doesNotContain(SPEC_KEY);
    }

    @Test
    void checkKeySaysWhyAKeyIsUnusable() throws Exception {
        Cli.Result notBase64 = Cli.run("check-key", "--key", "not*base64!");
        assertThat(notBase64.exit()).isEqualTo(1);
        assertThat(notBase64.all()).contains("NOT usable").doesNotContain("not*base64!");

        // `echo KEY | base64`-style mistakes: 33 bytes ending in a newline
        String withNewline = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef\n".getBytes());
        Cli.Result newline = Cli.run("check-key", "--key", withNewline);
        assertThat(newline.exit()).isEqualTo(1);
        assertThat(newline.all()).contains("33").containsIgnoringCase("newline").doesNotContain(withNewline);

        Cli.Result badPrevious = Cli.run("check-key", "--key", SPEC_KEY, "--previous-keys", TestDb.OLD_KEY + ",AAAA");
        assertThat(badPrevious.exit()).isEqualTo(1);
        assertThat(badPrevious.out()).contains("secret.previous-keys[0]: usable").contains("secret.previous-keys[1]: NOT usable");

        Cli.Result none = Cli.run("check-key");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no key configured");
    }
}
