package io.secretjdbc.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.Map;

/**
 * The configuration file of reference §5: named by {@code secret.config}, else by SECRET_JDBC_CONFIG,
 * else {@code secret-jdbc.yml} on the class path if there is one. A file path resolves against the
 * working directory; a {@code classpath:} name is looked up through the thread context class loader.
 */
final class ConfigFile {

    private final String origin;
    private final Path path;
    private final URL resource;
    private final String resourceName;
    private final String fingerprint;

    private ConfigFile(String origin, Path path, URL resource, String resourceName, String fingerprint) {
        this.origin = origin;
        this.path = path;
        this.resource = resource;
        this.resourceName = resourceName;
        this.fingerprint = fingerprint;
    }

    /**
     * The configuration file to read, or null when none is named and the class path has no
     * {@code secret-jdbc.yml}.
     *
     * @param configProperty the value of {@code secret.config}, or null
     */
    static ConfigFile locate(String configProperty, Map<String, String> environment, Path workingDir)
            throws SQLException {
        if (configProperty != null) {
            return named(configProperty, SecretProperties.CONFIG, workingDir);
        }
        String fromEnv = SettingsLoader.nonBlank(environment.get(SecretProperties.ENV_CONFIG));
        if (fromEnv != null) {
            return named(fromEnv, "the environment variable " + SecretProperties.ENV_CONFIG, workingDir);
        }
        URL url = classLoader().getResource(SecretProperties.DEFAULT_CONFIG_RESOURCE);
        return url == null ? null : onClassPath(SecretProperties.DEFAULT_CONFIG_RESOURCE, url);
    }

    private static ConfigFile named(String location, String namedBy, Path workingDir) throws SQLException {
        if (location.startsWith(SecretProperties.CLASSPATH_PREFIX)) {
            String name = stripLeadingSlash(location.substring(SecretProperties.CLASSPATH_PREFIX.length()));
            URL url = classLoader().getResource(name);
            if (url == null) {
                throw SourceValues.configError(namedBy + " names " + location
                        + ", which is not on the class path; check the name, or give a file path");
            }
            return onClassPath(name, url);
        }
        Path path = workingDir.resolve(location).toAbsolutePath().normalize();
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw SourceValues.configError(namedBy + " names " + path + ", which is not a file");
            }
            return new ConfigFile("the configuration file " + path, path, null, null,
                    path + "@" + attributes.lastModifiedTime().toMillis() + ":" + attributes.size());
        } catch (NoSuchFileException e) {
            throw SourceValues.configError(namedBy + " names " + path + ", which does not exist");
        } catch (IOException e) {
            throw SourceValues.configError(namedBy + " names " + path + ", which cannot be read: " + e);
        }
    }

    private static ConfigFile onClassPath(String name, URL url) {
        String fingerprint = url.toString();
        if ("file".equals(url.getProtocol())) {
            try {
                Path file = Path.of(url.toURI());
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                fingerprint += "@" + attributes.lastModifiedTime().toMillis() + ":" + attributes.size();
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                // No stamp: the class path file is then re-read only when the URL changes.
            }
        }
        return new ConfigFile("the configuration file " + SecretProperties.CLASSPATH_PREFIX + name,
                null, url, name, fingerprint);
    }

    static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ConfigFile.class.getClassLoader();
    }

    private static String stripLeadingSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** "the configuration file /etc/app/secret-jdbc.yml", for messages. */
    String origin() {
        return origin;
    }

    /** Changes when the file is replaced or edited (path, modification time, size). */
    String fingerprint() {
        return fingerprint;
    }

    String read() throws SQLException {
        try {
            if (path != null) {
                return Files.readString(path, StandardCharsets.UTF_8);
            }
            URLConnection connection = resource.openConnection();
            connection.setUseCaches(false); // do not keep a jar open (and locked on Windows)
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw SourceValues.configError("Cannot read " + origin + ": " + e);
        }
    }

    /**
     * A location written in this file: relative ones resolve against the file's folder (for a
     * class path file, against its class path folder); {@code classpath:} and absolute ones stay.
     */
    String resolve(String location) {
        if (path != null) {
            return SourceValues.resolveAgainst(location, path.getParent());
        }
        if (location.startsWith(SecretProperties.CLASSPATH_PREFIX) || Path.of(location).isAbsolute()) {
            return location;
        }
        int slash = resourceName.lastIndexOf('/');
        String folder = slash < 0 ? "" : resourceName.substring(0, slash + 1);
        String relative = location.startsWith("./") ? location.substring(2) : location;
        return SecretProperties.CLASSPATH_PREFIX + folder + relative;
    }
}
