package example.springboot;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;

/** The same table through JdbcTemplate and NamedParameterJdbcTemplate: plain SQL, encrypted all the same. */
@Repository
public class CredentialDao {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public CredentialDao(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    public void insert(long id, String username, String password, String apiToken) {
        jdbc.update("INSERT INTO user_credentials (id, version, username, password, api_token) VALUES (?, 0, ?, ?, ?)",
                id, username, password, apiToken);
    }

    public void insertAll(List<Object[]> rows) {
        jdbc.batchUpdate("INSERT INTO user_credentials (id, version, username, password, api_token) VALUES (?, 0, ?, ?, ?)",
                rows);
    }

    public String password(long id) {
        return jdbc.queryForObject("SELECT password FROM user_credentials WHERE id = ?", String.class, id);
    }

    public int rotateToken(long id, String apiToken) {
        return named.update("UPDATE user_credentials SET api_token = :token, version = version + 1 WHERE id = :id",
                new MapSqlParameterSource().addValue("token", apiToken).addValue("id", id));
    }

    public String apiToken(long id) {
        return named.queryForObject("SELECT api_token FROM user_credentials WHERE id = :id",
                new MapSqlParameterSource("id", id), String.class);
    }
}
