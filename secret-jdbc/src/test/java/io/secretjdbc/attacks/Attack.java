package io.secretjdbc.attacks;

import io.secretjdbc.testing.Backend;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * One line of an {@code attacks/*.tsv} file (format: /work/wt/notes/COMMON.md, "The adversarial
 * corpus"): id, class (1-12 or {@code new}), backends, status, oracle, steps separated by
 * {@code " ;; "}, note. Parsing is strict: a malformed line is an error naming file and line, so a
 * typo cannot silently drop an attack.
 */
record Attack(String file, int line, String id, String attackClass, Set<Backend> backends, boolean pending,
              boolean restOnly, List<String> steps, String note) {

    static final String STEP_SEPARATOR = " ;; ";
    static final String PREPARED = "prep:";
    static final String MARKER = "<M>";

    /** Parses one non-comment line; throws IllegalArgumentException naming file:line on any defect. */
    static Attack parse(String file, int line, String text) {
        String where = file + ":" + line;
        String[] f = text.split("\t", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException(where + ": expected 7 TAB-separated fields, found " + f.length);
        }
        String id = f[0].trim();
        if (!id.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException(where + ": id must be lower-case letters, digits, '-', '_', '.': " + id);
        }
        String attackClass = f[1].trim();
        if (!attackClass.equals("new") && !attackClass.matches("[1-9]|1[0-2]")) {
            throw new IllegalArgumentException(where + ": class must be 1-12 or new: " + attackClass);
        }
        String status = f[3].trim();
        if (!status.equals("closed") && !status.equals("pending")) {
            throw new IllegalArgumentException(where + ": status must be closed or pending: " + status);
        }
        String oracle = f[4].trim();
        if (!oracle.equals("both") && !oracle.equals("rest")) {
            throw new IllegalArgumentException(where + ": oracle must be both or rest: " + oracle);
        }
        List<String> steps = new ArrayList<>();
        for (String step : f[5].split(" ;; ", -1)) {
            if (step.isBlank()) {
                throw new IllegalArgumentException(where + ": empty step (steps are separated by ' ;; ')");
            }
            steps.add(step.trim());
        }
        return new Attack(file, line, id, attackClass, backends(where, f[2].trim()), status.equals("pending"),
                oracle.equals("rest"), List.copyOf(steps), f[6].trim());
    }

    private static Set<Backend> backends(String where, String field) {
        if (field.equals("all")) {
            return EnumSet.allOf(Backend.class);
        }
        Set<Backend> backends = EnumSet.noneOf(Backend.class);
        for (String name : field.split(",", -1)) {
            switch (name.trim()) {
                case "sqlite": backends.add(Backend.SQLITE); break;
                case "h2": backends.add(Backend.H2); break;
                case "postgresql": backends.add(Backend.POSTGRESQL); break;
                case "mariadb": backends.add(Backend.MARIADB); break;
                default: throw new IllegalArgumentException(where + ": unknown backend '" + name
                        + "' (all, or a comma list of sqlite,h2,postgresql,mariadb)");
            }
        }
        return backends;
    }

    /** The attack's own marker: {@code zq} + 10 lower-case letters and digits derived from the id. */
    String marker() {
        Random random = new Random(id.hashCode() * 31L + 7);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder marker = new StringBuilder("zq");
        for (int i = 0; i < 10; i++) {
            marker.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return marker.toString();
    }

    /** How attacks name the corpus database ({@code sj_attack_corpus}) and databases they make ({@code sj_attack_x1}). */
    static final String DATABASE_PREFIX = "sj_attack_";

    /**
     * The steps with {@code <M>} replaced by the marker, and the {@code sj_attack_} prefix of database
     * names by {@code prefix}: server databases are tagged per checkout (see
     * {@code TestDatabases.serverDatabaseName}) so that work trees running the corpus at once on the
     * shared servers never meet.
     */
    List<String> concreteSteps(String prefix) {
        List<String> concrete = new ArrayList<>();
        for (String step : steps) {
            concrete.add(step.replace(MARKER, marker()).replace(DATABASE_PREFIX, prefix)
                    .replace(DATABASE_PREFIX.toUpperCase(Locale.ROOT), prefix.toUpperCase(Locale.ROOT)));
        }
        return concrete;
    }

    /** Lower-cased text of all steps as run (to recognise databases an attack created by name). */
    String text(String prefix) {
        return String.join(" ", concreteSteps(prefix)).toLowerCase(Locale.ROOT);
    }

    String classLabel() {
        return attackClass.equals("new") ? "new" : "class " + attackClass;
    }
}
