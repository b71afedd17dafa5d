package io.secretjdbc.conformance;

import io.secretjdbc.jdbc.CiphertextLength;
import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.DataTruncation;
import java.sql.SQLDataException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The length formula against real AES-GCM output, and the shape of the explained error. No database. */
class CiphertextLengthTest {

    @Test
    void formulaMatchesRealCiphertextForEveryLengthAndUtf8Width() throws Exception {
        assertThat(CiphertextLength.of(null)).isZero();
        assertThat(CiphertextLength.of("")).isZero();
        // reference §3's check value: "Hello World!" is stored in 56 characters.
        assertThat(CiphertextLength.of("Hello World!"))
                .isEqualTo("AAECAwQFBgcICQoLQEGiYChjVwJTWI5O6G0KbZ4tju2cTq67ud7A9Q==".length());
        for (int bytes = 1; bytes <= 300; bytes++) {
            String value = ConformanceDb.utf8OfBytes("", bytes);
            assertThat(CiphertextLength.of(value)).as("%d bytes", bytes)
                    .isEqualTo(ConformanceDb.encrypt(value).length())
                    .isEqualTo(CiphertextLength.ofUtf8Bytes(bytes))
                    .isEqualTo(4 * (int) Math.ceil((12 + bytes + 16) / 3.0));
        }
        String unicode = ConformanceDb.UNICODE;
        assertThat(CiphertextLength.of(unicode)).isEqualTo(ConformanceDb.encrypt(unicode).length());
        // A lone surrogate is encoded by Java as '?' (1 byte): the formula may overestimate, never under.
        assertThat(CiphertextLength.of("\uD83D")).isGreaterThanOrEqualTo(ConformanceDb.encrypt("\uD83D").length());
    }

    @Test
    void truncationIsRecognisedBySqlStateDataTruncationOrNextException() {
        assertThat(CiphertextLength.isTruncation(new SQLException("too long", "22001"))).isTrue();
        assertThat(CiphertextLength.isTruncation(new DataTruncation(3, true, false, 10, 20))).isTrue();
        SQLException batch = new BatchUpdateException("batch failed", "HY000", new int[0]);
        batch.setNextException(new SQLException("value too long", "22001"));
        assertThat(CiphertextLength.isTruncation(batch)).isTrue();
        assertThat(CiphertextLength.isTruncation(new SQLException("wrapped", "HY000",
                new SQLException("inner", "22001")))).isTrue();
        assertThat(CiphertextLength.isTruncation(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(CiphertextLength.isTruncation(new SQLException("no state"))).isFalse();
    }

    @Test
    void explanationKeepsStateCodeCauseTypeAndUpdateCounts() {
        SQLException data = new SQLDataException("Data too long for column 'secret'", "22001", 1406);
        SQLException explained = CiphertextLength.explain(data, 204);
        assertThat((Throwable) explained).isInstanceOf(SQLDataException.class).hasCause(data);
        assertThat(explained.getSQLState()).isEqualTo("22001");
        assertThat(explained.getErrorCode()).isEqualTo(1406);
        assertThat(explained.getMessage()).contains("204 characters", "VARCHAR(204)", CiphertextLength.FORMULA);

        BatchUpdateException batch = new BatchUpdateException("batch", "22001", 0, new long[] {1, EXECUTE_FAILED}, null);
        SQLException explainedBatch = CiphertextLength.explain(batch, 60);
        assertThat((Throwable) explainedBatch).isInstanceOf(BatchUpdateException.class).hasCause(batch);
        assertThat(((BatchUpdateException) explainedBatch).getLargeUpdateCounts()).containsExactly(1, EXECUTE_FAILED);
    }

    private static final long EXECUTE_FAILED = java.sql.Statement.EXECUTE_FAILED;
}
