package io.secretjdbc.jdbc;

import io.secretjdbc.registry.SecretColumn;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.Writer;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write streams of our own CLOB ({@code Connection.createClob()}): they write over the text from a
 * position and append past its end; the ASCII stream keeps the low seven bits of each byte.
 */
class TextClobStreamsTest {

    @Test
    void theAsciiAndCharacterStreamsWriteOverTheTextAndAppendPastItsEnd() throws Exception {
        TextClob clob = TextClob.writable();
        clob.setString(1, "hello");
        try (OutputStream ascii = clob.setAsciiStream(3)) {
            ascii.write('X' | 0x80); // the high bit is not ASCII: dropped
            ascii.write('Y');
        }
        assertThat(clob.text()).isEqualTo("heXYo");
        try (Writer chars = clob.setCharacterStream(5)) {
            chars.write("ünd!");
        }
        assertThat(clob.text()).isEqualTo("heXYünd!");
        try (OutputStream ascii = clob.setAsciiStream(9)) { // one past the end: appends
            ascii.write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertThat(clob.text()).isEqualTo("heXYünd!ok");
        assertThat(clob.length()).isEqualTo(10);
    }

    @Test
    void aPositionOutsideTheTextIsRefused() throws Exception {
        TextClob clob = TextClob.writable();
        clob.setString(1, "ab");
        assertThatThrownBy(() -> clob.setAsciiStream(4)).isInstanceOf(SQLException.class).hasMessageContaining("1..3");
        assertThatThrownBy(() -> clob.setCharacterStream(0)).isInstanceOf(SQLException.class).hasMessageContaining("1..3");
    }

    /** Writing through a CLOB of decrypted text would not be encrypted: both streams are refused. */
    @Test
    void theStreamsOfAClobReadFromASecretColumnAreRefused() throws Exception {
        SecretColumn column = new SecretColumn("creds", "password", SecretColumn.Kind.INPUT);
        TextClob read = TextClob.readOnly("decrypted", column);
        assertThatThrownBy(() -> read.setAsciiStream(1)).isInstanceOf(SQLException.class)
                .hasMessageContaining("creds.password").hasMessageContaining("read-only").hasMessageNotContaining("decrypted");
        assertThatThrownBy(() -> read.setCharacterStream(1)).isInstanceOf(SQLException.class)
                .hasMessageContaining("creds.password").hasMessageContaining("read-only");
        assertThat(read.text()).isEqualTo("decrypted");
    }
}
