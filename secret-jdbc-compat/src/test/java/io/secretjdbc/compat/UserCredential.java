package io.secretjdbc.compat;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An application's credentials entity: password and api_token are secret columns (flow user_credentials). */
@Entity
@Table(name = "user_credentials")
public class UserCredential {

    @Id
    private Long id;

    @Version
    private Integer version;

    private String username;

    /** 400 characters: Hibernate's default varchar(255) holds about 160 bytes of secret (README). */
    @Column(length = 400)
    private String password;

    @Column(name = "api_token", length = 400)
    private String apiToken;

    protected UserCredential() {
    }

    public UserCredential(Long id, String username, String password, String apiToken) {
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
