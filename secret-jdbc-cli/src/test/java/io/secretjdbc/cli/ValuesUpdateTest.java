package io.secretjdbc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's multi-row UPDATE keeps the JDBC batch's contract: only the changed columns are set,
 * only where the stored value is still the one read (a value changed meanwhile is not overwritten and
 * not counted), over full chunks (a reused statement) and a remainder, with a composite text key.
 */
class ValuesUpdateTest {

    private static final int ROWS = 2 * ValuesUpdate.ROWS + 200;

    @TempDir
    Path dir;

    @Test
    void writesOnlyTheChangedColumnsOfRowsStillAsRead() throws Exception {
        TestDatabase database = TestDatabases.fresh(Backend.POSTGRESQL, "CliValuesUpdate", dir);
        try (Connection c = database.connectRaw()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE creds (region TEXT, code TEXT, password TEXT, token TEXT, PRIMARY KEY (region, code))");
                s.execute("INSERT INTO creds SELECT CASE WHEN i % 2 = 0 THEN 'north' ELSE 'South' END, 'c' || i,"
                        + " 'pw-' || i, 'tk-' || i FROM generate_series(1, " + ROWS + ") AS i");
            }
            SecretRegistry registry = SecretRegistry.builder().secretInput("creds", "password")
                    .secretInput("creds", "token").build();
            DatabaseTable table = DatabaseTable.find(c, registry.table("creds")).get(0);
            ValuesUpdate update = ValuesUpdate.forConnection(c, table);
            assertThat(update).as("used on PostgreSQL").isNotNull();

            List<ValuesUpdate.Change> both = new ArrayList<>();
            for (int i = 1; i <= ROWS; i++) {
                // every 100th row was changed by someone else since it was read: its old value differs
                String oldPassword = i % 100 == 0 ? "read-before-" + i : "pw-" + i;
                both.add(new ValuesUpdate.Change(key(i), new String[] {"new-pw-" + i, "new-tk-" + i},
                        new String[] {oldPassword, "tk-" + i}));
            }
            assertThat(update.execute(0b11, both)).isEqualTo(ROWS - ROWS / 100);
            // only token (column 1) changes on rows 1..3; password is not touched
            List<ValuesUpdate.Change> tokenOnly = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                tokenOnly.add(new ValuesUpdate.Change(key(i), new String[] {"newer-tk-" + i}, new String[] {"new-tk-" + i}));
            }
            assertThat(update.execute(0b10, tokenOnly)).isEqualTo(3);
            update.close();

            int seen = 0;
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT code, password, token FROM creds")) {
                while (r.next()) {
                    int i = Integer.parseInt(r.getString(1).substring(1));
                    seen++;
                    if (i % 100 == 0) {
                        assertThat(r.getString(2)).as("row %d changed meanwhile: left alone", i).isEqualTo("pw-" + i);
                        assertThat(r.getString(3)).isEqualTo("tk-" + i);
                    } else {
                        assertThat(r.getString(2)).as("password of row %d", i).isEqualTo("new-pw-" + i);
                        assertThat(r.getString(3)).as("token of row %d", i).isEqualTo((i <= 3 ? "newer-tk-" : "new-tk-") + i);
                    }
                }
            }
            assertThat(seen).isEqualTo(ROWS);
        }
    }

    private static Object[] key(int i) {
        return new Object[] {i % 2 == 0 ? "north" : "South", "c" + i};
    }
}
