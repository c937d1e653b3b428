package io.partshift.partitioning.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@code partshift partitions}: every partition of a table with its bounds, estimated rows and size, DEFAULT's exact
 * row count, and the warnings a monitor should act on. {@link #text()} is for people, {@link #toJson()} for
 * monitoring; both come from the same records.
 *
 * @param partitions every partition at every depth, each partitioned one before its own partitions
 * @param warnings   what needs attention, most urgent kinds first
 */
public record PartitionReport(TableRef table, String key, Instant at, List<Partition> partitions,
                              List<Warning> warnings) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One partition.
     *
     * @param level         1 for the table's own partitions, 2 for theirs
     * @param estimatedRows the planner's estimate ({@code reltuples}; for a partitioned partition the sum of its
     *                      leaves'); empty when never analyzed
     * @param totalBytes    {@code pg_total_relation_size}: with indexes and TOAST; for a partitioned partition the
     *                      sum of its leaves'
     * @param exactRows     {@code count(*)}, for DEFAULT partitions only
     */
    public record Partition(TableRef name, TableRef parent, int level, String bound, boolean isDefault, boolean isLeaf,
                            OptionalLong estimatedRows, long totalBytes, OptionalLong exactRows,
                            boolean detachPending) {
        public Partition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(bound, "bound");
            Objects.requireNonNull(estimatedRows, "estimatedRows");
            Objects.requireNonNull(exactRows, "exactRows");
        }
    }

    /** What a warning is about; the runbook explains each. */
    public enum Kind {
        /** No partition holds "now": new rows go to DEFAULT, or fail without one. */
        NO_PARTITION_FOR_NOW,
        /** The partition holding "now" is the newest: rows after its end go to DEFAULT, or fail. */
        NO_PREMADE_PARTITION,
        /** DEFAULT holds rows: they slow every new partition's creation, and queries that cannot prune it. */
        DEFAULT_HAS_ROWS,
        /** A leaf partition is larger than {@code --max-partition-size}. */
        PARTITION_TOO_LARGE,
        /** A concurrent detach was interrupted and must be finished with FINALIZE. */
        DETACH_PENDING;

        /** How the kind is spelled in JSON and text, e.g. {@code default_has_rows}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Warning(Kind kind, TableRef partition, String message) {
        public Warning {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(message, "message");
        }
    }

    public PartitionReport {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
        partitions = List.copyOf(partitions);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads the report. Counts each DEFAULT partition's rows exactly (they are meant to be few), everything else
     * comes from the catalog.
     *
     * @param maxPartitionBytes warn about leaves larger than this; empty never warns about size
     * @param now               the instant the RANGE warnings are about
     * @throws io.partshift.config.BadInputException when the table does not exist or is not partitioned
     */
    public static PartitionReport read(Connection c, TableRef table, OptionalLong maxPartitionBytes, Instant now)
            throws SQLException {
        return PartitionReportReader.read(c, table, maxPartitionBytes, now);
    }

    public int leafCount() {
        return (int) partitions.stream().filter(Partition::isLeaf).count();
    }

    public long totalBytes() {
        return partitions.stream().filter(Partition::isLeaf).mapToLong(Partition::totalBytes).sum();
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("partitions of ").append(table).append(" (").append(key).append(") at ").append(at).append(": ")
                .append(leafCount()).append(" leaf partition").append(leafCount() == 1 ? "" : "s").append(", ")
                .append(Sizes.pretty(totalBytes())).append('\n');
        int width = partitions.stream().mapToInt(p -> 2 * (p.level() - 1) + p.name().toString().length()).max()
                .orElse(10);
        out.append(String.format(Locale.ROOT, "%-" + width + "s  %12s  %10s  %s%n", "partition", "rows", "size",
                "bound"));
        for (Partition p : partitions) {
            String rows = p.exactRows().isPresent() ? p.exactRows().getAsLong() + " exact"
                    : p.estimatedRows().isPresent() ? "~" + p.estimatedRows().getAsLong() : "?";
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %12s  %10s  %s%s%n",
                    "  ".repeat(p.level() - 1) + p.name(), rows, Sizes.pretty(p.totalBytes()),
                    p.bound().replaceFirst("^FOR VALUES ", ""), p.detachPending() ? " (detach pending)" : ""));
        }
        if (warnings.isEmpty()) {
            out.append("no warnings\n");
        } else {
            out.append(warnings.size()).append(" warning").append(warnings.size() == 1 ? "" : "s").append(":\n");
            warnings.forEach(w -> out.append("  ").append(w.kind().code()).append(' ').append(w.partition())
                    .append(": ").append(w.message()).append('\n'));
        }
        return out.toString();
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("table", table.toString());
        root.put("key", key);
        root.put("at", at.toString());
        root.put("leaf_partitions", leafCount());
        root.put("total_bytes", totalBytes());
        ArrayNode list = root.putArray("partitions");
        for (Partition p : partitions) {
            ObjectNode node = list.addObject();
            node.put("name", p.name().toString());
            node.put("parent", p.parent().toString());
            node.put("level", p.level());
            node.put("bound", p.bound());
            node.put("default", p.isDefault());
            node.put("leaf", p.isLeaf());
            putOptional(node, "estimated_rows", p.estimatedRows());
            node.put("total_bytes", p.totalBytes());
            putOptional(node, "rows", p.exactRows());
            node.put("detach_pending", p.detachPending());
        }
        ArrayNode warningList = root.putArray("warnings");
        for (Warning w : warnings) {
            ObjectNode node = warningList.addObject();
            node.put("code", w.kind().code());
            node.put("partition", w.partition().toString());
            node.put("message", w.message());
        }
        return root.toString();
    }

    private static void putOptional(ObjectNode node, String field, OptionalLong value) {
        if (value.isPresent()) {
            node.put(field, value.getAsLong());
        } else {
            node.putNull(field);
        }
    }
}
