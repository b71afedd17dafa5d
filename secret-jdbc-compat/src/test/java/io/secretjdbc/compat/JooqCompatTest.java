package io.secretjdbc.compat;

import io.secretjdbc.testing.Backend;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * jOOQ 3.19's DSL without code generation, through {@code jdbc:secret:}: DDL, prepared and static
 * (inlined literal) statements, row-value updates ({@code SET (a, b) = ROW (?, ?)} on PostgreSQL),
 * upserts, {@code RETURNING}, batches, paging.
 */
class JooqCompatTest {

    private static final Table<Record> T = DSL.table(DSL.name("user_credentials"));
    private static final Field<Long> ID = DSL.field(DSL.name("id"), SQLDataType.BIGINT);
    private static final Field<String> USERNAME = DSL.field(DSL.name("username"), SQLDataType.VARCHAR(100));
    private static final Field<String> PASSWORD = DSL.field(DSL.name("password"), SQLDataType.VARCHAR(400));
    private static final Field<String> API_TOKEN = DSL.field(DSL.name("api_token"), SQLDataType.VARCHAR(400));

    @TempDir
    Path dir;

    private static SQLDialect dialect(Backend backend) {
        return switch (backend) {
            case SQLITE -> SQLDialect.SQLITE;
            case POSTGRESQL -> SQLDialect.POSTGRES;
            case MARIADB -> SQLDialect.MARIADB;
            case H2 -> SQLDialect.H2;
        };
    }

    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void preparedStatements(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_jooq", dir);
        try (Connection c = db.connect()) {
            DSLContext ctx = DSL.using(c, dialect(backend));
            createSchema(ctx);
            ctx.insertInto(T, ID, USERNAME, PASSWORD, API_TOKEN).values(1L, "alice", "pw-alice-j00q", "tok-alice-j00q").execute();
            var batch = ctx.batch(ctx.insertInto(T, ID, USERNAME, PASSWORD).values((Long) null, null, null));
            for (long i = 10; i < 20; i++) {
                batch = batch.bind(i, "user" + i, "pw-batch-j00q-" + i);
            }
            assertThat(batch.execute()).hasSize(10);

            Record2<String, String> alice = ctx.select(PASSWORD, API_TOKEN).from(T).where(ID.eq(1L)).fetchOne();
            assertThat(alice.value1()).isEqualTo("pw-alice-j00q");
            assertThat(alice.value2()).isEqualTo("tok-alice-j00q");
            assertThat(ctx.selectFrom(T).where(USERNAME.like("user%")).orderBy(ID).limit(3).offset(2).fetch(PASSWORD))
                    .containsExactly("pw-batch-j00q-12", "pw-batch-j00q-13", "pw-batch-j00q-14");
            assertThat(ctx.fetchCount(T)).isEqualTo(11);

            // row-value update: PostgreSQL renders SET ("password", "api_token") = ROW (?, ?)
            ctx.update(T).set(DSL.row(PASSWORD, API_TOKEN), DSL.row("pw-alice-r0w-j00q", "tok-alice-r0w-j00q"))
                    .where(ID.eq(1L)).execute();
            assertThat(ctx.select(PASSWORD).from(T).where(ID.eq(1L)).fetchOne(PASSWORD)).isEqualTo("pw-alice-r0w-j00q");

            // upserts: ON CONFLICT DO UPDATE (PostgreSQL, SQLite) / ON DUPLICATE KEY UPDATE (MariaDB); without
            // code generation jOOQ needs the conflict column (onDuplicateKeyUpdate() renders "[unknown primary key]")
            ctx.insertInto(T, ID, USERNAME, PASSWORD).values(2L, "bob", "pw-bob-j00q")
                    .onConflict(ID).doUpdate().set(PASSWORD, "pw-bob-never-j00q").execute();
            ctx.insertInto(T, ID, USERNAME, PASSWORD).values(2L, "bob", "pw-bob-ignored-j00q")
                    .onConflict(ID).doUpdate().set(PASSWORD, "pw-bob-upserted-j00q").execute();
            assertThat(ctx.select(PASSWORD).from(T).where(ID.eq(2L)).fetchOne(PASSWORD)).isEqualTo("pw-bob-upserted-j00q");
            ctx.insertInto(T, ID, USERNAME, API_TOKEN).values(2L, "bob", "tok-bob-excluded-j00q")
                    .onConflict(ID).doUpdate().set(API_TOKEN, DSL.excluded(API_TOKEN)).execute();
            assertThat(ctx.select(API_TOKEN).from(T).where(ID.eq(2L)).fetchOne(API_TOKEN)).isEqualTo("tok-bob-excluded-j00q");

            // RETURNING the generated row
            var returned = ctx.insertInto(T, ID, USERNAME, PASSWORD).values(3L, "carol", "pw-carol-j00q")
                    .returning(ID, PASSWORD).fetchOne();
            assertThat(returned.get(ID)).isEqualTo(3L);
            assertThat(returned.get(PASSWORD)).isEqualTo("pw-carol-j00q");

            ctx.deleteFrom(T).where(ID.eq(19L)).execute();
            assertThat(ctx.fetchCount(T)).isEqualTo(12);

            assertThatThrownBy(() -> ctx.selectFrom(T).where(PASSWORD.eq("pw-carol-j00q")).fetch())
                    .isInstanceOf(DataAccessException.class)
                    .satisfies(e -> assertThat(Refusals.sqlMessage(e)).contains("user_credentials.password"));
        }
        assertThat(Ciphertexts.openRow(db, "user_credentials", 1, "password", "api_token"))
                .containsEntry("password", "pw-alice-r0w-j00q").containsEntry("api_token", "tok-alice-r0w-j00q");
        assertThat(Ciphertexts.openRow(db, "user_credentials", 2, "password")).containsEntry("password", "pw-bob-upserted-j00q");
        assertThat(Ciphertexts.assertAllEncrypted(db, "user_credentials", "password")).isEqualTo(12);
        CompatDb.assertNeverSent("j00q");
    }

    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void staticStatementsInlineLiterals(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_jooq_static", dir);
        try (Connection c = db.connect()) {
            DSLContext ctx = DSL.using(c, dialect(backend), new Settings().withStatementType(StatementType.STATIC_STATEMENT));
            createSchema(ctx);
            ctx.insertInto(T, ID, USERNAME, PASSWORD, API_TOKEN).values(1L, "alice", "pw-alice-st4t", "tok-alice-st4t").execute();
            ctx.insertInto(T, ID, USERNAME, PASSWORD).values(2L, "bob", "pw-bob-st4t").values(3L, "carol", "pw-carol-st4t").execute();
            ctx.update(T).set(PASSWORD, "pw-alice-n3w-st4t").where(ID.eq(1L)).execute();
            assertThat(ctx.selectFrom(T).orderBy(ID).fetch(PASSWORD))
                    .containsExactly("pw-alice-n3w-st4t", "pw-bob-st4t", "pw-carol-st4t");
        }
        assertThat(Ciphertexts.openRow(db, "user_credentials", 1, "password", "api_token"))
                .containsEntry("password", "pw-alice-n3w-st4t").containsEntry("api_token", "tok-alice-st4t");
        assertThat(Ciphertexts.assertAllEncrypted(db, "user_credentials", "password")).isEqualTo(3);
        CompatDb.assertNeverSent("st4t");
    }

    private static void createSchema(DSLContext ctx) {
        ctx.createTable(T).column(ID, SQLDataType.BIGINT.notNull()).column(USERNAME).column(PASSWORD).column(API_TOKEN)
                .constraints(DSL.primaryKey(ID)).execute();
    }
}
