package io.secretjdbc.fuzz;

import io.secretjdbc.recording.RecordingDriver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs one {@link GeneratedCase} through secret-jdbc and judges it: which secret markers the recording
 * delegate saw, and whether anything but an SQLException escaped the driver (reading every result
 * column too, so the result-set wrappers are exercised).
 */
final class CaseRunner {

    /** What went wrong with one case; empty lists and a null {@code escaped} mean it passed. */
    record Outcome(List<String> leaks, Throwable escaped, List<String> markersInMessages) {
        /** Any leak, any marker in a message, and any throwable but SQLException (secret-jdbc funnels them all). */
        boolean failed() {
            return !leaks.isEmpty() || escaped != null || !markersInMessages.isEmpty();
        }

        String describe() {
            StringBuilder s = new StringBuilder();
            if (!leaks.isEmpty()) {
                s.append("\n    LEAK, the delegate saw: ").append(String.join("\n      ", leaks));
            }
            if (escaped != null) {
                s.append("\n    ESCAPED ").append(escaped.getClass().getName()).append(": ").append(escaped.getMessage());
                StackTraceElement[] trace = escaped.getStackTrace();
                for (int i = 0; i < Math.min(8, trace.length); i++) {
                    s.append("\n      at ").append(trace[i]);
                }
            }
            if (!markersInMessages.isEmpty()) {
                s.append("\n    SECRET IN EXCEPTION MESSAGE: ").append(markersInMessages);
            }
            return s.toString();
        }
    }

    private final Random random;
    private final Connection raw;

    /** @param raw a plain SQLite connection to the same file, used only to count parameters; may be null */
    CaseRunner(long seed, Connection raw) {
        this.random = new Random(seed);
        this.raw = raw;
    }

    Outcome run(Connection connection, GeneratedCase c) {
        RecordingDriver.clear();
        Throwable escaped = null;
        List<String> messages = new ArrayList<>();
        try {
            execute(connection, c, messages);
        } catch (SQLException e) {
            collect(e, messages);
        } catch (Throwable t) {
            escaped = t;
        }
        List<String> leaks = new ArrayList<>();
        List<String> inMessages = new ArrayList<>();
        for (String marker : c.secretMarkers()) {
            for (String seen : RecordingDriver.sightingsOf(marker)) {
                leaks.add(marker + " in " + seen);
            }
            for (String message : messages) {
                if (message.contains(marker)) {
                    inMessages.add(marker + " in: " + message);
                }
            }
        }
        return new Outcome(leaks, escaped, inMessages);
    }

    private static void collect(SQLException e, List<String> messages) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        for (SQLException next = e.getNextException(); next != null && messages.size() < 20; next = next.getNextException()) {
            messages.add(String.valueOf(next.getMessage()));
        }
    }

    private void execute(Connection connection, GeneratedCase c, List<String> messages) throws SQLException {
        switch (c.mode()) {
            case STATEMENT -> {
                try (Statement s = connection.createStatement()) {
                    boolean keys = random.nextInt(5) == 0;
                    boolean result = keys ? s.execute(c.sql(), Statement.RETURN_GENERATED_KEYS) : s.execute(c.sql());
                    drain(s, result, messages);
                    if (keys) {
                        readAll(s.getGeneratedKeys(), messages);
                    }
                }
            }
            case STATEMENT_BATCH -> {
                try (Statement s = connection.createStatement()) {
                    s.addBatch(c.sql());
                    s.executeBatch();
                }
            }
            case PREPARED -> {
                try (PreparedStatement ps = connection.prepareStatement(c.sql())) {
                    bind(ps, c.sql(), c.bindings());
                    drain(ps, ps.execute(), messages);
                }
            }
            case PREPARED_BATCH -> {
                try (PreparedStatement ps = connection.prepareStatement(c.sql())) {
                    bind(ps, c.sql(), c.bindings());
                    ps.addBatch();
                    bind(ps, c.sql(), c.bindings());
                    ps.addBatch();
                    ps.executeBatch();
                }
            }
        }
    }

    /**
     * Binds the markers first, then numbers and nulls: a wrapper that refuses setInt on what it takes for
     * a secret parameter must not hide a marker bound at an index it takes for a plain one.
     */
    private int parameterCount(String sql) {
        if (raw == null) {
            return Integer.MAX_VALUE;
        }
        try (PreparedStatement ps = raw.prepareStatement(sql)) {
            return ps.getParameterMetaData().getParameterCount();
        } catch (SQLException e) {
            return Integer.MAX_VALUE;
        }
    }

    private void bind(PreparedStatement ps, String sql, Map<Integer, Object> bindings) throws SQLException {
        List<Map.Entry<Integer, Object>> ordered = new ArrayList<>();
        bindings.entrySet().stream().filter(b -> b.getValue() instanceof String).forEach(ordered::add);
        bindings.entrySet().stream().filter(b -> !(b.getValue() instanceof String)).forEach(ordered::add);
        // A mangled text may have lost parameters: bind only what the statement has, as an application
        // would (only the delegate driver, never the database, would see a value bound past the end).
        // Counted on the raw connection: through the recording proxy getParameterMetaData() fails, as
        // sqlite-jdbc returns the statement itself, which the proxy re-wraps as a PreparedStatement.
        int count = parameterCount(sql);
        for (Map.Entry<Integer, Object> b : ordered) {
            if (b.getKey() > count) {
                continue;
            }
            Object v = b.getValue();
            if (v == null) {
                ps.setNull(b.getKey(), Types.VARCHAR);
            } else if (v instanceof Integer i) {
                ps.setInt(b.getKey(), i);
            } else {
                switch (random.nextInt(8)) {
                    case 0 -> ps.setObject(b.getKey(), v);
                    case 1 -> ps.setNString(b.getKey(), (String) v);
                    case 2 -> ps.setObject(b.getKey(), v, Types.VARCHAR);
                    default -> ps.setString(b.getKey(), (String) v);
                }
            }
        }
    }

    private void drain(Statement s, boolean result, List<String> messages) throws SQLException {
        for (int i = 0; i < 4; i++) {
            if (result) {
                readAll(s.getResultSet(), messages);
            } else if (s.getUpdateCount() == -1) {
                return;
            }
            result = s.getMoreResults();
        }
    }

    /** Reads every column of up to 20 rows by every accessor; SQLExceptions of single reads are fine. */
    private void readAll(ResultSet rs, List<String> messages) throws SQLException {
        if (rs == null) {
            return;
        }
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            int columns = md.getColumnCount();
            for (int row = 0; row < 20 && rs.next(); row++) {
                for (int i = 1; i <= columns; i++) {
                    String label = md.getColumnLabel(i);
                    try {
                        rs.getString(i);
                        rs.getObject(i);
                        rs.getString(label);
                        if (random.nextInt(4) == 0) {
                            rs.getObject(i, String.class);
                            rs.getCharacterStream(i);
                        }
                        if (random.nextInt(6) == 0) {
                            rs.getInt(i);
                        }
                    } catch (SQLException e) {
                        collect(e, messages);
                    }
                }
            }
        }
    }
}
