package io.secretjdbc.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accumulates the text of one generated statement together with what the generator knows: every marker
 * it put in, and whether the place it put it in is a secret column (or compared with one, or ambiguous),
 * plus the parameter slots in the order they were made. {@link #build} gives the slots their final form
 * and numbers them the way SQLite does, so the bindings go to the JDBC indexes SQLite will use.
 */
final class CaseBuilder {

    /** Where a value goes. Anything the generator cannot pin down is {@code SECRET} (conservative). */
    enum Role { SECRET, PLAIN }

    /** Mixed parameter forms ({@code ?} after {@code ?N}, names): on unless {@code -Dfuzz.mixedParameters=false}. */
    static final boolean MIXED_PARAMETERS = !"false".equalsIgnoreCase(System.getProperty("fuzz.mixedParameters"));
    private static final Pattern SLOT = Pattern.compile("\u0001(\\d+)\u0002");
    private static final String[] LITERAL_SHAPES = {
        "%s", "%s", "%s", "it''s %s", "%s''s", "%s -- not a comment", "%s /* nor this */", "%s; DROP",
        "%s \"q\" `b` [c]", "%s \u2713 \u00fc", "%s?", "%s ?1 :x $1",
    };

    private final Random random;
    private final Counter counter;
    private final StringBuilder sql = new StringBuilder();
    private final List<Slot> slots = new ArrayList<>();
    private final Set<String> secret = new LinkedHashSet<>();
    private final Set<String> plain = new LinkedHashSet<>();

    /** A parameter slot: the value to bind (String marker, Integer, or null) and where it goes. */
    private record Slot(Object value, Role role) {
    }

    /** Shared across the builders of one run, so markers are unique in the whole run. */
    static final class Counter {
        private long next;

        long next() {
            return next++;
        }
    }

    CaseBuilder(Random random, Counter counter) {
        this.random = random;
        this.counter = counter;
    }

    Random random() {
        return random;
    }

    CaseBuilder add(String text) {
        sql.append(text);
        return this;
    }

    int length() {
        return sql.length();
    }

    /** A fresh marker, recorded with its role. */
    String marker(Role role) {
        StringBuilder m = new StringBuilder("MK").append(counter.next());
        for (int i = 0; i < 4; i++) {
            m.append((char) ('a' + random.nextInt(26)));
        }
        String marker = m.toString();
        (role == Role.SECRET ? secret : plain).add(marker);
        return marker;
    }

    /** A string literal holding a fresh marker, in one of several shapes (escaped quotes, comment look-alikes). */
    CaseBuilder literal(Role role) {
        String shape = LITERAL_SHAPES[random.nextInt(LITERAL_SHAPES.length)];
        return add("'" + String.format(shape, marker(role)) + "'");
    }

    /** A parameter bound to a fresh marker with setString. */
    CaseBuilder param(Role role) {
        return slot(marker(role), role);
    }

    CaseBuilder intParam(int value) {
        return slot(value, Role.PLAIN);
    }

    CaseBuilder nullParam(Role role) {
        return slot(null, role);
    }

    private CaseBuilder slot(Object value, Role role) {
        sql.append('\u0001').append(slots.size()).append('\u0002');
        slots.add(new Slot(value, role));
        return this;
    }

    /** The finished case. {@code preferStatement}: run without parameters through a plain Statement if possible. */
    GeneratedCase build(boolean batch) {
        Set<String> secretMarkers = new LinkedHashSet<>(secret);
        Set<String> plainMarkers = new LinkedHashSet<>(plain);
        Map<Integer, Object> bindings = new TreeMap<>();
        String text = slots.isEmpty() ? sql.toString() : numberSlots(bindings, secretMarkers, plainMarkers);
        GeneratedCase.Mode mode;
        if (slots.isEmpty() && random.nextInt(4) != 0) {
            mode = batch ? GeneratedCase.Mode.STATEMENT_BATCH : GeneratedCase.Mode.STATEMENT;
        } else {
            mode = batch ? GeneratedCase.Mode.PREPARED_BATCH : GeneratedCase.Mode.PREPARED;
        }
        return new GeneratedCase(text, bindings, secretMarkers, plainMarkers, mode);
    }

    /**
     * Gives each slot its final text, by one of four styles, and fills {@code bindings} as SQLite numbers
     * parameters: {@code ?} is one more than the largest index so far, {@code ?N} is N, and a name gets
     * the next index at its first use.
     */
    private String numberSlots(Map<Integer, Object> bindings, Set<String> secretMarkers, Set<String> plainMarkers) {
        // Mixed forms ('?' after '?N', names before '?'): SQLite numbers them unlike the parser, so the
        // planner refuses any secret parameter in them; bindings follow SQLite, so a marker bound to a
        // secret column at an index the plan would call plain is still caught (FuzzRegressionTest.formerLeaks).
        int style = MIXED_PARAMETERS && random.nextInt(3) == 0 ? 19 : random.nextInt(18);
        int mixedShape = random.nextInt(3);
        List<Integer> order = new ArrayList<>();
        Matcher m = SLOT.matcher(sql);
        while (m.find()) {
            order.add(Integer.parseInt(m.group(1)));
        }
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 1; i <= order.size(); i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, random);
        Map<Integer, List<Slot>> byIndex = new TreeMap<>();
        Map<String, Integer> names = new HashMap<>();
        int max = 0;
        StringBuilder out = new StringBuilder();
        m = SLOT.matcher(sql);
        int position = 0;
        while (m.find()) {
            Slot slot = slots.get(Integer.parseInt(m.group(1)));
            String form;
            int index;
            if (style < 13) {
                form = "?";
                index = ++max;
            } else if (style < 16) {
                index = position + 1;
                form = "?" + index;
                max = Math.max(max, index);
            } else if (style < 18) {
                index = shuffled.get(position);
                form = "?" + index;
                max = Math.max(max, index);
            } else {
                // Per slot at random, or a high '?N' or a name first and bare '?' after it.
                int pick = mixedShape == 0 ? random.nextInt(4) : position > 0 ? 0 : mixedShape == 1 ? 4 : 2;
                if (pick == 0) {
                    form = "?";
                    index = ++max;
                } else if (pick == 1 || pick == 4) {
                    index = pick == 4 ? order.size() + random.nextInt(3) : 1 + random.nextInt(Math.max(1, order.size()));
                    form = "?" + index;
                    max = Math.max(max, index);
                } else {
                    // SQLite takes $1 as a name too: numbered by first use, not by its digits.
                    String[] prefixes = {":p", "@p", "$p", "$"};
                    String name = (pick == 2 ? ":p" : prefixes[random.nextInt(prefixes.length)])
                            + (1 + random.nextInt(3));
                    form = name;
                    Integer known = names.get(name);
                    index = known != null ? known : ++max;
                    names.put(name, index);
                }
            }
            position++;
            m.appendReplacement(out, Matcher.quoteReplacement(form));
            byIndex.computeIfAbsent(index, k -> new ArrayList<>()).add(slot);
        }
        m.appendTail(out);
        for (int i = 1; i <= max; i++) {
            List<Slot> sharing = byIndex.get(i);
            if (sharing == null) {
                bindings.put(i, null);
                continue;
            }
            Object value = sharing.get(0).value();
            bindings.put(i, value);
            boolean anySecret = sharing.stream().anyMatch(s -> s.role() == Role.SECRET);
            if (value instanceof String marker && anySecret) {
                plainMarkers.remove(marker);
                secretMarkers.add(marker);
            }
        }
        return out.toString();
    }
}
