package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each dialect's reading of the text (what the database sees), and the planner's use of it: the
 * literal values and boundaries, the parser's text, and what is refused as ambiguous.
 */
class SqlLexerTest {

    private static final SecretRegistry REGISTRY = SecretRegistry.builder()
            .secretInput("creds", "password").secretInput("creds", "api_token").plain("creds", "username").build();

    private static List<String> values(String sql, Dialect dialect) {
        SqlText text = SqlText.lex(sql, dialect);
        assertThat(text.ambiguity()).as("ambiguity of " + sql).isNull();
        return text.literals().stream().map(SqlText.Literal::value).toList();
    }

    private static String ambiguity(String sql, Dialect dialect) {
        return SqlText.lex(sql, dialect).ambiguity();
    }

    @Test
    void aBackslashIsAcceptedOnlyWhereBothSessionModesReadTheSameTokens() {
        // Hibernate's LIKE ... ESCAPE: PostgreSQL writes '\' (the other mode never closes the string: the
        // database would refuse the statement), MariaDB '\\' (both modes end the string at the same quote).
        assertThat(ambiguity("select a from t where u like ? escape '\\' order by a fetch first ? rows only",
                Dialect.POSTGRESQL)).isNull();
        assertThat(ambiguity("select a from t where u like ? escape '\\\\' order by a limit ?", Dialect.MARIADB))
                .isNull();
        // The other mode closes the string elsewhere: every later ? could be another parameter.
        assertThat(ambiguity("update t set u = '\\', p = ? where id = 'x'", Dialect.POSTGRESQL))
                .contains("standard_conforming_strings");
        assertThat(ambiguity("select a from t where u like ? escape '\\' and p = 'x'", Dialect.POSTGRESQL))
                .contains("standard_conforming_strings");
        // Same boundaries, different values: accepted only as an ESCAPE character, never as a value.
        assertThat(ambiguity("insert into t (p) values ('a\\\\b')", Dialect.MARIADB)).contains("NO_BACKSLASH_ESCAPES");
        assertThat(ambiguity("insert into t (p) values ('escape' '\\\\')", Dialect.MARIADB)).contains("NO_BACKSLASH_ESCAPES");
    }

    @Test
    void mariadbReadsBackslashesHashCommentsAndJoinsAdjacentStrings() {
        assertThat(values("SELECT 'a' 'b', 'c' /* x */ 'd' # '", Dialect.MARIADB)).containsExactly("ab", "cd");
        assertThat(SqlText.lex("SELECT 1 # it's\n, 2", Dialect.MARIADB).markedSql()).isEqualTo("SELECT 1  , 2");
        assertThat(SqlText.lex("SELECT 1 -- it's\n, 2", Dialect.MARIADB).markedSql()).isEqualTo("SELECT 1  , 2");
        assertThat(values("SELECT `it's`, `a``b`, 'x'", Dialect.MARIADB)).containsExactly("x");
        assertThat(ambiguity("UPDATE t SET a = 1 --1", Dialect.MARIADB)).contains("'--' not followed by a space");
        assertThat(ambiguity("UPDATE t SET a = 'x' /*!, b = 'y' */", Dialect.MARIADB)).contains("/*!");
        assertThat(ambiguity("UPDATE t SET a = 'x' /*M!100000 , b = 'y' */", Dialect.MARIADB)).contains("/*!");
        assertThat(ambiguity("SELECT 'a\\'', 'b'", Dialect.MARIADB)).contains("NO_BACKSLASH_ESCAPES");
        assertThat(ambiguity("SELECT \"x\"", Dialect.MARIADB)).contains("ANSI_QUOTES");
        // MariaDB does not nest comments: the comment ends at the first */.
        assertThat(SqlText.lex("SELECT /* /* */ 'x'", Dialect.MARIADB).literals()).hasSize(1);
    }

    @Test
    void postgresqlReadsDollarQuotesEStringsUnicodeAndNestedComments() {
        assertThat(values("SELECT $q$it's$q$, $$a$$, E'a\\'b', E'\\\\', U&'d\\0061t!', U&'x!0041' UESCAPE '!'",
                Dialect.POSTGRESQL)).containsExactly("it's", "a", "a'b", "\\", "dat!", "xA");
        assertThat(values("SELECT 'a'\n  'b', 'c' 'd'", Dialect.POSTGRESQL)).containsExactly("ab", "c", "d");
        assertThat(SqlText.lex("SELECT /* a /* b */ 'not a string' */ 1", Dialect.POSTGRESQL).literals()).isEmpty();
        assertThat(SqlText.lex("INSERT INTO U&\"cr\\0065ds\" (U&\"p!0061ssword\" UESCAPE '!') VALUES (1)",
                Dialect.POSTGRESQL).markedSql()).isEqualTo("INSERT INTO \"creds\" (\"password\") VALUES (1)");
        assertThat(ambiguity("SELECT 'a\\', 'b'", Dialect.POSTGRESQL)).contains("standard_conforming_strings");
        assertThat(ambiguity("SELECT U&'\\zzzz'", Dialect.POSTGRESQL)).contains("escapes cannot be read");
        assertThat(ambiguity("SELECT E'\\x41'", Dialect.POSTGRESQL)).contains("escape");
    }

    @Test
    void h2AndSqliteReadTheirOwnForms() {
        assertThat(values("SELECT $$it's$$, U&'\\0061' // it's\n", Dialect.H2)).containsExactly("it's", "a");
        assertThat(ambiguity("SELECT 1 /* /* */ */", Dialect.H2)).contains("nested");
        assertThat(values("SELECT 'a\\', \"it's\", [it's], `it's`, 'b'", Dialect.SQLITE)).containsExactly("a\\", "b");
        assertThat(SqlText.lex("INSERT INTO 'creds' VALUES (1)", Dialect.SQLITE).singleQuotedTableName()).isTrue();
        assertThat(SqlText.lex("UPDATE main.'creds' SET a = 1", Dialect.SQLITE).singleQuotedTableName()).isTrue();
        assertThat(SqlText.lex("SELECT 'creds' FROM t", Dialect.SQLITE).singleQuotedTableName()).isFalse();
        assertThat(SqlText.lex("CREATE TABLE t (a text ON UPDATE 'x')", Dialect.SQLITE).singleQuotedTableName()).isFalse();
        Plan quoted = new Planner(REGISTRY, null, Dialect.SQLITE).plan("INSERT INTO 'creds' (id, password) VALUES (1, 'x')");
        assertThatThrownBy(quoted::checkAllowed).hasMessageContaining("single-quoted table name");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 'a\\', 'b' FROM t",
        "SELECT 1 /* /* */ */",
        "SELECT $$x$$",
        "SELECT U&\"a\\0062\"",
        "SELECT 'x' 'y'",
        "SELECT 'unterminated",
    })
    void theUnknownDialectRefusesWhatStandardDatabasesReadDifferently(String sql) {
        assertThat(ambiguity(sql, Dialect.UNKNOWN)).isNotNull();
    }

    @Test
    void textsOfOneShapeLexAlike() {
        for (Dialect d : Dialect.values()) {
            SqlText a = SqlText.lex("UPDATE t SET a = 'x', b = 'it''s' /* c */ WHERE id = 7", d);
            SqlText b = SqlText.lex("UPDATE t SET a = 'yy', b = 'zz' /* c */ WHERE id = 12", d);
            assertThat(a.shape()).as(d.name()).isEqualTo(b.shape());
            assertThat(a.markedSql().replaceAll("\\d+", "0")).isEqualTo(b.markedSql().replaceAll("\\d+", "0"));
        }
    }

    @Test
    void anEscapedNameIsFoundAndEncryptedWhereTheDatabaseDecodesIt() throws SQLException {
        for (Dialect d : List.of(Dialect.POSTGRESQL, Dialect.H2)) {
            Planner planner = new Planner(REGISTRY, null, d);
            Plan plan = planner.plan("INSERT INTO U&\"cr\\0065ds\" (id, U&\"p\\0061ssword\") VALUES (1, 'x')");
            plan.checkAllowed();
            assertThat(plan.secretLiteralCount()).as(d.name()).isEqualTo(1);
            assertThat(planner.plan("SELECT U&\"x\\0061\" FROM t").isPassThrough()).isTrue();
        }
        // SQLite and MariaDB have no U& names: the text names no registry table there.
        assertThat(new Planner(REGISTRY, null, Dialect.SQLITE).plan("SELECT U&\"cr\\0065ds\"").isPassThrough()).isTrue();
    }

    @Test
    void whatRealClientsWriteStillPlans() throws SQLException {
        Plan hash = new Planner(REGISTRY, null, Dialect.MARIADB)
                .plan("INSERT INTO `creds` (`id`, `password`) VALUES (1, 'x') # trailing comment");
        hash.checkAllowed();
        assertThat(hash.secretLiteralCount()).isEqualTo(1);
        Plan e = new Planner(REGISTRY, null, Dialect.POSTGRESQL)
                .plan("INSERT INTO creds (id, username, password) VALUES (1, E'it\\'s', $$p$$)");
        e.checkAllowed();
        assertThat(e.secretLiteralCount()).isEqualTo(1);
        assertThat(e.render(v -> "<" + v + ">")).isEqualTo("INSERT INTO creds (id, username, password) VALUES (1, E'it\\'s', '<p>')");
    }

    @Test
    void ambiguousTextNamingARegistryTableIsRefusedWithoutQuotingIt() {
        Plan plan = new Planner(REGISTRY, null, Dialect.MARIADB)
                .plan("INSERT INTO creds (id, username, password) VALUES (1, '\\', NULL) -- ', 'mk0secret')");
        assertThatThrownBy(plan::checkAllowed).isInstanceOf(SQLException.class)
                .hasMessageContaining("secret table creds").hasMessageContaining("backslash")
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("mk0secret"));
        assertThat(new Planner(REGISTRY, null, Dialect.MARIADB).plan("SELECT 'a\\b' FROM other").isPassThrough()).isTrue();
    }

    @Test
    void dialectsAreToldByUrlAndProductName() {
        assertThat(Dialect.ofUrl("jdbc:mysql://h/db")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.ofUrl("jdbc:postgresql://h/db")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.ofUrl("jdbc:recording:sqlite:x")).isEqualTo(Dialect.UNKNOWN);
        assertThat(Dialect.ofProductName("MariaDB")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.ofProductName("H2")).isEqualTo(Dialect.H2);
        assertThat(Dialect.ofProductName("Oracle")).isEqualTo(Dialect.UNKNOWN);
    }
}
