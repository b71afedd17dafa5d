package io.secretjdbc.sql;

import java.util.Locale;

/**
 * The database a statement goes to, as far as reading its text is concerned: which quotes make strings
 * and names, which comments exist and whether they nest, which escapes a string holds (see
 * {@link SqlLexer}). The planner reads each statement by these rules, so that it sees the tokens the
 * database will see. {@link #UNKNOWN} reads by every rule at once and refuses where they disagree.
 */
public enum Dialect {
    /** SQLite: {@code 'x'} may be a name, {@code "x"} may be a string, {@code [x]} and backticks are names. */
    SQLITE,
    /** PostgreSQL: dollar quotes, {@code E'...'}, {@code U&'...'} and {@code U&"..."}, nested comments. */
    POSTGRESQL,
    /**
     * MariaDB and MySQL: executed {@code /*! ... *}{@code /} comments, {@code #} comments, {@code --} only
     * before a space, backslash escapes and {@code "..."} strings unless the session's {@code sql_mode}
     * says otherwise (a mode the driver cannot know, so what the modes read differently is refused).
     */
    MARIADB,
    /** H2: {@code U&"..."}, {@code $$...$$} strings, {@code //} line comments. */
    H2,
    /**
     * Any other database: standard SQL ({@code "x"} a name, {@code --} a comment), refusing what
     * standard-SQL databases read differently (backslashes in strings, nested comments, dollar quotes,
     * escapes in {@code U&"..."}, strings joined across white space). MariaDB, MySQL and H2 syntax is never
     * read this way: their URLs and product names tell them apart.
     */
    UNKNOWN;

    /** The dialect of a JDBC URL ({@code jdbc:sqlite:...}), or {@link #UNKNOWN}. */
    public static Dialect ofUrl(String url) {
        if (url == null) {
            return UNKNOWN;
        }
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        }
        return UNKNOWN;
    }

    /** The dialect of a {@code DatabaseMetaData.getDatabaseProductName()}, or {@link #UNKNOWN}. */
    public static Dialect ofProductName(String product) {
        if (product == null) {
            return UNKNOWN;
        }
        String p = product.trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "sqlite" -> SQLITE;
            case "postgresql" -> POSTGRESQL;
            case "mariadb", "mysql" -> MARIADB;
            case "h2" -> H2;
            default -> UNKNOWN;
        };
    }

    /** What the messages call the database. */
    String displayName() {
        return switch (this) {
            case SQLITE -> "SQLite";
            case POSTGRESQL -> "PostgreSQL";
            case MARIADB -> "MariaDB/MySQL";
            case H2 -> "H2";
            case UNKNOWN -> "some databases";
        };
    }
}
