package io.secretjdbc.config;

import io.secretjdbc.config.SecretSettings.OnPlaintext;
import io.secretjdbc.config.SecretSettings.ReadMode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one source (connection properties, the configuration file, KESTRA_CONFIGURATION,
 * KESTRA_ENCRYPTION_SECRET_KEY) sets; null for what it leaves unset. Flow locations are already
 * resolved (absolute, or {@code classpath:}).
 */
final class SourceValues {

    static final String SQL_STATE_CONFIG = "08001";
    static final String SQL_STATE_KEY = "28000";

    /** Where these values came from, as messages say it: "the configuration file /etc/x.yml". */
    final String origin;
    /** True when setting names alone say where they come from (secret.key, KESTRA_ENCRYPTION_SECRET_KEY). */
    boolean nameSaysOrigin;
    String key;
    String keyName;
    List<String> previousKeys;
    String previousKeysName;
    List<String> flows;
    Map<String, String> tables;
    OnPlaintext onPlaintext;
    ReadMode readMode;
    Boolean allowUnwrap;
    /** Blind index declarations (reference §5 {@code secret.search}); null when this source sets none. */
    List<SearchDeclarations.Entry> search;
    /** The setting they came from, for messages: {@code secret.search}, {@code secret-jdbc.search in ...}. */
    String searchName;

    SourceValues(String origin) {
        this.origin = origin;
    }

    /** Splits a comma list; blanks dropped, entries trimmed; null for null or a list with no entry. */
    static List<String> commaList(String text) {
        if (text == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            String part = text.substring(start, end).strip();
            if (!part.isEmpty()) {
                out.add(part);
            }
            start = end + 1;
        }
        return out.isEmpty() ? null : out;
    }

    /** A lower-case enum value, any case accepted; the message names the setting and the allowed values. */
    static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String name) throws SQLException {
        String wanted = text.strip();
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(wanted)) {
                return constant;
            }
            allowed.append(allowed.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw configError(name + " is '" + text + "'; allowed values: " + allowed);
    }

    static boolean parseBoolean(String text, String name) throws SQLException {
        String wanted = text.strip();
        if (wanted.equalsIgnoreCase("true")) {
            return true;
        }
        if (wanted.equalsIgnoreCase("false")) {
            return false;
        }
        throw configError(name + " is '" + text + "'; allowed values: true, false");
    }

    /** A relative location against {@code baseDir}; {@code classpath:} and absolute ones as they are. */
    static String resolveAgainst(String location, Path baseDir) {
        if (location.startsWith(SecretProperties.CLASSPATH_PREFIX)) {
            return location;
        }
        Path path = Path.of(location);
        return path.isAbsolute() ? location : baseDir.resolve(path).normalize().toString();
    }

    static SQLException configError(String message) {
        return new SQLException(message, SQL_STATE_CONFIG);
    }
}
