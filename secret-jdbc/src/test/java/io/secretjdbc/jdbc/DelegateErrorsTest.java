package io.secretjdbc.jdbc;

import io.secretjdbc.config.SettingsLoader;
import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DataTruncation;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The one funnel for delegate errors ({@link Errors}): a delegate's SQLException reaches the application
 * as it is unless it is a right truncation of a statement that wrote secret values; anything else a
 * delegate throws becomes an SQLException. Real MariaDB for the truncation that is not one; Mockito only
 * for failures no real driver produces on demand (mid-call, on commit, on close).
 */
class DelegateErrorsTest {

    private static final String INSERT = "INSERT INTO creds (id, username, password, api_token) VALUES (?, ?, ?, ?)";

    @TempDir
    Path dir;

    /** MariaDB's "Truncated incorrect DOUBLE value" (SQLState 22007, a DataTruncation) is not "value too long". */
    @Test
    void mariadbIncorrectValueIsNotReportedAsTooLong() throws Exception {
        JdbcTestDb t = JdbcTestDb.fresh(Backend.MARIADB, "jdbc_errors", dir);
        try (Connection c = t.secret()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setInt(1, 1);
                ps.setString(2, "alice");
                ps.setString(3, "pw");
                ps.setString(4, "tk");
                ps.executeUpdate();
            }
            SQLException wrongValue;
            try (PreparedStatement ps = c.prepareStatement("UPDATE creds SET password = ? WHERE username = 1")) {
                ps.setString(1, "new password");
                wrongValue = catchThrowableOfType(SQLException.class, ps::executeUpdate);
            }
            assertThat((Throwable) wrongValue).isNotNull();
            assertThat(wrongValue.getSQLState()).isEqualTo("22007");
            assertThat(wrongValue.getMessage()).contains("Truncated incorrect").doesNotContain("too long");

            // The control: a secret that does not fit VARCHAR(400) once encrypted is explained.
            SQLException tooLong;
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setInt(1, 2);
                ps.setString(2, "bob");
                ps.setString(3, "x".repeat(300));
                ps.setString(4, "tk");
                tooLong = catchThrowableOfType(SQLException.class, ps::executeUpdate);
            }
            assertThat((Throwable) tooLong).isNotNull();
            assertThat(tooLong.getSQLState()).isEqualTo("22001");
            assertThat(tooLong.getMessage()).contains("too long", "VARCHAR(440)");
        }
    }

    @Test
    void aDataTruncationWithAnotherSqlStateIsNotATruncation() {
        DataTruncation read = new DataTruncation(1, false, true, 10, 5); // SQLState 01004: a read warning
        assertThat(CiphertextLength.isTruncation(read)).isFalse();
        SQLException incorrect = new SQLException("Truncated incorrect DOUBLE value", "22007", 1292);
        assertThat(CiphertextLength.isTruncation(incorrect)).isFalse();
        assertThat(CiphertextLength.isTruncation(new DataTruncation(1, true, false, 10, 5))).isTrue();
    }

    private static SecretConnection over(Connection delegate) throws SQLException {
        java.util.Properties p = JdbcTestDb.settings();
        return new SecretConnection(new SecretContext(SettingsLoader.load(p, Map.of()).settings()), delegate);
    }

    @Test
    void aDelegateSqlExceptionOnCommitRollbackAndCloseArrivesUnchanged() throws Exception {
        Connection delegate = mock(Connection.class);
        SQLException serialization = new SQLException("could not serialize access", "40001");
        SQLException lost = new SQLException("connection lost", "08006");
        doThrow(serialization).when(delegate).commit();
        doThrow(lost).when(delegate).rollback();
        doThrow(lost).when(delegate).close();
        Connection c = over(delegate);
        assertThatThrownBy(c::commit).isSameAs(serialization);
        assertThatThrownBy(c::rollback).isSameAs(lost);
        assertThatThrownBy(c::close).isSameAs(lost);
    }

    @Test
    void aDelegateRuntimeExceptionOnCommitOrCloseBecomesAnSqlException() throws Exception {
        Connection delegate = mock(Connection.class);
        IllegalStateException bug = new IllegalStateException("driver bug");
        doThrow(bug).when(delegate).commit();
        doThrow(new NullPointerException()).when(delegate).close();
        Connection c = over(delegate);
        assertThatThrownBy(c::commit).isInstanceOf(SQLException.class).hasCause(bug)
                .hasMessageContaining("IllegalStateException").hasMessageNotContaining("driver bug");
        assertThatThrownBy(c::close).isInstanceOf(SQLException.class).hasCauseInstanceOf(NullPointerException.class);
    }

    @Test
    void aDelegateThatFailsMidExecutionKeepsItsErrorAndTheStatementUsable() throws Exception {
        Connection delegate = mock(Connection.class);
        PreparedStatement ps = mock(PreparedStatement.class);
        Statement st = mock(Statement.class);
        when(delegate.prepareStatement(anyString())).thenReturn(ps);
        when(delegate.createStatement()).thenReturn(st);
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        when(ps.executeUpdate()).thenThrow(deadlock).thenReturn(1);
        when(st.execute(anyString())).thenThrow(new ArrayIndexOutOfBoundsException(3));
        SQLException tooLong = new SQLException("value too long for type character varying(40)", "22001");
        doThrow(tooLong).when(ps).addBatch();

        Connection c = over(delegate);
        PreparedStatement insert = c.prepareStatement(INSERT);
        insert.setString(3, "a secret");
        assertThatThrownBy(insert::executeUpdate).isSameAs(deadlock);
        assertThat(insert.executeUpdate()).as("the statement still works after the failure").isEqualTo(1);

        assertThatThrownBy(() -> c.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class)
                .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
        // addBatch fails in the driver: passed on as it is (the batch explanation belongs to executeBatch).
        assertThatThrownBy(insert::addBatch).isSameAs(tooLong);
    }

    @Test
    void aTruncationOfASecretWriteIsExplainedInCiphertextTerms() throws Exception {
        Connection delegate = mock(Connection.class);
        PreparedStatement ps = mock(PreparedStatement.class);
        when(delegate.prepareStatement(anyString())).thenReturn(ps);
        SQLException tooLong = new SQLException("value too long for type character varying(40)", "22001", 0);
        when(ps.executeUpdate()).thenThrow(tooLong);
        Connection c = over(delegate);
        PreparedStatement insert = c.prepareStatement(INSERT);
        insert.setString(3, "x".repeat(20));
        SQLException explained = catchThrowableOfType(SQLException.class, insert::executeUpdate);
        assertThat((Throwable) explained).hasCause(tooLong);
        assertThat(explained.getMessage()).contains("64 characters").doesNotContain("xxxx");
        when(ps.getUpdateCount()).thenThrow(new IllegalStateException("closed"));
        assertThatThrownBy(insert::getUpdateCount).isInstanceOf(SQLException.class);
        when(ps.getMoreResults(anyInt())).thenThrow(new IllegalStateException("closed"));
        assertThatThrownBy(() -> insert.getMoreResults(1)).isInstanceOf(SQLException.class);
    }
}
