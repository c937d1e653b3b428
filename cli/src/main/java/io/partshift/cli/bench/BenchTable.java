package io.partshift.cli.bench;

import java.io.PrintWriter;
import java.util.List;

/** Prints the facts and the measures as aligned plain text, or as Markdown to paste into the README. */
final class BenchTable {
    enum Format { PLAIN, MARKDOWN }

    private static final List<String> HEADER = List.of("measure", "value", "goal", "met");

    private BenchTable() {
    }

    static void print(PrintWriter out, Format format, List<String> facts, List<Measure> measures) {
        for (String fact : facts) {
            out.println(format == Format.MARKDOWN ? "- " + fact : fact);
        }
        out.println();
        List<List<String>> rows = measures.stream()
                .map(m -> List.of(m.label(), m.value(), m.goal(), m.verdict().text()))
                .toList();
        if (format == Format.MARKDOWN) {
            markdown(out, rows);
        } else {
            plain(out, rows);
        }
        out.flush();
    }

    private static void plain(PrintWriter out, List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = HEADER.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(plainLine(HEADER, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        rows.forEach(row -> out.println(plainLine(row, widths)));
    }

    private static String plainLine(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", cells.get(i)));
        }
        return line.toString().stripTrailing();
    }

    private static void markdown(PrintWriter out, List<List<String>> rows) {
        out.println(markdownLine(HEADER));
        out.println("|---|---:|---|---|");
        rows.forEach(row -> out.println(markdownLine(row)));
    }

    private static String markdownLine(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |";
    }
}
