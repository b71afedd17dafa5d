package io.secretjdbc.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * The blind index part (reference §3.1) of what scan, migrate and rotate print: per index column, its
 * values by {@link IndexState}. Printed only for tables that have an index column, so the reports of a
 * database without blind indexes are as before.
 */
final class IndexReport {

    private IndexReport() {
    }

    private static List<ColumnCounts> indexed(List<ColumnCounts> all) {
        return all.stream().filter(c -> c.indexColumn != null).toList();
    }

    /** True when some column's index values were checked. */
    static boolean any(List<ColumnCounts> all) {
        return all.stream().anyMatch(c -> c.indexColumn != null);
    }

    /**
     * The table of index columns, then (for scan) what to do about each kind of bad value.
     *
     * @param written     the heading of the written column (migrate, rotate), or null for scan
     * @param adviseStale false for rotate, which rewrote the stale values
     */
    static void print(PrintWriter out, List<ColumnCounts> all, String written, boolean adviseStale) {
        List<ColumnCounts> indexed = indexed(all);
        if (indexed.isEmpty()) {
            return;
        }
        List<String> headings = new java.util.ArrayList<>(List.of("table", "column", "index column"));
        if (written != null) {
            headings.add(written);
        }
        headings.addAll(List.of("current", "stale", "missing", "wrong", "unchecked"));
        TextTable table = new TextTable(headings);
        for (int i = 3; i < headings.size(); i++) {
            table.alignRight(i);
        }
        for (ColumnCounts c : indexed) {
            List<String> row = new java.util.ArrayList<>(List.of(c.table, c.column, c.indexColumn));
            if (written != null) {
                row.add(Long.toString(c.indexRewritten));
            }
            for (IndexState state : List.of(IndexState.CURRENT, IndexState.STALE, IndexState.MISSING,
                    IndexState.WRONG, IndexState.UNCHECKED)) {
                row.add(Long.toString(c.get(state)));
            }
            table.add(row);
        }
        out.println();
        table.print(out, "");
        long stale = sum(indexed, IndexState.STALE);
        if (written == null) {
            long missing = sum(indexed, IndexState.MISSING);
            long wrong = sum(indexed, IndexState.WRONG);
            if (missing > 0) {
                out.println(missing + " index value(s) missing: lookups through the index do not find those rows;"
                        + " fill them with `migrate`.");
            }
            if (wrong > 0) {
                out.println(wrong + " index value(s) wrong: not the index of the row's value under any configured key"
                        + " (copied from another row, written by a client other than the driver, or the normalization"
                        + " or domain changed since), so lookups give wrong answers; rewrite them with `migrate`.");
            }
        }
        if (stale > 0 && adviseStale) {
            out.println(stale + " index value(s) under a previous key: lookups still find them; rewrite them under"
                    + " the primary key with `rotate` before removing that key.");
        }
    }

    /** The {@code "indexes"} member of scan's JSON, one object per index column (empty without blind indexes). */
    static void writeJson(com.google.gson.stream.JsonWriter json, List<ColumnCounts> all) throws java.io.IOException {
        json.name("indexes").beginArray();
        for (ColumnCounts c : indexed(all)) {
            json.beginObject()
                    .name("table").value(c.table)
                    .name("column").value(c.column)
                    .name("indexColumn").value(c.indexColumn)
                    .name("current").value(c.get(IndexState.CURRENT))
                    .name("stale").value(c.get(IndexState.STALE))
                    .name("missing").value(c.get(IndexState.MISSING))
                    .name("wrong").value(c.get(IndexState.WRONG))
                    .name("unchecked").value(c.get(IndexState.UNCHECKED))
                    .endObject();
        }
        json.endArray();
    }

    private static long sum(List<ColumnCounts> counts, IndexState state) {
        return counts.stream().mapToLong(c -> c.get(state)).sum();
    }
}
