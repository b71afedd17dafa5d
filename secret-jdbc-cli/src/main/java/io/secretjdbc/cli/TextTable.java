package io.secretjdbc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** An aligned plain-text table: a header, a rule, rows. Numbers can be right-aligned per column. */
final class TextTable {

    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> header) {
        this.header = List.copyOf(header);
        this.rightAligned = new boolean[header.size()];
    }

    TextTable alignRight(int column) {
        rightAligned[column] = true;
        return this;
    }

    TextTable add(List<String> row) {
        rows.add(new ArrayList<>(row));
        return this;
    }

    int size() {
        return rows.size();
    }

    void print(PrintWriter out, String indent) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        line(out, indent, header, widths);
        StringBuilder rule = new StringBuilder(indent);
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            line(out, indent, row, widths);
        }
    }

    private void line(PrintWriter out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < widths.length; i++) {
            String cell = cell(cells, i);
            String pad = " ".repeat(widths[i] - cell.length());
            line.append(i == 0 ? "" : "  ").append(rightAligned[i] ? pad + cell : cell + pad);
        }
        out.println(line.toString().stripTrailing());
    }

    private static String cell(List<String> row, int i) {
        String value = i < row.size() ? row.get(i) : "";
        // One line per row: control characters would break the alignment.
        return value == null ? "" : value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
