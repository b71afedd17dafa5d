package example;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The library used from a named module: io.secretjdbc resolves as an automatic module, its driver is
 * found by DriverManager through the module's service registration, and a secret column is ciphertext
 * at rest (opened here with plain javax.crypto) and plaintext through {@code jdbc:secret:}.
 */
public final class App {

    private static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    private static final String SECRET = "correct horse battery staple";

    public static void main(String[] args) throws Exception {
        checkModules();
        writeAndRead(args[0]);
        System.out.println("library-module-path: OK");
    }

    /** Nothing on the class path: this application and the library are named modules. */
    private static void checkModules() {
        Module library = io.secretjdbc.SecretDriver.class.getModule();
        if (!library.isNamed() || !"io.secretjdbc".equals(library.getName())) {
            throw new AssertionError("the driver is not in module io.secretjdbc but in " + library);
        }
        if (!App.class.getModule().isNamed()) {
            throw new AssertionError("the application is not running as a named module");
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            throw new AssertionError("something is on the class path: " + classPath);
        }
    }

    private static void writeAndRead(String flows) throws Exception {
        String h2 = "h2:mem:library_module_path;DB_CLOSE_DELAY=-1";
        Properties props = new Properties();
        props.setProperty("secret.key", KEY);
        props.setProperty("secret.flows", flows);
        try (Connection c = DriverManager.getConnection("jdbc:secret:" + h2, props)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE user_credentials "
                        + "(id INT PRIMARY KEY, username VARCHAR(100), password VARCHAR(400), api_token VARCHAR(400))");
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO user_credentials (id, username, password) VALUES (?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setString(2, "alice");
                insert.setString(3, SECRET);
                insert.executeUpdate();
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT password FROM user_credentials WHERE id = 1")) {
                if (!rs.next() || !SECRET.equals(rs.getString(1))) {
                    throw new AssertionError("jdbc:secret: did not read back the secret");
                }
            }
        }
        String stored;
        try (Connection raw = DriverManager.getConnection("jdbc:" + h2);
             ResultSet rs = raw.createStatement().executeQuery("SELECT password FROM user_credentials WHERE id = 1")) {
            if (!rs.next()) {
                throw new AssertionError("no row at rest");
            }
            stored = rs.getString(1);
        }
        if (stored == null || stored.contains(SECRET)) {
            throw new AssertionError("the stored value is not ciphertext");
        }
        byte[] blob = Base64.getDecoder().decode(stored);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(KEY), "AES"),
                new GCMParameterSpec(128, Arrays.copyOfRange(blob, 0, 12)));
        String opened = new String(cipher.doFinal(blob, 12, blob.length - 12), StandardCharsets.UTF_8);
        if (!SECRET.equals(opened)) {
            throw new AssertionError("the stored value does not open to the secret under the key");
        }
    }
}
