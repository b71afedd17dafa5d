package io.secretjdbc.compat;

import example.springboot.Credential;
import example.springboot.CredentialDao;
import example.springboot.CredentialRepository;
import example.springboot.CredentialsApplication;
import io.secretjdbc.testing.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Spring Boot 3 example (examples/spring-boot), configured by its application.yml alone (HikariCP
 * with {@code spring.datasource.url=jdbc:secret:...} and {@code hikari.data-source-properties}, Flyway
 * over that DataSource, Spring Data JPA, JdbcTemplate, NamedParameterJdbcTemplate); the test only points
 * the URL at its own database.
 */
class SpringBootCompatTest {

    @TempDir
    Path dir;

    private static String dialect(Backend backend) {
        return switch (backend) {
            case SQLITE -> "org.hibernate.community.dialect.SQLiteDialect";
            case POSTGRESQL -> "org.hibernate.dialect.PostgreSQLDialect";
            case MARIADB -> "org.hibernate.dialect.MariaDBDialect";
            case H2 -> "org.hibernate.dialect.H2Dialect";
        };
    }

    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void theExampleApplicationRunsUnchanged(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_spring_boot", dir);
        // Command-line arguments, as a deployment would override application.yml (Liquibase, on this
        // module's class path for another test, is not part of the example).
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + db.url(),
                "--spring.jpa.database-platform=" + dialect(backend), "--example.demo=false",
                "--spring.liquibase.enabled=false"));
        if (db.user() != null) {
            args.add("--spring.datasource.username=" + db.user());
            args.add("--spring.datasource.password=" + db.password());
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CredentialsApplication.class)
                .web(WebApplicationType.NONE).run(args.toArray(String[]::new))) {
            CredentialRepository repository = app.getBean(CredentialRepository.class);
            CredentialDao dao = app.getBean(CredentialDao.class);

            // spring.flyway migrated the schema and inserted the admin row with a literal secret
            assertThat(repository.findById(1L)).get().extracting(Credential::getPassword).isEqualTo("change-me-at-once");

            repository.save(new Credential(10L, "alice", "pw-alice-spr1ng", "tok-alice-spr1ng"));
            repository.saveAll(List.of(new Credential(11L, "user11", "pw-user11-spr1ng", null),
                    new Credential(12L, "user12", "pw-user12-spr1ng", null)));
            List<Object[]> rows = new ArrayList<>();
            for (long i = 13; i < 20; i++) {
                rows.add(new Object[] {i, "user" + i, "pw-user" + i + "-spr1ng", null});
            }
            dao.insertAll(rows);

            assertThat(repository.findById(10L)).get().extracting(Credential::getApiToken).isEqualTo("tok-alice-spr1ng");
            assertThat(dao.password(15L)).isEqualTo("pw-user15-spr1ng");
            assertThat(repository.findAll(PageRequest.of(1, 3, Sort.by("id"))).map(Credential::getPassword).getContent())
                    .containsExactly("pw-user12-spr1ng", "pw-user13-spr1ng", "pw-user14-spr1ng");
            var page = repository.findByUsernameStartingWith("user", PageRequest.of(0, 4, Sort.by("id")));
            assertThat(page.getTotalElements()).isEqualTo(9);
            assertThat(page.map(Credential::getPassword).getContent()).first().isEqualTo("pw-user11-spr1ng");

            Credential alice = repository.findById(10L).orElseThrow();
            alice.setPassword("pw-alice-n3w-spr1ng");
            repository.save(alice);
            assertThat(dao.rotateToken(10L, "tok-alice-n3w-spr1ng")).isEqualTo(1);
            assertThat(dao.apiToken(10L)).isEqualTo("tok-alice-n3w-spr1ng");
            assertThat(repository.findById(10L)).get().extracting(Credential::getVersion).isEqualTo(2);

            repository.deleteById(19L);
            assertThat(repository.count()).as("admin, 10 to 18").isEqualTo(10);

            assertThatThrownBy(() -> repository.findByPassword("pw-alice-n3w-spr1ng"))
                    .isInstanceOf(DataAccessException.class)
                    .satisfies(e -> assertThat(Refusals.sqlMessage(e)).contains("user_credentials.password"));
        }
        assertThat(Ciphertexts.openRow(db, "user_credentials", 1, "password")).containsEntry("password", "change-me-at-once");
        assertThat(Ciphertexts.openRow(db, "user_credentials", 10, "password", "api_token"))
                .containsEntry("password", "pw-alice-n3w-spr1ng").containsEntry("api_token", "tok-alice-n3w-spr1ng");
        assertThat(Ciphertexts.assertAllEncrypted(db, "user_credentials", "password")).isEqualTo(10);
        CompatDb.assertNeverSent("spr1ng");
        CompatDb.assertNeverSent("change-me-at-once");
    }

    /**
     * {@code spring.flyway.url=jdbc:secret:…}: Spring Boot then builds Flyway a DataSource of its own
     * (a SimpleDriverDataSource from url, user and password alone), so it needs
     * {@code spring.flyway.driver-class-name} (Boot infers no driver from {@code jdbc:secret:}), and the
     * secret settings cannot come as properties ({@code spring.flyway.jdbc-properties} is not passed to
     * that DataSource): they come from a {@code secret-jdbc.yml} on the class path (or
     * {@code SECRET_JDBC_CONFIG}). Here the file is put on the class path through the thread's context
     * class loader, which is where secret-jdbc looks, so no other test sees it.
     */
    @ParameterizedTest
    @MethodSource("io.secretjdbc.compat.CompatDb#backends")
    void flywayBySpringFlywayUrl(Backend backend) throws Exception {
        CompatDb db = CompatDb.fresh(backend, "compat_spring_flyway_url", dir);
        Path classes = Files.createDirectories(dir.resolve("config-classes"));
        Files.writeString(classes.resolve("secret-jdbc.yml"), String.join("\n", "kestra:", "  encryption:",
                "    secret-key: " + CompatDb.KEY, "secret-jdbc:", "  flows: [\"" + CompatDb.FLOWS + "\"]", ""));
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + db.url(),
                "--spring.jpa.database-platform=" + dialect(backend), "--example.demo=false",
                "--spring.liquibase.enabled=false", "--spring.flyway.url=" + db.url(),
                "--spring.flyway.driver-class-name=io.secretjdbc.SecretDriver"));
        if (db.user() != null) {
            args.add("--spring.datasource.username=" + db.user());
            args.add("--spring.datasource.password=" + db.password());
            args.add("--spring.flyway.user=" + db.user());
            args.add("--spring.flyway.password=" + db.password());
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader withConfig = new URLClassLoader(new URL[] {classes.toUri().toURL()}, before)) {
            thread.setContextClassLoader(withConfig);
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CredentialsApplication.class)
                    .web(WebApplicationType.NONE).run(args.toArray(String[]::new))) {
                CredentialRepository repository = app.getBean(CredentialRepository.class);
                assertThat(repository.findById(1L)).get().extracting(Credential::getPassword)
                        .isEqualTo("change-me-at-once");
            }
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(Ciphertexts.openRow(db, "user_credentials", 1, "password")).containsEntry("password", "change-me-at-once");
        CompatDb.assertNeverSent("change-me-at-once");
    }
}
