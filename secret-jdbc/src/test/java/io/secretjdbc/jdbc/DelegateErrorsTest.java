package io.secretjdbc.jdbc;

import io.secretjdbc.config.SettingsLoader;
import io.secretjdbc.testing.Backend;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DataTruncation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
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

    /**
     * Every variant that makes a statement, and every other call that goes through the funnel: three of
     * them (prepareStatement and prepareCall with type and concurrency, createStatement with holdability)
     * once let a driver's RuntimeException through.
     */
    @Test
    void everyConnectionCallTurnsADelegateRuntimeExceptionIntoAnSqlException() throws Exception {
        Connection delegate = mock(Connection.class);
        IllegalStateException bug = new IllegalStateException("driver bug");
        when(delegate.createStatement()).thenThrow(bug);
        when(delegate.createStatement(anyInt(), anyInt())).thenThrow(bug);
        when(delegate.createStatement(anyInt(), anyInt(), anyInt())).thenThrow(bug);
        when(delegate.prepareStatement(anyString())).thenThrow(bug);
        when(delegate.prepareStatement(anyString(), anyInt())).thenThrow(bug);
        when(delegate.prepareStatement(anyString(), anyInt(), anyInt())).thenThrow(bug);
        when(delegate.prepareStatement(anyString(), anyInt(), anyInt(), anyInt())).thenThrow(bug);
        when(delegate.prepareStatement(anyString(), any(int[].class))).thenThrow(bug);
        when(delegate.prepareStatement(anyString(), any(String[].class))).thenThrow(bug);
        when(delegate.prepareCall(anyString())).thenThrow(bug);
        when(delegate.prepareCall(anyString(), anyInt(), anyInt())).thenThrow(bug);
        when(delegate.prepareCall(anyString(), anyInt(), anyInt(), anyInt())).thenThrow(bug);
        when(delegate.getMetaData()).thenThrow(bug);
        when(delegate.setSavepoint()).thenThrow(bug);
        when(delegate.setSavepoint(anyString())).thenThrow(bug);
        doThrow(bug).when(delegate).rollback(any());
        doThrow(bug).when(delegate).releaseSavepoint(any());
        doThrow(bug).when(delegate).setAutoCommit(anyBoolean());
        doThrow(bug).when(delegate).abort(any());
        when(delegate.isValid(anyInt())).thenThrow(bug);
        Connection c = over(delegate);
        String select = "SELECT 1";
        Savepoint savepoint = mock(Savepoint.class);
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("createStatement()", c::createStatement);
        calls.put("createStatement(type, concurrency)", () -> c.createStatement(1003, 1007));
        calls.put("createStatement(type, concurrency, holdability)", () -> c.createStatement(1003, 1007, 1));
        calls.put("prepareStatement(sql)", () -> c.prepareStatement(select));
        calls.put("prepareStatement(sql, keys)", () -> c.prepareStatement(select, Statement.RETURN_GENERATED_KEYS));
        calls.put("prepareStatement(sql, type, concurrency)", () -> c.prepareStatement(select, 1003, 1007));
        calls.put("prepareStatement(sql, type, concurrency, holdability)", () -> c.prepareStatement(select, 1003, 1007, 1));
        calls.put("prepareStatement(sql, indexes)", () -> c.prepareStatement(select, new int[] {1}));
        calls.put("prepareStatement(sql, names)", () -> c.prepareStatement(select, new String[] {"id"}));
        calls.put("prepareCall(sql)", () -> c.prepareCall(select));
        calls.put("prepareCall(sql, type, concurrency)", () -> c.prepareCall(select, 1003, 1007));
        calls.put("prepareCall(sql, type, concurrency, holdability)", () -> c.prepareCall(select, 1003, 1007, 1));
        calls.put("getMetaData", c::getMetaData);
        calls.put("setSavepoint()", c::setSavepoint);
        calls.put("setSavepoint(name)", () -> c.setSavepoint("s"));
        calls.put("rollback(savepoint)", () -> c.rollback(savepoint));
        calls.put("releaseSavepoint", () -> c.releaseSavepoint(savepoint));
        calls.put("setAutoCommit", () -> c.setAutoCommit(false));
        calls.put("abort", () -> c.abort(Runnable::run));
        calls.put("isValid", () -> c.isValid(1));
        calls.forEach((what, call) -> assertThatThrownBy(call).as(what)
                .isInstanceOf(SQLException.class).hasCause(bug).hasMessageNotContaining("driver bug"));
    }

    /**
     * The executions of a prepared statement share one path: each still returns what the delegate
     * returned (a large update count is not cut to an int, execute's false stays false), and each turns a
     * driver's RuntimeException into an SQLException; so do the batches, close of a result set, and
     * cancel.
     */
    @Test
    void theExecutionsReturnTheDelegatesResultAndFunnelItsRuntimeExceptions() throws Exception {
        Connection delegate = mock(Connection.class);
        PreparedStatement ps = mock(PreparedStatement.class);
        ResultSet rs = mock(ResultSet.class);
        when(delegate.prepareStatement(anyString())).thenReturn(ps);
        when(ps.executeUpdate()).thenReturn(7);
        when(ps.executeLargeUpdate()).thenReturn(5_000_000_000L);
        when(ps.execute()).thenReturn(true, false);
        when(ps.executeBatch()).thenReturn(new int[] {1, 2});
        when(ps.executeLargeBatch()).thenReturn(new long[] {6_000_000_000L});
        when(ps.executeQuery()).thenReturn(rs);
        Connection c = over(delegate);
        PreparedStatement select = c.prepareStatement("SELECT 1");
        assertThat(select.executeUpdate()).isEqualTo(7);
        assertThat(select.executeLargeUpdate()).isEqualTo(5_000_000_000L);
        assertThat(select.execute()).isTrue();
        assertThat(select.execute()).isFalse();
        assertThat(select.executeBatch()).containsExactly(1, 2);
        assertThat(select.executeLargeBatch()).containsExactly(6_000_000_000L);

        IllegalStateException bug = new IllegalStateException("driver bug");
        when(ps.executeUpdate()).thenThrow(bug);
        when(ps.executeLargeUpdate()).thenThrow(bug);
        when(ps.execute()).thenThrow(bug);
        when(ps.executeBatch()).thenThrow(bug);
        when(ps.executeLargeBatch()).thenThrow(bug);
        doThrow(bug).when(ps).cancel();
        doThrow(bug).when(ps).clearParameters();
        doThrow(bug).when(rs).close();
        ResultSet results = select.executeQuery();
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("executeUpdate", select::executeUpdate);
        calls.put("executeLargeUpdate", select::executeLargeUpdate);
        calls.put("execute", select::execute);
        calls.put("executeBatch", select::executeBatch);
        calls.put("executeLargeBatch", select::executeLargeBatch);
        calls.put("cancel", select::cancel);
        calls.put("clearParameters", select::clearParameters);
        calls.put("ResultSet.close", results::close);
        calls.forEach((what, call) -> assertThatThrownBy(call).as(what)
                .isInstanceOf(SQLException.class).hasCause(bug));
    }
}
