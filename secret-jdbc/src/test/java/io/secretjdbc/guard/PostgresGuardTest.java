package io.secretjdbc.guard;

import static io.secretjdbc.guard.GuardTest.KEY;
import static io.secretjdbc.guard.GuardTest.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.guard.GuardedColumn.State;
import io.secretjdbc.registry.SecretRegistry;
import io.secretjdbc.testing.Backend;
import io.secretjdbc.testing.KestraReference;
import io.secretjdbc.testing.TestDatabase;
import io.secretjdbc.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paths only a database-side check sees, on PostgreSQL: a partition, an inheritance child made
 * before and after the guard, SQL built at run time inside a function, and a table of the registry's
 * name in a second schema.
 */
class PostgresGuardTest {

    private static final SecretRegistry REGISTRY = SecretRegistry.builder()
            .secretInput("parts", "password").secretInput("vault", "password").build();

    @TempDir
    Path dir;

    @Test
    void partitionsInheritanceChildrenDynamicSqlAndOtherSchemasAreGuarded() throws Exception {
        TestDatabase db = TestDatabases.fresh(Backend.POSTGRESQL, "guard_pg_paths", dir);
        try (Connection raw = db.connectRaw()) {
            execute(raw,
                    "CREATE TABLE parts (id INT NOT NULL, password TEXT) PARTITION BY RANGE (id)",
                    "CREATE TABLE parts_low PARTITION OF parts FOR VALUES FROM (0) TO (1000)",
                    "CREATE TABLE vault (id INT PRIMARY KEY, password TEXT)",
                    "CREATE TABLE vault_before () INHERITS (vault)",
                    "CREATE SCHEMA archive",
                    "CREATE TABLE archive.vault (id INT PRIMARY KEY, password TEXT)",
                    "CREATE FUNCTION sneak(v TEXT) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE"
                            + " 'INSERT INTO vault (id, password) VALUES (77, ' || quote_literal(v) || ')'; END $$");

            assertThat(Guard.install(raw, REGISTRY)).extracting(GuardedColumn::sqlTable, GuardedColumn::state)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("\"public\".\"parts\"", State.GUARDED),
                            org.assertj.core.groups.Tuple.tuple("\"public\".\"vault\"", State.GUARDED),
                            org.assertj.core.groups.Tuple.tuple("\"archive\".\"vault\"", State.GUARDED));
            execute(raw, "CREATE TABLE vault_after () INHERITS (vault)",
                    "INSERT INTO vault VALUES (1, '" + KestraReference.seal(KEY, "a row for UPDATE to hit") + "')");

            for (String sql : new String[] {
                    "INSERT INTO parts VALUES (1, 'plain-parent')",
                    "INSERT INTO parts_low VALUES (2, 'plain-partition')",
                    "INSERT INTO vault_before VALUES (3, 'plain-child-before')",
                    "INSERT INTO vault_after VALUES (4, 'plain-child-after')",
                    "SELECT sneak('plain-dynamic-sql')",
                    "INSERT INTO archive.vault VALUES (5, 'plain-other-schema')",
                    "DO $$ BEGIN EXECUTE 'UPDATE vault SET password = ''plain-do'''; END $$"}) {
                assertThatThrownBy(() -> execute(raw, sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("sj_guard_");
            }
            execute(raw, "INSERT INTO parts_low VALUES (6, '" + KestraReference.seal(KEY, "ok") + "')",
                    "SELECT sneak('" + KestraReference.seal(KEY, "ok too") + "')");
        }
    }
}
