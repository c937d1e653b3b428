package io.partshift.partitioning.shadow;

import java.util.List;
import java.util.Locale;

/**
 * The text {@code partshift plan} prints. Everything but the DDL is an SQL comment, so the whole output can be read
 * by a person or fed to psql as it is; the DDL is exactly what {@link ShadowCreator} runs, one statement per
 * paragraph, each ending with a semicolon.
 */
public final class PlanRenderer {
    private static final int MAX_BOUND = 80;

    private PlanRenderer() {
    }

    public static String render(ShadowPlan plan) {
        StringBuilder out = new StringBuilder();
        List<PlannedPartition> leaves = plan.leaves();
        line(out, "partshift plan for " + plan.source() + " (nothing was changed: planning only reads)");
        line(out, "");
        line(out, "Table:      " + plan.source() + ", " + size(plan.sourceBytes()) + ", about "
                + rows(plan.estimatedRows()) + " rows");
        line(out, "Shadow:     " + plan.shadow());
        line(out, "Scheme:     " + plan.scheme());
        line(out, "Partitions: " + leaves.size() + " leaf partition" + (leaves.size() == 1 ? "" : "s")
                + (plan.partitions().size() > leaves.size() ? " in " + (plan.partitions().size() - leaves.size())
                + " partitioned partitions" : "") + ", rows " + method(plan));
        line(out, "");
        line(out, "Notes:");
        for (String note : plan.notes()) {
            line(out, "  - " + note);
        }
        out.append('\n');
        transaction(out, plan, plan.createStatements(),
                "1. Before the copy: the shadow table, its partitions and indexes, in one transaction.");
        if (!plan.postCopyStatements().isEmpty()) {
            transaction(out, plan, plan.postCopyStatements(),
                    "2. Once changes no longer stream into the shadow: foreign keys, in one transaction.");
        }
        partitions(out, plan);
        line(out, "");
        line(out, "Nothing was changed.");
        return out.toString();
    }

    private static void transaction(StringBuilder out, ShadowPlan plan, List<String> statements, String title) {
        line(out, title);
        out.append("BEGIN;\n");
        for (String setting : ShadowCreator.preamble(plan)) {
            out.append(setting).append(";\n");
        }
        out.append('\n');
        for (String sql : statements) {
            out.append(sql).append(";\n\n");
        }
        out.append("COMMIT;\n\n");
    }

    private static void partitions(StringBuilder out, ShadowPlan plan) {
        List<PlannedPartition> all = plan.partitions();
        int nameWidth = "partition".length();
        int boundWidth = "bound".length();
        for (PlannedPartition p : all) {
            nameWidth = Math.max(nameWidth, indent(plan, p).length() + p.name().name().length());
            boundWidth = Math.max(boundWidth, shorten(p.bound()).length());
        }
        long total = plan.leaves().stream().mapToLong(PlannedPartition::estimatedRows).sum();
        int rowsWidth = Math.max("rows".length(), rows(total).length());
        String format = "%-" + nameWidth + "s  %-" + boundWidth + "s  %" + rowsWidth + "s";
        line(out, "Partitions, rows " + method(plan) + ":");
        line(out, String.format(Locale.ROOT, format, "partition", "bound", "rows"));
        for (PlannedPartition p : all) {
            line(out, String.format(Locale.ROOT, format, indent(plan, p) + p.name().name(), shorten(p.bound()),
                    rows(p.estimatedRows())));
        }
        line(out, String.format(Locale.ROOT, format, "total", "", rows(total)));
    }

    private static String indent(ShadowPlan plan, PlannedPartition p) {
        return p.parent().equals(plan.shadow()) ? "" : "  ";
    }

    private static String shorten(String bound) {
        return bound.length() <= MAX_BOUND ? bound : bound.substring(0, MAX_BOUND - 3) + "...";
    }

    private static String method(ShadowPlan plan) {
        String how = plan.estimateMethod() == EstimateMethod.EXACT ? "counted exactly" : "estimated from a sample";
        boolean hash = plan.leaves().stream().anyMatch(p -> p.bound().startsWith("FOR VALUES WITH"));
        return hash ? how + " (HASH partitions get an even share)" : how;
    }

    static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d", rows);
    }

    /** Like pg_size_pretty: bytes, kB, MB, GB, TB in steps of 1024. */
    static String size(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 10 * 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%d %s", Math.round(value), units[unit]);
    }

    private static void line(StringBuilder out, String text) {
        out.append(text.isEmpty() ? "--" : "-- " + text).append('\n');
    }
}
