package example.springboot;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * A Spring Boot application that stores credentials through secret-jdbc. Nothing in its code knows
 * about encryption: {@code application.yml} points the DataSource at {@code jdbc:secret:...}, and the
 * Kestra flow in {@code flows/} marks which columns are secret.
 *
 * <p>Run it: {@code mvn -B -q -pl examples/spring-boot -am -DskipTests package && java -jar examples/spring-boot/target/secret-jdbc-example-spring-boot-exec.jar}
 */
@SpringBootApplication
public class CredentialsApplication {

    public static void main(String[] args) {
        SpringApplication.run(CredentialsApplication.class, args);
    }

    /** The walk-through: write through the repository and the templates, then look at the stored bytes. */
    @Bean
    @ConditionalOnProperty(name = "example.demo", havingValue = "true")
    CommandLineRunner demo(CredentialRepository repository, CredentialDao dao,
                           @Value("${spring.datasource.url}") String url) {
        return args -> {
            repository.save(new Credential(2L, "alice", "correct horse battery staple", "tok_live_4242"));
            dao.rotateToken(2L, "tok_live_rotated");
            Optional<Credential> alice = repository.findById(2L);
            System.out.println("read through the driver: password=" + alice.map(Credential::getPassword).orElse("?")
                    + " api_token=" + alice.map(Credential::getApiToken).orElse("?"));
            // The raw driver (the URL without secret:) shows what the database holds: ciphertext.
            String raw = "jdbc:" + url.substring("jdbc:secret:".length());
            try (Connection c = DriverManager.getConnection(raw);
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT id, username, password, api_token FROM user_credentials ORDER BY id")) {
                while (rs.next()) {
                    System.out.println("stored row " + rs.getLong(1) + " " + rs.getString(2) + ": password="
                            + rs.getString(3) + " api_token=" + rs.getString(4));
                }
            }
            repository.deleteById(2L);
        };
    }
}
