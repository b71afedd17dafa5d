package io.secretjdbc.sql;

import io.secretjdbc.registry.SecretRegistry;

import java.sql.SQLException;
import java.util.Map;

/**
 * Issue 9 class 10 for views made outside the driver: {@code SELECT password FROM v} through a view over
 * a secret table would return ciphertext as if it were the data, and an INSERT into a writable view
 * would store plaintext. The views over registry tables are read from the database's catalog
 * ({@link ViewCatalog}) at the first plan miss, again after a schema change through the driver and at
 * most every {@link #MAX_AGE_NANOS} on a plan miss; a statement that names one is refused, except DROP.
 *
 * <p>Cost: only on a plan miss (cached plans never come here), one whole-word search per known view;
 * nothing when there is none. A catalog query at most every ten seconds, and only on a miss.
 */
final class SecretViews {

    static final long MAX_AGE_NANOS = 10_000_000_000L;

    private final SecretRegistry registry;
    private final ViewCatalog catalog;
    /** View name to the registry table it reads; null until read. */
    private volatile Map<String, String> views;
    private volatile long readAt;

    SecretViews(SecretRegistry registry, ViewCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    /** After DDL through the driver: read the catalog again at the next plan miss. */
    void clear() {
        views = null;
    }

    /** The refusal for a statement that names a view over a registry table, or null. */
    Refusal refusal(String sql) {
        Map<String, String> known = known();
        if (known.isEmpty() || Words.wordAt(sql, Words.firstWordAt(sql, 0), "DROP")) {
            return null;
        }
        for (Map.Entry<String, String> view : known.entrySet()) {
            if (TableMentions.mentions(sql, view.getKey())) {
                return new Refusal("view " + view.getKey() + " reads secret table " + view.getValue() + " (the"
                        + " database's catalog says so): through a view, secret columns come back as ciphertext and"
                        + " writes are stored unencrypted, so statements naming it are refused. Query "
                        + view.getValue() + " itself through jdbc:secret:, or drop the view (DROP VIEW is allowed).",
                        false);
            }
        }
        return null;
    }

    /**
     * The views that read a registry table, directly or through other views (to a fixed point), each mapped
     * to the registry table it reads. A whole-word search errs toward "reads it"; so does an unseen text.
     */
    private Map<String, String> overRegistryTables(Map<String, String> all) {
        Map<String, String> tainted = new java.util.HashMap<>();
        for (String table : registry.tableNames()) {
            tainted.put(table, table);
        }
        String anyTable = registry.tableNames().isEmpty() ? null : registry.tableNames().iterator().next();
        boolean grew = anyTable != null;
        while (grew) {
            grew = false;
            for (Map.Entry<String, String> view : all.entrySet()) {
                String name = view.getKey().toLowerCase(java.util.Locale.ROOT);
                if (tainted.containsKey(name)) {
                    continue;
                }
                String read = view.getValue() == null ? anyTable : readIn(view.getValue(), tainted);
                if (read != null) {
                    tainted.put(name, read);
                    grew = true;
                }
            }
        }
        tainted.keySet().removeAll(registry.tableNames());
        return tainted;
    }

    private static String readIn(String text, Map<String, String> tainted) {
        for (Map.Entry<String, String> e : tainted.entrySet()) {
            if (TableMentions.mentions(text, e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private Map<String, String> known() {
        Map<String, String> known = views;
        if (known != null && System.nanoTime() - readAt < MAX_AGE_NANOS) {
            return known;
        }
        try {
            Map<String, String> all = catalog.views();
            if (all == null) {
                return known == null ? Map.of() : known; // no connection to ask on: keep what is known
            }
            readAt = System.nanoTime();
            views = Map.copyOf(overRegistryTables(all));
            return views;
        } catch (SQLException e) {
            // The catalog could not be read (privileges, an unusual database): the driver's own refusal of
            // view DDL and the database-side guard remain; views made elsewhere go unseen (README).
            return known == null ? Map.of() : known;
        }
    }
}
