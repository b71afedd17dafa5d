package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.registry.SecretTable;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges schema statements whose text names a registry table, by their tokens ({@link Words}): most of
 * them (PostgreSQL's PARTITION OF, MariaDB's CHANGE, H2's ALTER COLUMN ... RENAME) do not parse, and a
 * parse would not say more. Refused: whatever opens a path to a secret column that the driver cannot
 * see (a view, partition or inheritance child, a table made from a query or like another, a non-NULL
 * DEFAULT, a generated or ON UPDATE value, a USING conversion, a foreign key with cascading actions, COPY
 * and LOAD DATA, a rename to or from a registry table or secret column). Routines and triggers are
 * refused before, by {@link UnreadSql}.
 *
 * <p>The outcome: refused (a {@link Refusal} is thrown), {@link Verdict#PASS} (plain DDL, sent as it is
 * with no parse) or {@link Verdict#PARSE} (not a schema statement this class reads whole, such as a
 * CREATE TABLE ... AS SELECT into a plain table: the planner parses and judges it as before).
 */
final class DdlJudge {

    enum Verdict { PASS, PARSE }

    private static final String INSTEAD = " Run this DDL through a connection without jdbc:secret: if it is really"
            + " meant, then install the database-side guard (secret-jdbc guard) so that nothing can store plaintext"
            + " through it.";

    private final SecretRegistry registry;
    /** The registry table the text names (found by {@link TableMentions}): stands in for names not read. */
    private final SecretTable mentioned;
    private List<Words.Token> tokens;

    DdlJudge(SecretRegistry registry, String mentionedTable) {
        this.registry = registry;
        this.mentioned = registry.table(mentionedTable);
    }

    /** True when {@code sql} starts with a statement this class judges (no allocation). */
    static boolean reads(String sql) {
        int i = Words.firstWordAt(sql, 0);
        return SchemaChange.startsSchemaChange(sql) || Words.wordAt(sql, i, "COPY") || Words.wordAt(sql, i, "LOAD");
    }

    Verdict judge(String sql) {
        Verdict verdict = judge(Words.of(sql, false));
        if (sql.indexOf('\\') >= 0) {
            // Where a backslash ends a string is read differently by MariaDB and standard SQL: judge both.
            Verdict other = judge(Words.of(sql, true));
            verdict = verdict == Verdict.PASS && other == Verdict.PASS ? Verdict.PASS : Verdict.PARSE;
        }
        return verdict;
    }

    private Verdict judge(List<Words.Token> all) {
        int start = 0;
        while (start < all.size() && all.get(start).isPunct('(')) {
            start++;
        }
        tokens = all.subList(start, all.size());
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isPunct(';') && i + 1 < tokens.size()) {
                return Verdict.PARSE; // several statements: the parser refuses them
            }
        }
        if (tokens.isEmpty()) {
            return Verdict.PARSE;
        }
        Words.Token first = tokens.get(0);
        if (first.is("CREATE")) {
            return create();
        }
        if (first.is("ALTER") && at(1, "TABLE")) {
            return alterTable();
        }
        if (first.is("ALTER") && (at(1, "VIEW") || at(1, "MATERIALIZED"))) {
            throw refused(mentioned, "ALTER VIEW (a view over it reads and may write it past the driver)",
                    " Query the table itself.");
        }
        if (first.is("RENAME")) {
            throw refused(mentioned, "RENAME TABLE (renaming a table to or from a secret table's name moves"
                    + " plaintext into it or ciphertext out of it)", " Copy the rows through jdbc:secret: instead.");
        }
        if (first.is("COPY")) {
            throw refused(mentioned, "COPY (rows are loaded or unloaded by the server, unencrypted)",
                    " Insert the rows with parameters through jdbc:secret: (secret-jdbc migrate encrypts a table in place).");
        }
        if (first.is("LOAD")) {
            throw refused(mentioned, "LOAD DATA / LOAD XML (rows are loaded by the server, unencrypted)",
                    " Insert the rows with parameters through jdbc:secret: (secret-jdbc migrate encrypts a table in place).");
        }
        if (first.is("DROP") || first.is("TRUNCATE")) {
            return Verdict.PASS;
        }
        return Verdict.PARSE;
    }

    // ---------------------------------------------------------------------------------------- CREATE

    private Verdict create() {
        for (int k = 1; k < tokens.size() && k < 24; k++) {
            Words.Token t = tokens.get(k);
            if (t.is("VIEW")) {
                throw refused(mentioned, "CREATE VIEW over it (a view reads, and may write, the table past the"
                        + " driver: SELECT password FROM v would return ciphertext as if it were the data, an INSERT"
                        + " into v would store plaintext)", " Query the table itself, with its secret columns,"
                        + " through jdbc:secret:.");
            }
            if (t.is("TABLE")) {
                return createTable(k + 1);
            }
            if (t.is("INDEX")) {
                return createIndex(k + 1);
            }
            if (t.is("SCHEMA") || t.is("SEQUENCE") || t.is("TYPE") || t.is("DATABASE")) {
                return Verdict.PARSE;
            }
        }
        return Verdict.PARSE;
    }

    private Verdict createTable(int i) {
        i = skipWords(i, "IF", "NOT", "EXISTS");
        int nameAt = i;
        i = skipQualifiedName(i);
        SecretTable target = target(nameAt, i);
        for (int k = i; k < tokens.size(); k++) {
            Words.Token t = tokens.get(k);
            if (t.is("INHERITS")) {
                throw refused(target != null ? target : mentioned, "INHERITS (an inheritance child of a secret table"
                        + " is written past the driver and read through it)", " Use a separate plain table.");
            }
            if (t.is("PARTITION") && at(k + 1, "OF")) {
                throw refused(target != null ? target : mentioned, "PARTITION OF (rows written to the partitioned"
                        + " table or a partition are routed past the driver)", " Use a separate plain table.");
            }
            if (t.is("EXECUTE")) {
                throw refused(target != null ? target : mentioned, "CREATE TABLE ... AS EXECUTE", "");
            }
        }
        if (target == null) {
            return hasQuery(i) ? Verdict.PARSE : Verdict.PASS;
        }
        if (hasQuery(i)) {
            throw refused(target, "CREATE TABLE ... AS SELECT (the rows are copied by the database, unencrypted)",
                    " Create the table, then copy the rows with INSERT ... SELECT or with parameters through jdbc:secret:.");
        }
        if (at(i, "LIKE") || at(i, "CLONE")) {
            throw refused(target, "CREATE TABLE ... LIKE (it copies defaults the driver has not seen)",
                    " List the columns, with NULL defaults for secret columns.");
        }
        if (i < tokens.size() && tokens.get(i).isPunct('(')) {
            for (List<Words.Token> element : elements(i)) {
                if (element.isEmpty()) {
                    continue;
                }
                if (element.get(0).is("LIKE")) {
                    throw refused(target, "CREATE TABLE (LIKE ...) (it copies defaults the driver has not seen)",
                            " List the columns, with NULL defaults for secret columns.");
                }
                tableElement(target, element, "CREATE TABLE");
            }
        }
        return Verdict.PASS;
    }

    /** AS SELECT / AS ( / SELECT / WITH / VALUES / TABLE after the name or the column list, at depth 0. */
    private boolean hasQuery(int from) {
        int depth = 0;
        for (int k = from; k < tokens.size(); k++) {
            Words.Token t = tokens.get(k);
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')')) {
                depth--;
            } else if (depth == 0 && (t.is("AS") || t.is("SELECT") || t.is("VALUES")
                    || (t.is("WITH") && !(k + 1 < tokens.size() && tokens.get(k + 1).isPunct('('))))) {
                return true;
            }
        }
        return false;
    }

    /** CREATE INDEX ... ON t (...) WHERE ...: a partial index condition on a secret column compares ciphertext. */
    private Verdict createIndex(int i) {
        int on = indexOf(i, "ON");
        if (on < 0) {
            return Verdict.PASS;
        }
        int nameAt = skipWords(on + 1, "ONLY");
        SecretTable target = target(nameAt, skipQualifiedName(nameAt));
        int where = indexOf(on, "WHERE");
        if (target != null && where >= 0) {
            SecretColumn c = secretNamed(target, where + 1, tokens.size());
            if (c != null) {
                throw refused(target, "a partial index condition on secret column " + c + " (it compares"
                        + " ciphertext, and its values are sent in the clear)", " Index without the condition.");
            }
        }
        return Verdict.PASS;
    }

    // ---------------------------------------------------------------------------------- ALTER TABLE

    private Verdict alterTable() {
        int i = skipWords(2, "IF", "EXISTS", "ONLY");
        int nameAt = i;
        i = skipQualifiedName(i);
        if (i < tokens.size() && tokens.get(i).isPunct('*')) {
            i++;
        }
        SecretTable target = target(nameAt, i);
        for (List<Words.Token> action : actions(i)) {
            alterAction(target, action);
        }
        return Verdict.PASS;
    }

    private void alterAction(SecretTable target, List<Words.Token> a) {
        if (a.isEmpty()) {
            return;
        }
        if (has(a, "ATTACH") && has(a, "PARTITION")) {
            throw refused(target != null ? target : mentioned, "ATTACH PARTITION (rows of the attached table, or"
                    + " written to it later, become rows of the partitioned table past the driver)",
                    " Copy the rows through jdbc:secret: instead.");
        }
        if (a.get(0).is("INHERIT")) {
            throw refused(target != null ? target : mentioned, "INHERIT (an inheritance child of a secret table"
                    + " is written past the driver and read through it)", " Use a separate plain table.");
        }
        if (a.get(0).is("RENAME")) {
            rename(target, a);
            return;
        }
        if (target == null) {
            return;
        }
        Words.Token verb = a.get(0);
        if (verb.is("ADD")) {
            int k = skipWords(a, 1, "COLUMN", "IF", "NOT", "EXISTS");
            if (k < a.size() && a.get(k).isPunct('(')) {
                for (List<Words.Token> element : elements(a, k)) {
                    tableElement(target, element, "ALTER TABLE ... ADD");
                }
            } else {
                tableElement(target, a.subList(k, a.size()), "ALTER TABLE ... ADD");
            }
        } else if (verb.is("MODIFY")) {
            int k = skipWords(a, 1, "COLUMN", "IF", "EXISTS");
            tableElement(target, a.subList(k, a.size()), "ALTER TABLE ... MODIFY");
        } else if (verb.is("CHANGE")) {
            int k = skipWords(a, 1, "COLUMN", "IF", "EXISTS");
            if (k + 1 < a.size()) {
                SecretColumn from = secret(target, a.get(k));
                SecretColumn to = secret(target, a.get(k + 1));
                if ((from != null || to != null) && !a.get(k).name().equals(a.get(k + 1).name())) {
                    throw renamedColumn(from != null ? from : to);
                }
                tableElement(target, a.subList(k + 1, a.size()), "ALTER TABLE ... CHANGE");
            }
        } else if (verb.is("ALTER")) {
            int k = skipWords(a, 1, "COLUMN");
            if (k < a.size()) {
                alterColumn(target, a, k);
            }
        }
    }

    /** ALTER [COLUMN] c SET DEFAULT / TYPE ... USING / SET ON UPDATE / ... RENAME TO (H2). */
    private void alterColumn(SecretTable target, List<Words.Token> a, int k) {
        SecretColumn c = secret(target, a.get(k));
        int rename = indexOf(a, k + 1, "RENAME");
        if (rename >= 0 && rename + 2 < a.size()) {
            SecretColumn to = secret(target, a.get(rename + 2));
            if (c != null || to != null) {
                throw renamedColumn(c != null ? c : to);
            }
        }
        if (c == null) {
            return;
        }
        for (int j = k + 1; j < a.size(); j++) {
            Words.Token t = a.get(j);
            if (t.is("DEFAULT") && !(j > k + 1 && a.get(j - 1).is("DROP")) && !nullAt(a, j + 1)) {
                throw defaultOn(c);
            }
            if (t.is("USING")) {
                throw refused(target, "ALTER COLUMN ... TYPE ... USING on secret column " + c + " (the database"
                        + " computes new values from the ciphertext, or from other columns, unencrypted)",
                        " Change the type without USING, or read, convert and write the values through jdbc:secret:.");
            }
            if (t.is("GENERATED") || t.is("IDENTITY") || t.is("EXPRESSION") || t.is("AS")
                    || (t.is("ON") && j + 1 < a.size() && a.get(j + 1).is("UPDATE"))) {
                throw generatedOn(c);
            }
        }
    }

    private void rename(SecretTable target, List<Words.Token> a) {
        int k = 1;
        if (k < a.size() && (a.get(k).is("TO") || a.get(k).is("AS"))) {
            SecretTable to = k + 1 < a.size() ? registry.table(a.get(k + 1).name()) : null;
            if (target != null || to != null || unreadName(a, k + 1)) {
                throw refused(target != null ? target : to != null ? to : mentioned, "renaming a table to or from"
                        + " a secret table's name (plaintext written under the old name would become secret values,"
                        + " or ciphertext plain values)", " Copy the rows through jdbc:secret: instead.");
            }
            return;
        }
        if (k < a.size() && (a.get(k).is("CONSTRAINT") || a.get(k).is("INDEX") || a.get(k).is("KEY"))) {
            return;
        }
        k = skipWords(a, k, "COLUMN");
        int to = indexOf(a, k, "TO");
        if (target != null && to > k && to + 1 < a.size()) {
            SecretColumn from = secret(target, a.get(k));
            SecretColumn into = secret(target, a.get(to + 1));
            if (from != null || into != null) {
                throw renamedColumn(from != null ? from : into);
            }
        }
    }

    // ------------------------------------------------------------------------- column definitions

    /** A column definition or table constraint, in CREATE TABLE or ALTER TABLE ... ADD / MODIFY / CHANGE. */
    private void tableElement(SecretTable target, List<Words.Token> e, String clause) {
        if (e.isEmpty()) {
            return;
        }
        Words.Token first = e.get(0);
        if (first.is("CONSTRAINT") || first.is("FOREIGN") || first.is("PRIMARY") || first.is("UNIQUE")
                || first.is("CHECK") || first.is("KEY") || first.is("INDEX") || first.is("FULLTEXT")
                || first.is("SPATIAL") || first.is("EXCLUDE") || first.is("PERIOD")) {
            int fk = indexOf(e, 0, "FOREIGN");
            if (fk >= 0) {
                int references = indexOf(e, fk, "REFERENCES");
                SecretColumn c = secretNamed(target, e, fk, references < 0 ? e.size() : references);
                if (c != null) {
                    throw foreignKey(c);
                }
            }
            return;
        }
        SecretColumn c = secret(target, first);
        if (c == null) {
            return;
        }
        int depth = 0;
        for (int j = 1; j < e.size(); j++) {
            Words.Token t = e.get(j);
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')')) {
                depth--;
            } else if (depth == 0) {
                if (t.is("DEFAULT") && !nullAt(e, j + 1)) {
                    throw defaultOn(c);
                }
                if (t.is("GENERATED") || t.is("AS") || t.is("COMPUTED") || t.is("VIRTUAL") || t.is("PERSISTENT")
                        || t.is("STORED") || t.is("IDENTITY") || t.is("AUTO_INCREMENT") || t.is("AUTOINCREMENT")
                        || t.is("SERIAL") || t.is("BIGSERIAL") || t.is("SMALLSERIAL")
                        || (t.is("ON") && j + 1 < e.size() && e.get(j + 1).is("UPDATE"))) {
                    throw generatedOn(c);
                }
                if (t.is("REFERENCES")) {
                    throw foreignKey(c);
                }
            }
        }
    }

    private static boolean nullAt(List<Words.Token> e, int j) {
        while (j < e.size() && e.get(j).isPunct('(')) {
            j++;
        }
        return j < e.size() && e.get(j).is("NULL");
    }

    // ------------------------------------------------------------------------------- the refusals

    private static Refusal refused(SecretTable table, String construct, String instead) {
        return new Refusal("the statement would open a side path to secret table " + table.name() + ": " + construct
                + ", where secret-jdbc cannot encrypt or decrypt, so it is refused." + instead + INSTEAD);
    }

    private static Refusal defaultOn(SecretColumn c) {
        return new Refusal("a non-NULL DEFAULT on secret column " + c + " is refused: the database would store the"
                + " default unencrypted. Leave the column's default NULL (or DEFAULT NULL), and write the value"
                + " through jdbc:secret:." + INSTEAD);
    }

    private static Refusal generatedOn(SecretColumn c) {
        return new Refusal("a generated, computed, identity or ON UPDATE value on secret column " + c + " is refused:"
                + " the database would compute and store it unencrypted. Compute the value in the application and"
                + " write it through jdbc:secret:." + INSTEAD);
    }

    private static Refusal foreignKey(SecretColumn c) {
        return new Refusal("a foreign key on secret column " + c + " is refused: it compares ciphertext with other"
                + " values, and ON UPDATE / ON DELETE actions would write values past the driver. Reference a"
                + " non-secret key column instead." + INSTEAD);
    }

    private static Refusal renamedColumn(SecretColumn c) {
        return new Refusal("renaming a column to or from secret column " + c + " is refused: plaintext stored under"
                + " the old name would become secret values, or ciphertext plain values. Add the new column, copy the"
                + " values through jdbc:secret:, then drop the old one." + INSTEAD);
    }

    // ------------------------------------------------------------------------------------ tokens

    /** The registry table named by tokens [from, to), or the mentioned one when the name is not read. */
    private SecretTable target(int from, int to) {
        if (from >= to || from >= tokens.size()) {
            return mentioned;
        }
        if (unreadName(tokens, to - 1)) {
            return mentioned; // U&"..." and the like: treated as the table the text names
        }
        return registry.table(tokens.get(to - 1).name());
    }

    /** A name this class does not decode (PostgreSQL's U&"..."), or a token that is no name at all. */
    private static boolean unreadName(List<Words.Token> list, int k) {
        if (k >= list.size()) {
            return false;
        }
        Words.Token t = list.get(k);
        return t.text().indexOf('\u0000') >= 0 || t.kind() == Words.Kind.PUNCT;
    }

    private SecretColumn secret(SecretTable table, Words.Token t) {
        if (t.kind() == Words.Kind.WORD || t.kind() == Words.Kind.QUOTED || t.kind() == Words.Kind.STRING) {
            if (t.text().indexOf('\u0000') >= 0 && !table.secretColumns().isEmpty()) {
                return table.secretColumns().iterator().next(); // a name not decoded: fail closed
            }
            return table.secretColumn(t.name());
        }
        return null;
    }

    private SecretColumn secretNamed(SecretTable table, int from, int to) {
        return secretNamed(table, tokens, from, to);
    }

    private SecretColumn secretNamed(SecretTable table, List<Words.Token> list, int from, int to) {
        for (int k = from; k < to && k < list.size(); k++) {
            SecretColumn c = secret(table, list.get(k));
            if (c != null && list.get(k).kind() != Words.Kind.STRING) {
                return c;
            }
        }
        return null;
    }

    /** Past a possibly qualified name: name [. name [. name]]. */
    private int skipQualifiedName(int i) {
        if (i >= tokens.size()) {
            return i;
        }
        i++;
        while (i + 1 < tokens.size() && tokens.get(i).isPunct('.')) {
            i += 2;
        }
        return i;
    }

    private int skipWords(int i, String... words) {
        return skipWords(tokens, i, words);
    }

    private static int skipWords(List<Words.Token> list, int i, String... words) {
        outer:
        while (i < list.size()) {
            for (String w : words) {
                if (list.get(i).is(w)) {
                    i++;
                    continue outer;
                }
            }
            return i;
        }
        return i;
    }

    private boolean at(int i, String word) {
        return i < tokens.size() && tokens.get(i).is(word);
    }

    private int indexOf(int from, String word) {
        return indexOf(tokens, from, word);
    }

    private static int indexOf(List<Words.Token> list, int from, String word) {
        for (int k = Math.max(0, from); k < list.size(); k++) {
            if (list.get(k).is(word)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean has(List<Words.Token> list, String word) {
        return indexOf(list, 0, word) >= 0;
    }

    /** The comma-separated elements inside the parenthesis that opens at {@code open}. */
    private List<List<Words.Token>> elements(int open) {
        return elements(tokens, open);
    }

    private static List<List<Words.Token>> elements(List<Words.Token> list, int open) {
        List<List<Words.Token>> out = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int k = open; k < list.size(); k++) {
            Words.Token t = list.get(k);
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')')) {
                if (--depth == 0) {
                    out.add(list.subList(start, k));
                    return out;
                }
            } else if (t.isPunct(',') && depth == 1) {
                out.add(list.subList(start, k));
                start = k + 1;
            }
        }
        out.add(list.subList(Math.min(start, list.size()), list.size())); // unclosed: judge what there is
        return out;
    }

    /** The comma-separated actions of an ALTER TABLE, from {@code from} to the end, at depth 0. */
    private List<List<Words.Token>> actions(int from) {
        List<List<Words.Token>> out = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int k = from; k < tokens.size(); k++) {
            Words.Token t = tokens.get(k);
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')')) {
                depth--;
            } else if ((t.isPunct(',') || t.isPunct(';')) && depth == 0) {
                out.add(tokens.subList(start, k));
                start = k + 1;
            }
        }
        out.add(tokens.subList(Math.min(start, tokens.size()), tokens.size()));
        return out;
    }
}
