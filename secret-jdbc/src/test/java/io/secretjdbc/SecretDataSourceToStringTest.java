package io.secretjdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** SecretDataSource.toString ends up in logs and pool dumps: it masks credentials and never throws. */
class SecretDataSourceToStringTest {

    private static String shown(String url) {
        SecretDataSource ds = new SecretDataSource();
        ds.setUrl(url);
        return ds.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:secret:postgresql://bob:hunter2@db/app           | SecretDataSource[url=jdbc:secret:postgresql://***@db/app]",
            "jdbc:secret:postgresql://bob:hun@ter2@db:5432/app     | SecretDataSource[url=jdbc:secret:postgresql://***@db:5432/app]",
            "jdbc:secret:mariadb://db/app?user=bob&password=hunter2 | SecretDataSource[url=jdbc:secret:mariadb://db/app?…]",
            "jdbc:secret:h2:mem:x;USER=bob;PASSWORD=hunter2       | SecretDataSource[url=jdbc:secret:h2:mem:x;…]",
            "jdbc:secret:oracle:thin:scott/hunter2@host:1521:orcl  | SecretDataSource[url=jdbc:secret:oracle:***@host:1521:orcl]",
            "jdbc:secret:sqlite:app.db                             | SecretDataSource[url=jdbc:secret:sqlite:app.db]",
    })
    void masksTheCredentialsOfEveryUrlForm(String url, String expected) {
        assertThat(shown(url)).isEqualTo(expected).doesNotContain("hunter2").doesNotContain("ter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "jdbc:", "jdbc:secret", "bob:hunter2@db", ":@", "@", "//@", "jdbc:secret:;"})
    void neverThrowsOnAShortOrForeignUrl(String url) {
        assertThat(shown(url)).startsWith("SecretDataSource[url=").doesNotContain("hunter2");
    }

    @Test
    void showsAnUnsetUrlAsNull() {
        assertThat(new SecretDataSource().toString()).isEqualTo("SecretDataSource[url=null]");
    }

    @Test
    void neverShowsThePasswordOrKeySetAsProperties() {
        SecretDataSource ds = new SecretDataSource();
        ds.setUrl("jdbc:secret:sqlite:app.db");
        ds.setPassword("hunter2");
        ds.setKey("NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=");
        assertThat(ds.toString()).doesNotContain("hunter2").doesNotContain("NWRhUDc5");
    }
}
