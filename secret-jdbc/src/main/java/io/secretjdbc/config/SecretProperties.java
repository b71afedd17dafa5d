package io.secretjdbc.config;

import java.util.List;
import java.util.Locale;

/** The names of reference §5: connection properties, and the keys of the YAML configuration file. */
public final class SecretProperties {

    private SecretProperties() {
    }

    /** Every own connection property starts with this. */
    public static final String PREFIX = "secret.";

    public static final String KEY = "secret.key";
    /** Kestra's name for the key, accepted as a connection property too. */
    public static final String KEY_ALIAS = "kestra.encryption.secret-key";
    public static final String PREVIOUS_KEYS = "secret.previous-keys";
    public static final String FLOWS = "secret.flows";
    public static final String CONFIG = "secret.config";
    public static final String ON_PLAINTEXT = "secret.on-plaintext";
    public static final String READ = "secret.read";
    public static final String ALLOW_UNWRAP = "secret.allow-unwrap";
    /** Blind indexes (reference §3.1): {@code table.column:index_column[/norm+norm][@domain]}, comma separated. */
    public static final String SEARCH = "secret.search";

    /** The own connection properties, in the order reference §5 lists them. */
    public static final List<String> KNOWN = List.of(KEY, PREVIOUS_KEYS, FLOWS, CONFIG, ON_PLAINTEXT, READ, ALLOW_UNWRAP,
            SEARCH);

    public static final String ENV_CONFIG = "SECRET_JDBC_CONFIG";
    public static final String ENV_KESTRA_CONFIGURATION = "KESTRA_CONFIGURATION";
    public static final String ENV_KEY = "KESTRA_ENCRYPTION_SECRET_KEY";

    /** The configuration file looked up on the class path when none is named. */
    public static final String DEFAULT_CONFIG_RESOURCE = "secret-jdbc.yml";
    public static final String CLASSPATH_PREFIX = "classpath:";

    /** The section of the YAML file that holds everything but the key. */
    public static final String YAML_SECTION = "secret-jdbc";
    public static final String YAML_PREVIOUS_KEYS = "previous-keys";
    public static final String YAML_FLOWS = "flows";
    public static final String YAML_TABLES = "tables";
    public static final String YAML_ON_PLAINTEXT = "on-plaintext";
    public static final String YAML_READ = "read";
    public static final String YAML_ALLOW_UNWRAP = "allow-unwrap";
    public static final String YAML_SEARCH = "search";
    public static final List<String> YAML_KNOWN = List.of(
            YAML_PREVIOUS_KEYS, YAML_FLOWS, YAML_TABLES, YAML_ON_PLAINTEXT, YAML_READ, YAML_ALLOW_UNWRAP, YAML_SEARCH);

    /**
     * True for a property that is ours and so never reaches the delegate: {@code secret.*} in any
     * case (so that {@code Secret.Key} is reported as unknown rather than passed on) and the alias.
     */
    public static boolean isOwn(String name) {
        return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || KEY_ALIAS.equals(name);
    }

    /**
     * Fails for a name that is ours but not one we know ({@code secret.kee}, {@code SECRET.FLOWS}), or
     * that is not ours but resembles one of ours ({@code secret_flows}, {@code " secret.flows"},
     * {@code secretFlows}): such a setting would otherwise be passed to the database and silently
     * do nothing. The message names the property it resembles.
     *
     * @param what "property" or "URL parameter", for the message
     */
    public static void check(String name, String what) throws java.sql.SQLException {
        if (KNOWN.contains(name) || KEY_ALIAS.equals(name)) {
            return;
        }
        String resembled = isOwn(name) ? closest(name, KNOWN) : resembled(name);
        if (resembled == null && !isOwn(name)) {
            return;
        }
        throw SourceValues.configError("Unknown " + what + " " + printable(name)
                + (resembled == null ? "" : " (did you mean " + resembled + "?)")
                + "; the known properties are " + String.join(", ", KNOWN) + " and " + KEY_ALIAS
                + " (an alias of " + KEY + ")");
    }

    /** A known name, or the alias, that {@code name} (not ours) resembles once case and punctuation are ignored. */
    private static String resembled(String name) {
        String bare = lettersAndDigits(name);
        if (bare.length() < 6) {
            return null;
        }
        for (String candidate : ALL_NAMES) {
            if (distance(bare, lettersAndDigits(candidate)) <= 1) {
                return candidate;
            }
        }
        return null;
    }

    private static final List<String> ALL_NAMES = List.of(KEY, PREVIOUS_KEYS, FLOWS, CONFIG, ON_PLAINTEXT, READ,
            ALLOW_UNWRAP, SEARCH, KEY_ALIAS);

    private static String lettersAndDigits(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A property name for a message: short, control characters shown as '?'. Names are not secret. */
    private static String printable(String name) {
        String cut = name.length() > 60 ? name.substring(0, 60) + "..." : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** The closest known name to a mistyped one, or null when none is close. */
    static String closest(String name, List<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(lower, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: a swapped pair of letters ({@code kye}) counts as one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
