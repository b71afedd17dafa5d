package io.secretjdbc;

import io.secretjdbc.config.ConnectionSettings;
import io.secretjdbc.config.DelegateUrl;
import io.secretjdbc.config.SecretProperties;
import io.secretjdbc.config.SettingsLoader;
import io.secretjdbc.jdbc.SecretConnection;
import io.secretjdbc.jdbc.SecretContexts;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:secret:} URLs (reference §2): {@code jdbc:secret:postgresql://db/kestra}
 * opens {@code jdbc:postgresql://db/kestra} through whatever driver {@link DriverManager} has for it,
 * and wraps the connection so that secret columns are encrypted and decrypted.
 */
public final class SecretDriver implements Driver {

    /** The URL prefix; removed once, so the delegate URL is {@code "jdbc:" + rest}. */
    public static final String PREFIX = "jdbc:secret:";

    static {
        try {
            DriverManager.registerDriver(new SecretDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** The delegate's URL: the {@code secret:} part removed once, wherever else the text may repeat. */
    public static String delegateUrl(String url) {
        return "jdbc:" + url.substring(PREFIX.length());
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String delegateUrl = delegateUrl(url);
        if (acceptsURL(delegateUrl)) {
            throw new SQLException("The URL starts with jdbc:secret: twice; wrap a database URL once "
                    + "(jdbc:secret:sqlite:app.db).", "08001");
        }
        // secret.* parameters of the URL are ours: read as properties, never sent to the database.
        DelegateUrl parsed = DelegateUrl.parse(delegateUrl);
        delegateUrl = parsed.url();
        Properties merged = parsed.mergeInto(info == null ? new Properties() : info);
        ConnectionSettings settings = SettingsLoader.load(merged, System.getenv());
        Connection delegate = delegateDriver(delegateUrl).connect(delegateUrl, settings.delegateProperties());
        if (delegate == null) {
            throw new SQLException("The driver for " + scheme(delegateUrl) + " did not accept the URL", "08001");
        }
        return new SecretConnection(SecretContexts.forDatabase(settings.settings(), delegateUrl), delegate);
    }

    static Driver delegateDriver(String delegateUrl) throws SQLException {
        try {
            return DriverManager.getDriver(delegateUrl);
        } catch (SQLException e) {
            throw new SQLException("No JDBC driver for " + scheme(delegateUrl) + " is on the class path: add the "
                    + "database's own driver beside secret-jdbc (secret-jdbc wraps it).", "08001", e);
        }
    }

    /** {@code jdbc:postgresql:} of a URL: enough to name the database without echoing credentials. */
    private static String scheme(String url) {
        int second = url.indexOf(':', 5);
        return second < 0 ? url : url.substring(0, second + 1);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        List<DriverPropertyInfo> result = new ArrayList<>();
        result.add(property("secret.key", "Base64 AES key (16, 24 or 32 bytes; 32 recommended). "
                + "Alias: kestra.encryption.secret-key"));
        result.add(property("secret.previous-keys", "Comma-separated Base64 keys that still decrypt but never encrypt"));
        result.add(property("secret.flows", "Comma-separated Kestra flow files or folders (classpath: allowed)"));
        result.add(property("secret.config", "A YAML configuration file (classpath: allowed)"));
        DriverPropertyInfo onPlaintext = property("secret.on-plaintext", "What a read does with a plaintext value in a secret column");
        onPlaintext.choices = new String[] {"fail", "pass"};
        onPlaintext.value = "fail";
        result.add(onPlaintext);
        DriverPropertyInfo read = property("secret.read", "decrypt, or mask: secret values read back as ******");
        read.choices = new String[] {"decrypt", "mask"};
        read.value = "decrypt";
        result.add(read);
        DriverPropertyInfo unwrap = property("secret.allow-unwrap", "Lets unwrap hand out the delegate's own objects, which bypass encryption");
        unwrap.choices = new String[] {"false", "true"};
        unwrap.value = "false";
        result.add(unwrap);
        if (acceptsURL(url)) {
            String delegateUrl = DelegateUrl.parse(delegateUrl(url)).url();
            Properties delegateInfo = new Properties();
            if (info != null) {
                info.stringPropertyNames().stream().filter(k -> !SecretProperties.isOwn(k))
                        .forEach(k -> delegateInfo.setProperty(k, info.getProperty(k)));
            }
            result.addAll(List.of(delegateDriver(delegateUrl).getPropertyInfo(delegateUrl, delegateInfo)));
        }
        return result.toArray(new DriverPropertyInfo[0]);
    }

    /** Values are never echoed back: one of them is a key. */
    private static DriverPropertyInfo property(String name, String description) {
        DriverPropertyInfo p = new DriverPropertyInfo(name, null);
        p.description = description;
        return p;
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    /** Compliance is the delegate's; a wrapper cannot promise it. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.secretjdbc");
    }
}
