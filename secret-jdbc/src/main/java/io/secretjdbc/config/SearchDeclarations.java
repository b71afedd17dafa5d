package io.secretjdbc.config;

import io.secretjdbc.registry.BlindIndex;
import io.secretjdbc.registry.SecretRegistry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The blind index declarations of reference §5: {@code secret.search} as a comma list of
 * {@code table.column:index_column[/norm+norm][@domain]}, and {@code secret-jdbc.search} in YAML as a
 * map of {@code table.column} to an index column (short form) or to
 * {@code {column, normalize: [...], domain}} (long form). Bad declarations fail the connection and
 * name the setting.
 */
final class SearchDeclarations {

    /** One declaration: the secret column {@code table.column} gets a blind index. */
    record Entry(String table, String column, String indexColumn, List<String> normalization, String domain) {
    }

    static final String SYNTAX = "table.column:index_column, optionally followed by /normalization+normalization"
            + " (" + String.join(", ", BlindIndex.NORMALIZATIONS) + ") and @domain, for example"
            + " users.email:email_bidx/trim+lowercase@email";

    private static final List<String> LONG_FORM_KEYS = List.of("column", "normalize", "domain");

    private SearchDeclarations() {
    }

    /** Parses the property form; {@code name} is the setting, for messages. */
    static List<Entry> parseProperty(String text, String name) throws SQLException {
        List<String> parts = SourceValues.commaList(text);
        List<Entry> out = new ArrayList<>();
        if (parts == null) {
            return out;
        }
        for (String part : parts) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw SourceValues.configError(name + " has an entry without ':' and an index column; each entry is "
                        + SYNTAX);
            }
            String target = part.substring(0, colon).strip();
            String rest = part.substring(colon + 1);
            String domain = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                domain = rest.substring(at + 1).strip();
                rest = rest.substring(0, at);
                if (domain.isEmpty()) {
                    throw SourceValues.configError(name + " entry " + printable(target) + " has an empty @domain; each entry is "
                            + SYNTAX);
                }
            }
            List<String> normalization = List.of();
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                normalization = normalizations(List.of(rest.substring(slash + 1).split("\\+", -1)), name, target);
                rest = rest.substring(0, slash);
            }
            out.add(entry(target, rest.strip(), normalization, domain, name));
        }
        return out;
    }

    /** Parses the YAML form (the value under {@code secret-jdbc.search}); {@code name} is the setting. */
    static List<Entry> parseYaml(Object value, String name) throws SQLException {
        if (!(value instanceof Map)) {
            throw SourceValues.configError(name + " must be a map of table.column to an index column, for example"
                    + " `users.email: email_bidx` or `users.ssn: { column: ssn_bidx, normalize: [trim], domain: ssn }`");
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<?, ?> declared : ((Map<?, ?>) value).entrySet()) {
            String target = String.valueOf(declared.getKey()).strip();
            Object spec = declared.getValue();
            if (spec instanceof Map) {
                Map<?, ?> form = (Map<?, ?>) spec;
                for (Object key : form.keySet()) {
                    if (!LONG_FORM_KEYS.contains(String.valueOf(key))) {
                        throw SourceValues.configError(name + " entry " + printable(target) + " has the unknown key " + key
                                + "; the keys are " + String.join(", ", LONG_FORM_KEYS));
                    }
                }
                Object column = form.get("column");
                if (column == null || column instanceof Map || column instanceof List) {
                    throw SourceValues.configError(name + " entry " + printable(target) + " needs `column:` naming the index column");
                }
                Object domain = form.get("domain");
                if (domain instanceof Map || domain instanceof List) {
                    throw SourceValues.configError(name + " entry " + printable(target) + ": domain must be a single name");
                }
                out.add(entry(target, String.valueOf(column).strip(), yamlNormalizations(form.get("normalize"), name,
                        target), domain == null ? null : String.valueOf(domain).strip(), name));
            } else if (spec == null || spec instanceof List) {
                throw SourceValues.configError(name + " entry " + printable(target) + " must name an index column");
            } else {
                out.add(entry(target, String.valueOf(spec).strip(), List.of(), null, name));
            }
        }
        return out;
    }

    private static List<String> yamlNormalizations(Object value, String name, String target) throws SQLException {
        if (value == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                names.add(String.valueOf(item));
            }
        } else if (value instanceof Map) {
            throw SourceValues.configError(name + " entry " + printable(target) + ": normalize must be a list, such as [trim, lowercase]");
        } else {
            names.addAll(List.of(String.valueOf(value).split("[+,]", -1)));
        }
        return normalizations(names, name, target);
    }

    private static List<String> normalizations(List<String> names, String name, String target) throws SQLException {
        List<String> out = new ArrayList<>(names.size());
        for (String raw : names) {
            String n = raw.strip();
            if (!BlindIndex.NORMALIZATIONS.contains(n)) {
                throw SourceValues.configError(name + " entry " + printable(target) + " names an unknown normalization"
                        + (n.isEmpty() ? " (an empty one)" : " " + printable(n)) + "; the normalizations are "
                        + String.join(", ", BlindIndex.NORMALIZATIONS));
            }
            out.add(n);
        }
        return out;
    }

    private static Entry entry(String target, String indexColumn, List<String> normalization, String domain,
            String name) throws SQLException {
        int dot = target.lastIndexOf('.');
        if (dot <= 0 || dot == target.length() - 1) {
            throw SourceValues.configError(name + " entry " + printable(target) + " must start with table.column;"
                    + " each entry is " + SYNTAX);
        }
        if (indexColumn.isEmpty()) {
            throw SourceValues.configError(name + " entry " + printable(target) + " names no index column; each entry is " + SYNTAX);
        }
        return new Entry(target.substring(0, dot), target.substring(dot + 1), indexColumn, normalization, domain);
    }

    /** A configuration name for a message: short, control characters shown as '?'. */
    private static String printable(String text) {
        String cut = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * The registry with the declared blind indexes. Each declaration is checked against it: the
     * secret column must exist, the index column must be no secret column, no declared plain column,
     * and no other declaration's; a failure names the setting.
     */
    static SecretRegistry apply(SecretRegistry registry, List<Entry> entries, String name) throws SQLException {
        if (entries.isEmpty()) {
            return registry;
        }
        SecretRegistry.Builder builder = registry.toBuilder();
        for (Entry e : entries) {
            try {
                builder.blindIndex(e.table(), e.column(), e.indexColumn(), e.normalization(), e.domain());
            } catch (IllegalArgumentException problem) {
                throw SourceValues.configError(name + ": " + problem.getMessage());
            }
        }
        return builder.build();
    }
}
