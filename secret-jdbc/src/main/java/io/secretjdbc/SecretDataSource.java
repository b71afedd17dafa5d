package io.secretjdbc;

import io.secretjdbc.config.ConnectionSettings;
import io.secretjdbc.config.SettingsLoader;
import io.secretjdbc.jdbc.SecretConnection;
import io.secretjdbc.jdbc.SecretContext;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A {@link DataSource} for {@code jdbc:secret:} URLs, as a bean (HikariCP's {@code dataSourceClassName}
 * sets {@code url}, {@code key}, {@code flows}, ... through the setters), and {@link #wrap} to add
 * encryption to a DataSource an application already has.
 */
public class SecretDataSource implements DataSource {

    private static final SecretDriver DRIVER = new SecretDriver();

    private String url;
    private String user;
    private String password;
    private final Properties properties = new Properties();
    private PrintWriter logWriter;
    private int loginTimeoutSeconds;

    // ---- bean properties ----

    public String getUrl() {
        return url;
    }

    /** A {@code jdbc:secret:} URL. */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    /** HikariCP and Spring call it {@code username}. */
    public void setUsername(String username) {
        this.user = username;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** {@code secret.key}. */
    public void setKey(String base64Key) {
        set("secret.key", base64Key);
    }

    /** {@code secret.previous-keys}, comma-separated. */
    public void setPreviousKeys(String base64Keys) {
        set("secret.previous-keys", base64Keys);
    }

    /** {@code secret.flows}, comma-separated files or folders. */
    public void setFlows(String flows) {
        set("secret.flows", flows);
    }

    /** {@code secret.config}. */
    public void setConfig(String configFile) {
        set("secret.config", configFile);
    }

    /** {@code secret.on-plaintext}: {@code fail} or {@code pass}. */
    public void setOnPlaintext(String onPlaintext) {
        set("secret.on-plaintext", onPlaintext);
    }

    /** {@code secret.read}: {@code decrypt} or {@code mask}. */
    public void setRead(String read) {
        set("secret.read", read);
    }

    /** {@code secret.allow-unwrap}. */
    public void setAllowUnwrap(boolean allowUnwrap) {
        set("secret.allow-unwrap", Boolean.toString(allowUnwrap));
    }

    /** {@code secret.search}: blind indexes, {@code table.column:index_column[/norm+norm][@domain]}, comma-separated. */
    public void setSearch(String search) {
        set("secret.search", search);
    }

    /** Any further connection property, for secret-jdbc or the delegate driver. */
    public void setProperty(String name, String value) {
        set(name, value);
    }

    private void set(String name, String value) {
        if (value == null) {
            properties.remove(name);
        } else {
            properties.setProperty(name, value);
        }
    }

    // ---- DataSource ----

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        if (url == null) {
            throw new SQLException("SecretDataSource has no url: set it to a jdbc:secret: URL", "08001");
        }
        if (!DRIVER.acceptsURL(url)) {
            throw new SQLException("SecretDataSource needs a jdbc:secret: URL, e.g. jdbc:secret:postgresql://db/app", "08001");
        }
        Properties info = new Properties();
        info.putAll(properties);
        if (username != null) {
            info.setProperty("user", username);
        }
        if (password != null) {
            info.setProperty("password", password);
        }
        return DRIVER.connect(url, info);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.secretjdbc");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("SecretDataSource does not wrap a " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "SecretDataSource[url=" + (url == null ? null : masked(url)) + "]";
    }

    /**
     * The URL as a log may show it, whatever its form, never throwing: the user information before an
     * {@code @} ({@code //bob:hunter2@db}, Oracle's {@code scott/tiger@host}) becomes {@code ***}, and
     * everything after the first {@code ?} or {@code ;}, where drivers take {@code password=}, {@code …}.
     */
    static String masked(String url) {
        int cut = firstOf(url, '?', ';');
        String head = cut < 0 ? url : url.substring(0, cut);
        String tail = cut < 0 ? "" : url.charAt(cut) + "…";
        int at = head.lastIndexOf('@');
        if (at < 0) {
            return head + tail;
        }
        int slashes = head.indexOf("//");
        int start = slashes >= 0 && slashes < at ? slashes + 2 : afterColons(head, 3, at);
        return head.substring(0, start) + "***" + head.substring(at) + tail;
    }

    private static int firstOf(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** The index after the n-th ':' of text if it comes before limit, else 0 (mask from the start). */
    private static int afterColons(String text, int n, int limit) {
        int index = -1;
        for (int found = 0; found < n; found++) {
            index = text.indexOf(':', index + 1);
            if (index < 0 || index >= limit) {
                return 0;
            }
        }
        return index + 1;
    }

    // ---- wrapping an existing DataSource ----

    /**
     * Adds encryption to a DataSource the application already has (a pool, an application server's).
     *
     * @param secretProperties the {@code secret.*} settings of reference §5 (the configuration file and the
     *                         environment are read as for a URL)
     * @throws SQLException when the settings are unusable (bad key, unreadable flow file)
     */
    public static DataSource wrap(DataSource delegate, Properties secretProperties) throws SQLException {
        ConnectionSettings settings = SettingsLoader.load(secretProperties, System.getenv());
        return new WrappingDataSource(delegate, new SecretContext(settings.settings()));
    }

    private static final class WrappingDataSource implements DataSource {
        private final DataSource delegate;
        private final SecretContext context;

        WrappingDataSource(DataSource delegate, SecretContext context) {
            this.delegate = delegate;
            this.context = context;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return new SecretConnection(context, delegate.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return new SecretConnection(context, delegate.getConnection(username, password));
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        /** The wrapped DataSource hands out unencrypted connections, so it is not reachable through unwrap. */
        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            if (context.settings().allowUnwrap()) {
                return iface.isInstance(delegate) ? iface.cast(delegate) : delegate.unwrap(iface);
            }
            throw new SQLException("unwrap(" + iface.getName() + ") would hand out a DataSource that bypasses "
                    + "encryption. Set secret.allow-unwrap=true if you really need it.", "42501");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(this)
                    || context.settings().allowUnwrap() && (iface.isInstance(delegate) || delegate.isWrapperFor(iface));
        }

        @Override
        public String toString() {
            return "SecretDataSource.wrap(" + delegate.getClass().getName() + ")";
        }
    }
}
