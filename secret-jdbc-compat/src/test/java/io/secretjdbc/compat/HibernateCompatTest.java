package io.secretjdbc.compat;

import io.secretjdbc.testing.Backend;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hibernate ORM 6.6 as an application uses it, unchanged, through {@code jdbc:secret:}: the schema made
 * by hbm2ddl (create, then validate), EntityManager CRUD, JPQL, Criteria, paging, JDBC batching,
 * {@code @Version}, {@code StatelessSession.upsert} (a MERGE on PostgreSQL), {@code select distinct e}.
 */
class HibernateCompatTest {

    @TempDir
    Path dir;

    private static SessionFactory factory(CompatDb db, String hbm2ddl) {
        Configuration cfg = new Configuration().addAnnotatedClass(UserCredential.class)
                .setProperty("hibernate.connection.url", db.url())
                .setProperty("hibernate.hbm2ddl.auto", hbm2ddl)
                .setProperty("hibernate.jdbc.batch_size", "10")
                .setProperty("hibernate.order_inserts", "true")
                // Hibernate hands every hibernate.connection.X to the driver as X: the driver's own settings.
                .setProperty("hibernate.connection.secret.key", CompatDb.KEY)
                .setProperty("hibernate.connection.secret.flows", CompatDb.FLOWS);
        if (db.user() != null) {
            cfg.setProperty("hibernate.connection.username", db.user());
            cfg.setProperty("hibernate.connection.password", db.password());
        }
        if (db.backend() == Backend.SQLITE) {
            cfg.setProperty("hibernate.dialect", "org.hibernate.community.dialect.SQLiteDialect");
        }
        return cfg.buildSessionFactory();
    }

    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void anApplicationRunsUnchanged(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_hibernate", dir);
        try (SessionFactory sf = factory(db, "create")) {
            // insert, one by one and batched
            sf.inTransaction(s -> {
                s.persist(new UserCredential(1L, "alice", "pw-alice-m4rk", "tok-alice-m4rk"));
                for (long i = 10; i < 30; i++) {
                    s.persist(new UserCredential(i, "user" + i, "pw-batch-m4rk-" + i, null));
                }
            });
            // read by id, JPQL list, paging, Criteria
            try (EntityManager em = sf.createEntityManager()) {
                UserCredential alice = em.find(UserCredential.class, 1L);
                assertThat(alice.getPassword()).isEqualTo("pw-alice-m4rk");
                assertThat(alice.getApiToken()).isEqualTo("tok-alice-m4rk");
                List<UserCredential> page = em.createQuery(
                                "select u from UserCredential u where u.username like 'user%' order by u.id", UserCredential.class)
                        .setFirstResult(5).setMaxResults(5).getResultList();
                assertThat(page).extracting(UserCredential::getPassword)
                        .containsExactly("pw-batch-m4rk-15", "pw-batch-m4rk-16", "pw-batch-m4rk-17", "pw-batch-m4rk-18",
                                "pw-batch-m4rk-19");
                CriteriaBuilder cb = em.getCriteriaBuilder();
                CriteriaQuery<UserCredential> q = cb.createQuery(UserCredential.class);
                Root<UserCredential> u = q.from(UserCredential.class);
                q.select(u).where(cb.equal(u.get("username"), "user12"));
                assertThat(em.createQuery(q).getSingleResult().getPassword()).isEqualTo("pw-batch-m4rk-12");
                CriteriaQuery<Long> count = cb.createQuery(Long.class);
                count.select(cb.count(count.from(UserCredential.class)));
                assertThat(em.createQuery(count).getSingleResult()).isEqualTo(21L);
            }
            // update a secret field; @Version moves on and a stale copy is refused by Hibernate
            sf.inTransaction(s -> s.find(UserCredential.class, 1L).setPassword("pw-alice-n3w-m4rk"));
            UserCredential stale;
            try (EntityManager em = sf.createEntityManager()) {
                stale = em.find(UserCredential.class, 1L);
                assertThat(stale.getPassword()).isEqualTo("pw-alice-n3w-m4rk");
                assertThat(stale.getVersion()).isEqualTo(1);
            }
            sf.inTransaction(s -> s.find(UserCredential.class, 1L).setApiToken("tok-alice-n3w-m4rk"));
            stale.setPassword("pw-stale-m4rk");
            assertThatThrownBy(() -> sf.inTransaction(s -> s.merge(stale)))
                    .isInstanceOf(OptimisticLockException.class);
            // delete
            sf.inTransaction(s -> s.remove(s.find(UserCredential.class, 29L)));
            try (EntityManager em = sf.createEntityManager()) {
                assertThat(em.find(UserCredential.class, 29L)).isNull();
            }
            // a statement that must be refused: comparing a secret column
            assertThatThrownBy(() -> sf.inSession(s -> s.createSelectionQuery(
                            "from UserCredential u where u.password = :p", UserCredential.class)
                    .setParameter("p", "pw-alice-n3w-m4rk").getResultList()))
                    .satisfies(e -> assertThat(Refusals.sqlMessage(e)).contains("user_credentials.password"));
        }

        Map<String, String> alice = Ciphertexts.openRow(db, "user_credentials", 1, "password", "api_token");
        assertThat(alice).containsEntry("password", "pw-alice-n3w-m4rk").containsEntry("api_token", "tok-alice-n3w-m4rk");
        assertThat(Ciphertexts.openRow(db, "user_credentials", 12, "password")).containsEntry("password", "pw-batch-m4rk-12");
        assertThat(Ciphertexts.assertAllEncrypted(db, "user_credentials", "password")).isEqualTo(20);
        CompatDb.assertNeverSent("m4rk");

        // hbm2ddl validate accepts the schema it made (secret columns are ordinary varchar columns)
        try (SessionFactory sf = factory(db, "validate")) {
            try (EntityManager em = sf.createEntityManager()) {
                assertThat(em.find(UserCredential.class, 12L).getPassword()).isEqualTo("pw-batch-m4rk-12");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void statelessUpsertAndSelectDistinctEntity(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_hibernate_upsert", dir);
        try (SessionFactory sf = factory(db, "create")) {
            // PostgreSQL: MERGE ... USING (SELECT CAST(? AS ...) ...) AS s; SQLite: ON CONFLICT; MariaDB: ON DUPLICATE KEY
            try (StatelessSession s = sf.openStatelessSession()) {
                s.upsert(new UserCredential(1L, "bob", "pw-bob-m4rk", "tok-bob-m4rk"));
                s.upsert(new UserCredential(2L, "carol", "pw-carol-m4rk", null));
            }
            try (StatelessSession s = sf.openStatelessSession()) {
                UserCredential bob = s.get(UserCredential.class, 1L);
                bob.setPassword("pw-bob-upserted-m4rk");
                s.upsert(bob);
            }
            try (EntityManager em = sf.createEntityManager()) {
                List<UserCredential> all = em.createQuery("select distinct u from UserCredential u order by u.id",
                        UserCredential.class).getResultList();
                assertThat(all).extracting(UserCredential::getPassword).containsExactly("pw-bob-upserted-m4rk", "pw-carol-m4rk");
            }
        }
        assertThat(Ciphertexts.openRow(db, "user_credentials", 1, "password", "api_token"))
                .containsEntry("password", "pw-bob-upserted-m4rk").containsEntry("api_token", "tok-bob-m4rk");
        assertThat(Ciphertexts.openRow(db, "user_credentials", 2, "password")).containsEntry("password", "pw-carol-m4rk");
        CompatDb.assertNeverSent("m4rk");
    }
}
