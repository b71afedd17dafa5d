package io.secretjdbc.compat;

import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

import java.util.List;

/** A MyBatis annotated mapper of user_credentials, with dynamic SQL ({@code <script>}) and generated keys. */
public interface CredentialMapper {

    /** The id column's definition differs per database (auto-increment), hence the ${} substitution. */
    @Update("CREATE TABLE user_credentials (id ${idColumn}, username VARCHAR(100), password VARCHAR(400),"
            + " api_token VARCHAR(400))")
    void createTable(@Param("idColumn") String idColumn);

    @Insert("INSERT INTO user_credentials (username, password, api_token) VALUES (#{username}, #{password}, #{apiToken})")
    @Options(useGeneratedKeys = true, keyProperty = "id", keyColumn = "id")
    int insert(Credential credential);

    @Select("SELECT id, username, password, api_token FROM user_credentials WHERE id = #{id}")
    Credential find(long id);

    @Select("<script>SELECT id, username, password, api_token FROM user_credentials"
            + "<where><if test='prefix != null'>username LIKE #{prefix}</if></where>"
            + " ORDER BY id LIMIT #{limit} OFFSET #{offset}</script>")
    List<Credential> page(@Param("prefix") String prefix, @Param("limit") int limit, @Param("offset") int offset);

    @Update("<script>UPDATE user_credentials<set><if test='password != null'>password = #{password},</if>"
            + "<if test='apiToken != null'>api_token = #{apiToken},</if></set> WHERE id = #{id}</script>")
    int update(Credential credential);

    @Delete("DELETE FROM user_credentials WHERE id = #{id}")
    int delete(long id);

    @Select("SELECT COUNT(*) FROM user_credentials")
    long count();

    /** Refused by the driver: a secret column cannot be compared. */
    @Select("SELECT id, username, password, api_token FROM user_credentials WHERE password = #{password}")
    List<Credential> findByPassword(String password);

    /** A plain bean MyBatis maps to and from (api_token to apiToken by mapUnderscoreToCamelCase). */
    class Credential {
        private Long id;
        private String username;
        private String password;
        private String apiToken;

        public Credential() {
        }

        public Credential(String username, String password, String apiToken) {
            this.username = username;
            this.password = password;
            this.apiToken = apiToken;
        }

        public Long getId() {
            return id;
        }

        public void setId(Long id) {
            this.id = id;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
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
}
