package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretColumn;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL that real clients generate (issue 11; DESIGN.md "SQL that real clients generate"), planned as
 * the database reads it: allowed where no plaintext can reach the database, and each allowance's abuse
 * refused (the same abuses run end to end in attacks/compat.tsv).
 */
class ClientSqlPlannerTest {

    /** The primary keys the database would report: id for both registry tables. */
    private static final ColumnOrder KEYS = new ColumnOrder() {
        @Override
        public List<String> columns(String table) {
            return List.of();
        }

        @Override
        public List<String> primaryKey(String table) {
            return List.of("id");
        }
    };

    private final Planner planner = new Planner(Registries.kestra(), KEYS);

    private static String secretParams(Plan plan) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            SecretColumn c = plan.secretParameter(i);
            if (c != null) {
                s.append(s.length() == 0 ? "" : " ").append(i).append('=').append(c.qualifiedName());
            }
        }
        return s.toString();
    }

    private Plan allowed(String sql) throws SQLException {
        Plan plan = planner.plan(sql);
        plan.checkAllowed();
        return plan;
    }

    private String refused(String sql) {
        Plan plan = planner.plan(sql);
        assertThat(plan.isRefused()).as(sql).isTrue();
        try {
            plan.checkAllowed();
        } catch (SQLException e) {
            return e.getMessage();
        }
        throw new AssertionError("not refused: " + sql);
    }

    private static String hibernateMerge(String source) {
        return "merge into secret_runs as t using (" + source + ") as s on (t.id=s.id)"
                + " when not matched then insert (id, secret, username) values (s.id, s.secret, s.username)"
                + " when matched and t.created<=? then update set secret=s.secret, username=s.username";
    }

    @Test
    void hibernateUpsertMergeEncryptsTheSourceParameters() throws SQLException {
        Plan plan = allowed(hibernateMerge("select cast(? as bigint) id, cast(? as varchar) secret, cast(? as varchar) username"));
        assertThat(secretParams(plan)).isEqualTo("2=secret_runs.secret");
        // a literal in the source is rewritten like one written in place
        Plan literal = allowed(hibernateMerge("select 1 id, 'top' secret, 'u' username"));
        assertThat(literal.render(v -> "CIPHER")).contains("'CIPHER' secret").contains("'u' username");
    }

    @Test
    void aMergeSourceColumnThatIsNotAValueOfTheSecretIsRefused() {
        assertThat(refused(hibernateMerge("select 1 id, lower(?) secret, 'u' username")))
                .contains("secret_runs.secret").contains("lower()");
        assertThat(refused(hibernateMerge("select id, note secret, name username from credentials")))
                .contains("secret_runs.secret").contains("non-secret column");
        assertThat(refused(hibernateMerge("select 1 id, ? secret, 'u' username union all select 2, ?, 'v'")))
                .contains("secret_runs.secret");
        assertThat(refused(hibernateMerge("select 1 id, 'x' secret, ? secret, 'u' username")))
                .contains("secret_runs.secret");
    }

    @Test
    void aMergeSourceColumnWrittenToBothAPlainAndASecretColumnIsEncrypted() throws SQLException {
        Plan plan = allowed("merge into secret_runs t using (select 1 id, ? v) s on (t.id = s.id)"
                + " when not matched then insert (id, username, secret) values (s.id, s.v, s.v)");
        assertThat(secretParams(plan)).isEqualTo("1=secret_runs.secret");
    }

    @Test
    void jooqRowValueUpdate() throws SQLException {
        Plan plan = allowed("update \"secret_runs\" set (\"secret\", \"username\") = row (?, ?) where \"secret_runs\".\"id\" = ?");
        assertThat(secretParams(plan)).isEqualTo("1=secret_runs.secret");
        Plan literal = allowed("UPDATE secret_runs SET (username, secret) = ROW ('u', 'top') WHERE id = 1");
        assertThat(literal.render(v -> "CIPHER")).contains("ROW ('u', 'CIPHER')");
        assertThat(refused("UPDATE secret_runs SET (username, secret) = ROW ('u', upper('top')) WHERE id = 1"))
                .contains("secret_runs.secret");
        // a quoted "row" is a name, not the keyword: left to the parser, which cannot match it to the columns
        assertThat(refused("UPDATE secret_runs SET (username, secret) = \"row\" ('u', 'top') WHERE id = 1"))
                .contains("secret");
    }

    @Test
    void insertValuesRowConstructors() throws SQLException {
        assertThat(secretParams(allowed("INSERT INTO secret_runs (id, secret) VALUES ROW (1, ?), ROW (2, ?)")))
                .isEqualTo("1=secret_runs.secret 2=secret_runs.secret");
        assertThat(secretParams(allowed("INSERT INTO secret_runs (id, secret) VALUES ROW (?, ?)")))
                .isEqualTo("2=secret_runs.secret");
        assertThat(refused("INSERT INTO secret_runs (id, secret) VALUES ROW (1, upper(?))")).contains("secret_runs.secret");
        assertThat(refused("INSERT INTO secret_runs (id, secret) VALUES x.row (1, ?)")).contains("values for 2 columns");
    }

    @Test
    void selectDistinctOverThePrimaryKeyIsANoOp() throws SQLException {
        Plan plan = allowed("select distinct s1_0.id, s1_0.api_token, s1_0.secret, s1_0.username from secret_runs s1_0 order by s1_0.id");
        assertThat(plan.results().resolve(null)[3].qualifiedName()).isEqualTo("secret_runs.secret"); // 1-based
        assertThat(refused("select distinct username, secret from secret_runs")).contains("DISTINCT");
        assertThat(refused("select distinct s.id, s.secret from secret_runs s join credentials c on c.id = s.id"))
                .contains("DISTINCT");
        assertThat(refused("select distinct on (secret) id, secret from secret_runs")).contains("secret_runs.secret");
        assertThat(refused("with secret_runs as (select 1 id, secret from secret_runs union all select 1, secret"
                + " from secret_runs) select distinct id, secret from secret_runs")).contains("DISTINCT");
        // without a planning connection the key is unknown: refused as before
        assertThat(new Planner(Registries.kestra()).plan("select distinct id, secret from secret_runs").isRefused()).isTrue();
    }

    @Test
    void castsThatKeepTheTextReadTheSecretColumn() throws SQLException {
        for (String sql : List.of("select secret::text from secret_runs", "select cast(secret as varchar) from secret_runs",
                "select cast(secret as character varying) s from secret_runs")) {
            assertThat(allowed(sql).results().resolve(null)[1].qualifiedName()).as(sql).isEqualTo("secret_runs.secret");
        }
        assertThat(refused("select cast(secret as varchar(10)) from secret_runs")).contains("CAST");
        assertThat(refused("select cast(secret as char) from secret_runs")).contains("CAST");
        assertThat(refused("select secret::int from secret_runs")).contains("CAST");
        assertThat(refused("select id from secret_runs where secret::text = ?")).contains("secret_runs.secret");
        assertThat(refused("select id from secret_runs order by cast(secret as text)")).contains("secret_runs.secret");
        assertThat(refused("INSERT INTO secret_runs (id, secret) SELECT id, CAST(note AS TEXT) FROM credentials"))
                .contains("non-secret column");
    }

    @Test
    void longOrChainsAreJudgedWithoutRecursion() throws SQLException {
        StringBuilder chain = new StringBuilder("select id, secret from secret_runs where id = 0");
        for (int i = 1; i < 5000; i++) {
            chain.append(" or id = ").append(i);
        }
        long start = System.nanoTime();
        Plan plan = allowed(chain.toString());
        assertThat(plan.results().resolve(null)[2].qualifiedName()).isEqualTo("secret_runs.secret");
        // the leftmost term is the deepest in the tree, and still judged
        assertThat(refused(chain.toString().replace("where id = 0", "where secret = 'x'"))).contains("secret_runs.secret");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for two plans of 5000 terms").isLessThan(20_000);
    }
}
