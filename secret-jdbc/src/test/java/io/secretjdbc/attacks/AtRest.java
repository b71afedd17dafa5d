package io.secretjdbc.attacks;

import io.secretjdbc.testing.KestraReference;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The at-rest oracle, read through the raw connection after an attack: every non-NULL, non-empty
 * value of a secret column of a registry table (any table named {@code creds}, in any schema and any
 * case: reference §4 ignores qualifiers and case) opens under the corpus key ({@link KestraReference}, plain
 * javax.crypto), and,
 * unless the attack's oracle is {@code rest}, no column of any table holds the marker. Independent of
 * the product's codec.
 */
final class AtRest {

    /** The corpus key (32 random bytes, Base64), used nowhere else. */
    static final String KEY = "pi9gYKA5vW3BmcfpBFFMUWk3O4pgA9urpLFLO02khT8=";
    static final Set<String> SECRET_COLUMNS = Set.of("password", "api_token");
    static final String REGISTRY_TABLE = "creds";

    private AtRest() {
    }

    /** What is wrong at rest after {@code attack}; empty when nothing is. */
    static List<String> problems(AttackDatabase database, Attack attack) throws SQLException {
        String marker = attack.marker();
        List<String> problems = new ArrayList<>();
        List<AttackDatabase.Table> tables = database.tables(attack);
        if (tables.stream().noneMatch(t -> t.name().equalsIgnoreCase(REGISTRY_TABLE))) {
            // Not a leak in itself (an attack may drop creds), but then nothing was checked there: say so.
            System.err.println("ATTACK " + attack.id() + " [" + database + "]: no creds table left to check at rest");
        }
        for (AttackDatabase.Table table : tables) {
            boolean registry = table.name().equalsIgnoreCase(REGISTRY_TABLE);
            try (Statement s = database.raw().createStatement(); ResultSet rs = s.executeQuery(database.selectAll(table))) {
                ResultSetMetaData meta = rs.getMetaData();
                int row = 0;
                while (rs.next()) {
                    row++;
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        String column = meta.getColumnLabel(i);
                        String value = text(rs, i, meta.getColumnType(i));
                        String where = table.schema() + "." + table.name() + "." + column + " row " + row;
                        if (registry && SECRET_COLUMNS.contains(column.toLowerCase(Locale.ROOT))
                                && value != null && !value.isEmpty() && !opens(value)) {
                            problems.add(where + " holds a value that is not ciphertext under the corpus key");
                        }
                        if (!attack.restOnly() && value != null
                                && value.toLowerCase(Locale.ROOT).contains(marker)) {
                            problems.add(where + " holds the marker in the clear");
                        }
                    }
                }
            }
        }
        return problems;
    }

    private static String text(ResultSet rs, int column, int type) throws SQLException {
        if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB) {
            byte[] bytes = rs.getBytes(column);
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8).replace("\u0000", "");
        }
        return rs.getString(column);
    }

    /** True when {@code stored} is Kestra ciphertext (Base64 of IV, ciphertext, tag) under {@link #KEY}. */
    static boolean opens(String stored) {
        return KestraReference.opens(KEY, stored);
    }
}
