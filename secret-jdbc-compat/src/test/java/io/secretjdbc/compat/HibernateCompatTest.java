package io.secretjdbc.compat;

import example.springboot.Credential;
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

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
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
        Configuration cfg = new Configuration().addAnnotatedClass(Credential.class)
                .addAnnotatedClass(CredentialDetails.class)
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
                s.persist(new Credential(1L, "alice", "pw-alice-m4rk", "tok-alice-m4rk"));
                for (long i = 10; i < 30; i++) {
                    s.persist(new Credential(i, "user" + i, "pw-batch-m4rk-" + i, null));
                }
            });
            // read by id, JPQL list, paging, Criteria
            try (EntityManager em = sf.createEntityManager()) {
                Credential alice = em.find(Credential.class, 1L);
                assertThat(alice.getPassword()).isEqualTo("pw-alice-m4rk");
                assertThat(alice.getApiToken()).isEqualTo("tok-alice-m4rk");
                List<Credential> page = em.createQuery(
                                "select u from Credential u where u.username like 'user%' order by u.id", Credential.class)
                        .setFirstResult(5).setMaxResults(5).getResultList();
                assertThat(page).extracting(Credential::getPassword)
                        .containsExactly("pw-batch-m4rk-15", "pw-batch-m4rk-16", "pw-batch-m4rk-17", "pw-batch-m4rk-18",
                                "pw-batch-m4rk-19");
                CriteriaBuilder cb = em.getCriteriaBuilder();
                CriteriaQuery<Credential> q = cb.createQuery(Credential.class);
                Root<Credential> u = q.from(Credential.class);
                q.select(u).where(cb.equal(u.get("username"), "user12"));
                assertThat(em.createQuery(q).getSingleResult().getPassword()).isEqualTo("pw-batch-m4rk-12");
                CriteriaQuery<Long> count = cb.createQuery(Long.class);
                count.select(cb.count(count.from(Credential.class)));
                assertThat(em.createQuery(count).getSingleResult()).isEqualTo(21L);
            }
            // update a secret field; @Version moves on and a stale copy is refused by Hibernate
            sf.inTransaction(s -> s.find(Credential.class, 1L).setPassword("pw-alice-n3w-m4rk"));
            Credential stale;
            try (EntityManager em = sf.createEntityManager()) {
                stale = em.find(Credential.class, 1L);
                assertThat(stale.getPassword()).isEqualTo("pw-alice-n3w-m4rk");
                assertThat(stale.getVersion()).isEqualTo(1);
            }
            sf.inTransaction(s -> s.find(Credential.class, 1L).setApiToken("tok-alice-n3w-m4rk"));
            stale.setPassword("pw-stale-m4rk");
            assertThatThrownBy(() -> sf.inTransaction(s -> s.merge(stale)))
                    .isInstanceOf(OptimisticLockException.class);
            // delete
            sf.inTransaction(s -> s.remove(s.find(Credential.class, 29L)));
            try (EntityManager em = sf.createEntityManager()) {
                assertThat(em.find(Credential.class, 29L)).isNull();
            }
            // a statement that must be refused: comparing a secret column
            assertThatThrownBy(() -> sf.inSession(s -> s.createSelectionQuery(
                            "from Credential u where u.password = :p", Credential.class)
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
                assertThat(em.find(Credential.class, 12L).getPassword()).isEqualTo("pw-batch-m4rk-12");
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
                s.upsert(new Credential(1L, "bob", "pw-bob-m4rk", "tok-bob-m4rk"));
                s.upsert(new Credential(2L, "carol", "pw-carol-m4rk", null));
            }
            try (StatelessSession s = sf.openStatelessSession()) {
                Credential bob = s.get(Credential.class, 1L);
                bob.setPassword("pw-bob-upserted-m4rk");
                s.upsert(bob);
            }
            try (EntityManager em = sf.createEntityManager()) {
                List<Credential> all = em.createQuery("select distinct u from Credential u order by u.id",
                        Credential.class).getResultList();
                assertThat(all).extracting(Credential::getPassword).containsExactly("pw-bob-upserted-m4rk", "pw-carol-m4rk");
            }
        }
        assertThat(Ciphertexts.openRow(db, "user_credentials", 1, "password", "api_token"))
                .containsEntry("password", "pw-bob-upserted-m4rk").containsEntry("api_token", "tok-bob-m4rk");
        assertThat(Ciphertexts.openRow(db, "user_credentials", 2, "password")).containsEntry("password", "pw-carol-m4rk");
        CompatDb.assertNeverSent("m4rk");
    }

    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void typedSecretFields(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_hibernate_typed", dir);
        LocalDate birth = LocalDate.of(1990, 2, 28);
        LocalDateTime login = LocalDateTime.of(2024, 5, 1, 10, 15, 30);
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        // A byte[] secret: ASCII with a marker, then bytes that are not UTF-8, which come back unchanged.
        byte[] fingerprint = {'f', 'p', '-', 'm', '4', 'r', 'k', '-', 'b', 'y', 't', 'e', 's', (byte) 0xFF, 0, (byte) 0x80,
                (byte) 0xC3, (byte) 0x28};
        try (SessionFactory sf = factory(db, "create")) {
            sf.inTransaction(s -> s.persist(new CredentialDetails(1L, birth, login, expires, new BigDecimal("1234.50"),
                    4321, 4111111111111111L, true, "fp-first-m4rk".getBytes(StandardCharsets.US_ASCII))));
            sf.inTransaction(s -> {
                CredentialDetails d = s.find(CredentialDetails.class, 1L);
                d.setBalance(new BigDecimal("99.99"));
                d.setFingerprint(fingerprint);
            });
            try (EntityManager em = sf.createEntityManager()) {
                CredentialDetails d = em.find(CredentialDetails.class, 1L);
                assertThat(d.getBirthDate()).isEqualTo(birth);
                assertThat(d.getLastLogin()).isEqualTo(login);
                assertThat(d.getExpiresAt()).isEqualTo(expires);
                assertThat(d.getBalance()).isEqualByComparingTo("99.99");
                assertThat(d.getPin()).isEqualTo(4321);
                assertThat(d.getCardNumber()).isEqualTo(4111111111111111L);
                assertThat(d.getActive()).isTrue();
                assertThat(d.getFingerprint()).isEqualTo(fingerprint);
            }
        }
        try (Connection raw = db.raw(); var st = raw.createStatement();
             var rs = st.executeQuery("SELECT fingerprint FROM credential_details WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(Ciphertexts.openBytes(rs.getString(1))).as("the bytes themselves, encrypted").isEqualTo(fingerprint);
        }
        Map<String, String> stored = Ciphertexts.openRow(db, "credential_details", 1, "birth_date", "balance", "pin",
                "card_number", "active");
        assertThat(stored).containsEntry("birth_date", "1990-02-28").containsEntry("pin", "4321")
                .containsEntry("card_number", "4111111111111111").containsEntry("active", "true");
        assertThat(new BigDecimal(stored.get("balance"))).isEqualByComparingTo("99.99");
        assertThat(Ciphertexts.openRow(db, "credential_details", 1, "last_login", "expires_at").values())
                .allSatisfy(v -> assertThat(v).startsWith("20"));
        CompatDb.assertNeverSent("4111111111111111");
        CompatDb.assertNeverSent("1990-02-28");
        CompatDb.assertNeverSent("fp-m4rk-bytes");
        CompatDb.assertNeverSent("fp-first-m4rk");
    }
}
