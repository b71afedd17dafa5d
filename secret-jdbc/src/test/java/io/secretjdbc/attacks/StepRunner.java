package io.secretjdbc.attacks;

import io.secretjdbc.recording.RecordingDriver;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs one step of an attack on the secret connection: plain text with {@code Statement.execute}, a
 * {@code prep:} step prepared with every parameter bound by {@code setString} of the marker. Every
 * result (result sets and update counts, through {@code getMoreResults}) is read to its end with
 * {@code getString}, so reading paths are exercised too.
 */
final class StepRunner {

    /** A statement returning more results than this is not read further (a driver looping on results). */
    private static final int MAX_RESULTS = 100;

    private StepRunner() {
    }

    /**
     * Runs the step. Side checks go to {@code problems}: every JDBC object the secret driver hands out
     * on the way is not the delegate's own (issue 9 class 2), and no value read back is ciphertext
     * under the corpus key (class 10: decrypt or refuse, never hand back ciphertext as the data).
     */
    static void run(Connection connection, String step, String marker, List<String> problems) throws SQLException {
        if (step.startsWith(Attack.PREPARED)) {
            try (PreparedStatement ps = connection.prepareStatement(step.substring(Attack.PREPARED.length()).trim())) {
                checkNotDelegate(ps, "prepareStatement", problems);
                ParameterMetaData meta = ps.getParameterMetaData();
                checkNotDelegate(meta, "getParameterMetaData()", problems);
                int parameters = meta.getParameterCount();
                for (int i = 1; i <= parameters; i++) {
                    ps.setString(i, marker);
                }
                drain(ps, ps.execute(), problems);
            }
        } else {
            try (Statement s = connection.createStatement()) {
                checkNotDelegate(s, "createStatement()", problems);
                drain(s, s.execute(step), problems);
            }
        }
    }

    /** Adds a problem when {@code object} is an object of the delegate (the recording driver's). */
    static void checkNotDelegate(Object object, String from, List<String> problems) {
        if (RecordingDriver.isDelegateObject(object)) {
            problems.add(from + " handed out the delegate's own object: " + object);
        }
    }

    private static void drain(Statement statement, boolean isResultSet, List<String> problems) throws SQLException {
        checkNotDelegate(statement.getConnection(), "Statement.getConnection()", problems);
        boolean resultSet = isResultSet;
        for (int i = 0; i < MAX_RESULTS; i++) {
            if (resultSet) {
                try (ResultSet rs = statement.getResultSet()) {
                    checkNotDelegate(rs, "getResultSet()", problems);
                    checkNotDelegate(rs.getStatement(), "ResultSet.getStatement()", problems);
                    ResultSetMetaData meta = rs.getMetaData();
                    checkNotDelegate(meta, "ResultSet.getMetaData()", problems);
                    int columns = meta.getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= columns; c++) {
                            String value = rs.getString(c);
                            if (value != null && value.length() >= 40 && AtRest.opens(value)) {
                                problems.add("column " + c + " was read back as ciphertext (class 10)");
                            }
                        }
                    }
                }
            } else if (statement.getUpdateCount() == -1) {
                return;
            }
            resultSet = statement.getMoreResults();
        }
    }
}
