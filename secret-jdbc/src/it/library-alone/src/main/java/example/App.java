package example;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.jar.JarFile;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an application sees when it depends on io.secretjdbc:secret-jdbc alone (plus H2): only the
 * library's own runtime dependencies on the class path, a jar holding the driver alone, and a secret
 * column that is ciphertext at rest and plaintext through {@code jdbc:secret:}. Any failure throws,
 * which fails the invoker build. The at-rest check opens the value with plain javax.crypto (the
 * Kestra format: Base64 of IV(12) || ciphertext || tag(16)), never with the library's codec.
 */
public final class App {

    private static final String KEY = "NWRhUDc5TERWY2QyMDhSSHhfeWYzbjJpNE5vb3M5NnY=";
    private static final String SECRET = "correct horse battery staple";

    public static void main(String[] args) throws Exception {
        checkClassPath();
        checkLibraryJar();
        writeAndRead(args[0]);
        System.out.println("library-alone: OK");
    }

    /** The jars on the class path are the library, its two runtime dependencies and H2: nothing else. */
    private static void checkClassPath() {
        TreeSet<String> jars = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File file = new File(entry);
            if (file.isFile()) {
                jars.add(file.getName().replaceAll("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", ""));
            }
        }
        TreeSet<String> expected = new TreeSet<>(List.of("secret-jdbc", "jsqlparser", "snakeyaml-engine", "h2"));
        if (!jars.equals(expected)) {
            throw new AssertionError("runtime class path jars " + jars + ", expected " + expected
                    + " (class path: " + System.getProperty("java.class.path") + ")");
        }
    }

    /** The installed jar holds the driver alone and names its automatic module. */
    private static void checkLibraryJar() throws Exception {
        Path jar = jarOf(io.secretjdbc.SecretDriver.class);
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> foreign = new ArrayList<>();
            file.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/secretjdbc/cli/") || n.startsWith("demo/")
                            || (n.endsWith(".class") && !n.startsWith("io/secretjdbc/")
                                    && !n.startsWith("META-INF/")))
                    .forEach(foreign::add);
            if (!foreign.isEmpty()) {
                throw new AssertionError(jar + " holds what is not the driver: " + foreign);
            }
            if (file.getEntry("io/secretjdbc/SecretDriver.class") == null
                    || file.getEntry("META-INF/services/java.sql.Driver") == null) {
                throw new AssertionError(jar + " lacks the driver class or its service registration");
            }
            String module = file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
            if (!"io.secretjdbc".equals(module)) {
                throw new AssertionError(jar + ": Automatic-Module-Name is " + module);
            }
        }
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Through jdbc:secret:h2, found by DriverManager with no Class.forName: a secret in, a secret out. */
    private static void writeAndRead(String flows) throws Exception {
        String h2 = "h2:mem:library_alone;DB_CLOSE_DELAY=-1";
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
