package io.secretjdbc.compat;

import io.secretjdbc.compat.CredentialMapper.Credential;
import io.secretjdbc.testing.Backend;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MyBatis 3.5 through {@code jdbc:secret:}: an annotated mapper with dynamic SQL, its pooled data source
 * configured with the driver's settings, generated keys (pgjdbc adds {@code RETURNING *}), the batch
 * executor.
 */
class MyBatisCompatTest {

    @TempDir
    Path dir;

    private static SqlSessionFactory factory(CompatDb db) {
        var props = db.properties();
        PooledDataSource ds = new PooledDataSource("io.secretjdbc.SecretDriver", db.url(), props);
        Configuration cfg = new Configuration(new Environment("compat", new JdbcTransactionFactory(), ds));
        cfg.setMapUnderscoreToCamelCase(true);
        cfg.addMapper(CredentialMapper.class);
        return new SqlSessionFactoryBuilder().build(cfg);
    }

    private static String idColumn(Backend backend) {
        return switch (backend) {
            case SQLITE -> "INTEGER PRIMARY KEY AUTOINCREMENT";
            case POSTGRESQL -> "BIGSERIAL PRIMARY KEY";
            default -> "BIGINT AUTO_INCREMENT PRIMARY KEY";
        };
    }

    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void annotatedMapper(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_mybatis", dir);
        SqlSessionFactory sf = factory(db);
        long aliceId;
        try (SqlSession s = sf.openSession(true)) {
            CredentialMapper m = s.getMapper(CredentialMapper.class);
            m.createTable(idColumn(backend));
            Credential alice = new Credential("alice", "pw-alice-myb4", "tok-alice-myb4");
            assertThat(m.insert(alice)).isEqualTo(1);
            assertThat(alice.getId()).as("generated key").isNotNull();
            aliceId = alice.getId();
        }
        try (SqlSession s = sf.openSession(ExecutorType.BATCH)) {
            CredentialMapper m = s.getMapper(CredentialMapper.class);
            for (int i = 0; i < 10; i++) {
                m.insert(new Credential("user" + i, "pw-batch-myb4-" + i, null));
            }
            s.flushStatements();
            s.commit();
        }
        try (SqlSession s = sf.openSession(true)) {
            CredentialMapper m = s.getMapper(CredentialMapper.class);
            Credential alice = m.find(aliceId);
            assertThat(alice.getPassword()).isEqualTo("pw-alice-myb4");
            assertThat(alice.getApiToken()).isEqualTo("tok-alice-myb4");
            assertThat(m.page("user%", 3, 2)).extracting(Credential::getPassword)
                    .containsExactly("pw-batch-myb4-2", "pw-batch-myb4-3", "pw-batch-myb4-4");
            assertThat(m.page(null, 100, 0)).hasSize(11);

            Credential update = new Credential(null, "pw-alice-n3w-myb4", null);
            update.setId(aliceId);
            assertThat(m.update(update)).isEqualTo(1);
            assertThat(m.find(aliceId).getPassword()).isEqualTo("pw-alice-n3w-myb4");
            assertThat(m.find(aliceId).getApiToken()).as("untouched by the dynamic SET").isEqualTo("tok-alice-myb4");

            long last = m.page("user%", 100, 0).get(9).getId();
            assertThat(m.delete(last)).isEqualTo(1);
            assertThat(m.count()).isEqualTo(10);

            assertThatThrownBy(() -> m.findByPassword("pw-alice-n3w-myb4"))
                    .isInstanceOf(PersistenceException.class)
                    .satisfies(e -> assertThat(Refusals.sqlMessage(e)).contains("user_credentials.password"));
        }
        ((PooledDataSource) sf.getConfiguration().getEnvironment().getDataSource()).forceCloseAll();
        assertThat(Ciphertexts.openRow(db, "user_credentials", aliceId, "password", "api_token"))
                .containsEntry("password", "pw-alice-n3w-myb4").containsEntry("api_token", "tok-alice-myb4");
        assertThat(Ciphertexts.assertAllEncrypted(db, "user_credentials", "password")).isEqualTo(10);
        CompatDb.assertNeverSent("myb4");
    }
}
