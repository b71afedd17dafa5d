package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretTable;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/** The {@link ResultShape} implementations the planner produces. */
final class ResultShapes {

    private ResultShapes() {
    }

    /** The shape of a planned projection list. */
    static ResultShape of(List<ResultItem> items) {
        if (!ResultItem.anySecret(items)) {
            return ResultShape.NONE;
        }
        int firstStar = -1;
        int lastStar = -1;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ResultItem.Star) {
                firstStar = firstStar < 0 ? i : firstStar;
                lastStar = i;
            }
        }
        if (firstStar < 0) {
            SecretColumn[] columns = new SecretColumn[items.size() + 1];
            for (int i = 0; i < items.size(); i++) {
                columns[i + 1] = ((ResultItem.Fixed) items.get(i)).secret();
            }
            return new Fixed(columns);
        }
        SecretColumn[] prefix = new SecretColumn[firstStar];
        for (int i = 0; i < firstStar; i++) {
            prefix[i] = ((ResultItem.Fixed) items.get(i)).secret();
        }
        SecretColumn[] suffix = new SecretColumn[items.size() - lastStar - 1];
        for (int i = lastStar + 1; i < items.size(); i++) {
            suffix[i - lastStar - 1] = ((ResultItem.Fixed) items.get(i)).secret();
        }
        return new Starred(prefix, ResultItem.Star.merge(items.subList(firstStar, lastStar + 1)), suffix);
    }

    /** A shape that does not depend on metadata: the same array every time. */
    static final class Fixed implements ResultShape {
        private final SecretColumn[] columns;

        Fixed(SecretColumn[] columns) {
            this.columns = columns;
        }

        @Override
        public SecretColumn[] resolve(ResultSetMetaData metaData) {
            return columns;
        }

        @Override
        public boolean readsMetaData() {
            return false;
        }

        @Override
        public String toString() {
            return "ResultShape" + java.util.Arrays.toString(columns);
        }
    }

    /**
     * Fixed columns before and after a run of {@code *} items; the run is resolved per column from
     * the metadata's table and column names, falling back to the planned star tables.
     */
    static final class Starred implements ResultShape {
        private final SecretColumn[] prefix;
        private final SecretTable[] tables;
        /** The secret columns of each of {@link #tables}, so that resolving compares names without normalising them. */
        private final SecretColumn[][] tableSecrets;
        private final ResultItem.Fixed[] secretLabels;
        private final SecretColumn[] suffix;

        Starred(SecretColumn[] prefix, ResultItem.Star star, SecretColumn[] suffix) {
            this.prefix = prefix;
            this.tables = star.tables().toArray(new SecretTable[0]);
            this.tableSecrets = new SecretColumn[tables.length][];
            for (int t = 0; t < tables.length; t++) {
                tableSecrets[t] = tables[t].secretColumns().toArray(new SecretColumn[0]);
            }
            this.secretLabels = star.secretLabels().toArray(new ResultItem.Fixed[0]);
            this.suffix = suffix;
        }

        @Override
        public SecretColumn[] resolve(ResultSetMetaData metaData) throws SQLException {
            int count = metaData.getColumnCount();
            SecretColumn[] columns = new SecretColumn[count + 1];
            boolean any = false;
            int starEnd = count - suffix.length;
            for (int i = 1; i <= count; i++) {
                SecretColumn c;
                if (i <= prefix.length) {
                    c = prefix[i - 1];
                } else if (i > starEnd) {
                    c = suffix[i - starEnd - 1];
                } else {
                    c = starColumn(metaData, i);
                }
                columns[i] = c;
                any |= c != null;
            }
            return any ? columns : null;
        }

        private SecretColumn starColumn(ResultSetMetaData metaData, int i) throws SQLException {
            String label = metaData.getColumnLabel(i);
            for (ResultItem.Fixed f : secretLabels) {
                if (f.label() != null && f.label().equalsIgnoreCase(label)) {
                    return f.secret();
                }
            }
            String column = metaData.getColumnName(i);
            if (column == null || column.isEmpty()) {
                column = label;
            }
            String table = metaData.getTableName(i);
            if (table != null && !table.isEmpty()) {
                for (int t = 0; t < tables.length; t++) {
                    if (tables[t].name().equalsIgnoreCase(table)) {
                        return named(tableSecrets[t], column);
                    }
                }
            }
            // No usable table name (or one we did not plan): secret if any star table has it secret,
            // so that a plain value fails loudly on decryption rather than a secret one leaking.
            for (SecretColumn[] secrets : tableSecrets) {
                SecretColumn c = named(secrets, column);
                if (c != null) {
                    return c;
                }
            }
            return null;
        }

        /** Metadata names are unquoted and unqualified: a case-insensitive comparison is the whole match. */
        private static SecretColumn named(SecretColumn[] secrets, String column) {
            for (SecretColumn c : secrets) {
                if (c.column().equalsIgnoreCase(column)) {
                    return c;
                }
            }
            return null;
        }
    }
}
