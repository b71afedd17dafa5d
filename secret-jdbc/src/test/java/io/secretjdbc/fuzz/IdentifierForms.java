package io.secretjdbc.fuzz;

import io.secretjdbc.testing.Backend;

import java.util.Locale;
import java.util.Random;

/**
 * How PostgreSQL and H2 let an application spell a table or column name: in any case unquoted (folded
 * to lower case by PostgreSQL, to upper case by H2), double-quoted in the folded case, {@code U&"…"}
 * with four- and (PostgreSQL) six-digit escapes or another {@code UESCAPE} character, schema- and
 * catalog-qualified. Written from the two databases' documentation, apart from the planner's lexer.
 *
 * <p>{@link #quotedOtherCase} spells a name that differs from the table's only in case, which the
 * database reads as another (missing) table: the oracle still counts it as the registry table (a
 * name the driver might get wrong is possibly secret, reference §4).
 */
final class IdentifierForms {

    private final Backend backend;
    private final Random r;
    private final String catalog;

    /** @param catalog the database's name (catalog), in lower case */
    IdentifierForms(Backend backend, Random r, String catalog) {
        this.backend = backend;
        this.r = r;
        this.catalog = catalog;
    }

    /** The name as the database stores an unquoted one. */
    String folded(String name) {
        return backend == Backend.H2 ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    }

    /** A spelling of {@code name} (lower case, unquoted in the DDL) that the database resolves to it. */
    String name(String name) {
        return switch (r.nextInt(12)) {
            case 0, 1, 2 -> Schema.cased(name, r);
            case 3, 4 -> "\"" + folded(name) + "\"";
            case 5, 6, 7 -> unicode(folded(name));
            case 8 -> quotedOtherCase(name);
            default -> name;
        };
    }

    /** A table, sometimes with its schema, or catalog and schema, in front. */
    String table(String name) {
        return switch (r.nextInt(8)) {
            case 0 -> name("public") + "." + name(name);
            case 1 -> name(catalog) + "." + name("public") + "." + name(name);
            default -> name(name);
        };
    }

    /** Double quotes around a case the database does not fold to: another name than the table's. */
    private String quotedOtherCase(String name) {
        String other = backend == Backend.H2 ? name.toLowerCase(Locale.ROOT) : name.toUpperCase(Locale.ROOT);
        return "\"" + other + "\"";
    }

    /** {@code U&"…"} with some characters escaped, by backslash or by a UESCAPE character. */
    String unicode(String exact) {
        boolean bang = r.nextInt(4) == 0;
        char escape = bang ? '!' : '\\';
        StringBuilder s = new StringBuilder(backend == Backend.POSTGRESQL && r.nextBoolean() ? "u&\"" : "U&\"");
        for (char c : exact.toCharArray()) {
            int pick = r.nextInt(3);
            if (pick == 0) {
                s.append(escape).append(String.format("%04x", (int) c));
            } else if (pick == 1 && backend == Backend.POSTGRESQL) {
                s.append(escape).append('+').append(String.format("%06X", (int) c));
            } else {
                s.append(c);
            }
        }
        s.append('"');
        if (bang) {
            s.append(" UESCAPE '!'");
        }
        return s.toString();
    }

    /** A string literal holding {@code marker} verbatim, in one of the forms of the dialect. */
    String literal(String marker) {
        int forms = backend == Backend.POSTGRESQL ? 6 : 4;
        return switch (r.nextInt(forms)) {
            case 0 -> "U&'" + marker + "\\0021'";
            case 1 -> "$$" + marker + "$$";
            case 4 -> "E'" + marker + "\\n'";
            case 5 -> "$q$" + marker + " it's$q$";
            default -> "'" + marker + "'";
        };
    }
}
