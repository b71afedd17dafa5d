package io.secretjdbc.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Our settings written into the delegate URL (reference §5): {@code jdbc:postgresql://db/app?user=x&secret.flows=/etc/flows}.
 * They are taken out of the URL, so the database, its driver's log and {@code getMetaData().getURL()}
 * never see them, and read as connection properties. A key there fails the connection: a URL is
 * logged and shown, a key must not be.
 *
 * <p>Two parameter syntaxes are read, because both reach a delegate driver as settings: the query
 * string ({@code ?a=1&b=2}: PostgreSQL, MariaDB, SQLite) and {@code ;name=value} segments (H2, Derby,
 * SQL Server). A parameter whose name only resembles ours ({@code secret_flows}) fails the same way a
 * mistyped property does, see {@link SecretProperties#check}.
 */
public final class DelegateUrl {

    private final String url;
    private final Map<String, String> own;

    private DelegateUrl(String url, Map<String, String> own) {
        this.url = url;
        this.own = own;
    }

    /** The URL to hand to the delegate driver, without our parameters. */
    public String url() {
        return url;
    }

    /** Our parameters, names as written, values percent-decoded. */
    public Map<String, String> ownParameters() {
        return own;
    }

    /**
     * @param delegateUrl the URL after {@code jdbc:secret:} was replaced by {@code jdbc:}
     * @throws SQLException for a key in the URL, or a parameter named like ours but mistyped; the
     *                      message names the parameter, never the URL or a value
     */
    public static DelegateUrl parse(String delegateUrl) throws SQLException {
        Map<String, String> own = new LinkedHashMap<>();
        int query = delegateUrl.indexOf('?');
        String head = query < 0 ? delegateUrl : delegateUrl.substring(0, query);
        String cleanHead = strip(head, ';', own, true);
        String cleanQuery = query < 0 ? null : strip(delegateUrl.substring(query + 1), '&', own, false);
        String clean = cleanQuery == null ? cleanHead
                : cleanQuery.isEmpty() ? cleanHead : cleanHead + '?' + cleanQuery;
        return new DelegateUrl(own.isEmpty() ? delegateUrl : clean, own);
    }

    /**
     * Properties for the configuration layer: the application's, plus the URL's parameters. A setting
     * given both ways with different values fails: which one the user meant cannot be guessed.
     */
    public Properties mergeInto(Properties info) throws SQLException {
        if (own.isEmpty()) {
            return info;
        }
        Properties merged = new Properties();
        if (info != null) {
            merged.putAll(info);
            for (String name : info.stringPropertyNames()) {
                merged.putIfAbsent(name, info.getProperty(name));
            }
        }
        for (Map.Entry<String, String> entry : own.entrySet()) {
            Object before = merged.get(entry.getKey());
            if (before != null && !String.valueOf(before).equals(entry.getValue())) {
                throw SourceValues.configError(entry.getKey() + " is set both in the URL and in the connection"
                        + " properties, to different values; keep one");
            }
            merged.setProperty(entry.getKey(), entry.getValue());
        }
        return merged;
    }

    /**
     * Removes our parameters from one list of {@code name=value} parts separated by {@code separator}.
     * In the head (before {@code ?}), the first part is the database location and never a parameter.
     */
    private static String strip(String text, char separator, Map<String, String> own, boolean head)
            throws SQLException {
        String[] parts = text.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < parts.length; i++) {
            if (head && i == 0 || !take(parts[i], own)) {
                if (kept.length() > 0 || head && i > 0) {
                    kept.append(separator);
                }
                kept.append(parts[i]);
            }
        }
        return kept.toString();
    }

    /** True (and recorded) when {@code part} is one of our parameters. */
    private static boolean take(String part, Map<String, String> own) throws SQLException {
        int eq = part.indexOf('=');
        String rawName = eq < 0 ? part : part.substring(0, eq);
        String name = percentDecode(rawName);
        if (SecretProperties.KEY.equalsIgnoreCase(name.strip()) || SecretProperties.KEY_ALIAS.equalsIgnoreCase(name.strip())
                || SecretProperties.PREVIOUS_KEYS.equalsIgnoreCase(name.strip())) {
            throw new SQLException(name.strip() + " is in the JDBC URL, which drivers log and getMetaData().getURL()"
                    + " shows: a key must not be there. Pass it as a connection property, in the configuration"
                    + " file, or in the environment variable " + SecretProperties.ENV_KEY, SourceValues.SQL_STATE_KEY);
        }
        SecretProperties.check(name, "URL parameter");
        if (!SecretProperties.isOwn(name)) {
            return false;
        }
        own.put(name, eq < 0 ? "" : percentDecode(part.substring(eq + 1)));
        return true;
    }

    /** {@code %2C} to {@code ,}; a {@code +} stays a {@code +} (it is one in a path or a key). */
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
                    && hex(text.charAt(i + 2)) >= 0) {
                out.writeBytes(text.substring(run, i).getBytes(StandardCharsets.UTF_8));
                out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
                run = i + 1;
            }
        }
        out.writeBytes(text.substring(run).getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** Never the URL itself: it may hold a password. */
    @Override
    public String toString() {
        return "DelegateUrl[" + own.size() + " own parameters]";
    }
}
