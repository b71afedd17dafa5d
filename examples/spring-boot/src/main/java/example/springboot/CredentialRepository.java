package example.springboot;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** A Spring Data JPA repository: derived queries on plain columns, paging, CRUD. */
public interface CredentialRepository extends JpaRepository<Credential, Long> {

    Page<Credential> findByUsernameStartingWith(String prefix, Pageable page);

    /** Refused by the driver when called: a secret column cannot be compared (its values are randomized ciphertext). */
    java.util.List<Credential> findByPassword(String password);
}
