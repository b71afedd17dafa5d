package example.springboot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A JPA entity over user_credentials: password and apiToken are secret columns, nothing marks them here. */
@Entity
@Table(name = "user_credentials")
public class Credential {

    @Id
    private Long id;

    @Version
    private Integer version;

    private String username;

    @Column(length = 400)
    private String password;

    @Column(name = "api_token", length = 400)
    private String apiToken;

    protected Credential() {
    }

    public Credential(Long id, String username, String password, String apiToken) {
        this.id = id;
        this.username = username;
        this.password = password;
        this.apiToken = apiToken;
    }

    public Long getId() {
        return id;
    }

    public Integer getVersion() {
        return version;
    }

    public String getUsername() {
        return username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getApiToken() {
        return apiToken;
    }

    public void setApiToken(String apiToken) {
        this.apiToken = apiToken;
    }
}
