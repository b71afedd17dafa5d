package io.secretjdbc.sql;

/**
 * The DDL that adds a blind index column (reference §3.1, §7), in one place: the driver's refusal for a
 * table that lacks the column and the command line's {@code scan} note give the same text. The column
 * holds the Base64 of 16 bytes, always 24 ASCII characters; {@code VARCHAR(24)} is accepted by every
 * backend (SQLite gives it TEXT affinity) and, unlike {@code CHAR}, never pads or trims on comparison.
 */
public final class IndexColumnDdl {

    /** The column type of a blind index column on every backend. */
    public static final String COLUMN_TYPE = "VARCHAR(24)";

    private IndexColumnDdl() {
    }

    /**
     * {@code ALTER TABLE t ADD COLUMN c VARCHAR(24); CREATE INDEX t_c_idx ON t (c) (CREATE UNIQUE INDEX
     * for a unique secret)}, for {@code table} as written in SQL.
     */
    public static String addColumnAndIndex(String table, String indexColumn) {
        return "ALTER TABLE " + table + " ADD COLUMN " + indexColumn + " " + COLUMN_TYPE + "; CREATE INDEX "
                + table.replaceAll("[^A-Za-z0-9_]", "_") + "_" + indexColumn + "_idx ON " + table + " (" + indexColumn
                + ") (CREATE UNIQUE INDEX for a unique secret)";
    }
}
