package io.partshift.partitioning.pruning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partshift.config.Identifiers;
import io.partshift.config.TableRef;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one query's plan showed about pruning on one partitioned table. {@link #text()} is what {@code verify} prints;
 * {@link #toJson()} is the same for machines.
 *
 * @param table             the partitioned table checked
 * @param keyColumns        its partition-key columns and those of its partitioned partitions
 * @param totalPartitions   its leaf partitions, at every level
 * @param scannedPartitions the leaves the query actually scanned
 * @param prunedAtPlanTime  leaves the planner left out of the plan
 * @param prunedAtRunTime   leaves dropped as execution started ("Subplans Removed") or never executed; the latter
 *                          includes leaves an early stop (LIMIT) never reached, which EXPLAIN cannot tell apart
 * @param filtersOnKey      whether a condition on a key column reached the partition scans, or pruning happened
 * @param executionTimeMs   the query's execution time
 * @param sharedHitBuffers  shared buffers found in cache
 * @param sharedReadBuffers shared buffers read from disk or the OS cache
 * @param verdict           what this means for {@code verify}
 */
public record PruningReport(TableRef table, List<String> keyColumns, int totalPartitions,
                            List<TableRef> scannedPartitions, int prunedAtPlanTime, int prunedAtRunTime,
                            boolean filtersOnKey, double executionTimeMs, long sharedHitBuffers,
                            long sharedReadBuffers, PruningVerdict verdict) {
    /** More scanned names than this make the line unreadable; the JSON lists them all. */
    private static final int NAMES_SHOWN = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    public PruningReport {
        Objects.requireNonNull(table, "table");
        keyColumns = List.copyOf(keyColumns);
        scannedPartitions = List.copyOf(scannedPartitions);
        Objects.requireNonNull(verdict, "verdict");
        if (scannedPartitions.size() + prunedAtPlanTime + prunedAtRunTime != totalPartitions
                || prunedAtPlanTime < 0 || prunedAtRunTime < 0) {
            throw new IllegalArgumentException(scannedPartitions.size() + " scanned + " + prunedAtPlanTime + " + "
                    + prunedAtRunTime + " pruned do not add up to " + totalPartitions + " partitions");
        }
    }

    /**
     * Counts and judges. A leaf counts as scanned when any scan of it ran, so a query that reads the table twice
     * (say, in a subquery too) scans the union of both.
     */
    static PruningReport from(PartitionTree tree, PlanFacts facts) {
        List<TableRef> scanned = tree.leaves().stream().filter(facts.ran()::contains).toList();
        int total = tree.leaves().size();
        int notScanned = total - scanned.size();
        long neverExecuted = facts.present().stream().filter(l -> !facts.ran().contains(l)).count();
        // Clamped: "Subplans Removed" of two Appends over the same table (a self-join) could count a leaf twice.
        int atRunTime = (int) Math.min(facts.subplansRemoved() + neverExecuted, notScanned);
        int atPlanTime = notScanned - atRunTime;
        // Only a condition on the key lets PostgreSQL skip partitions, so any pruning proves there was one.
        boolean filtersOnKey = facts.keyInConditions() || facts.subplansRemoved() > 0 || atPlanTime > 0;
        PruningVerdict verdict;
        if (!filtersOnKey) {
            verdict = PruningVerdict.NO_KEY_FILTER;
        } else if (total == 1 && scanned.size() == 1) {
            verdict = PruningVerdict.SINGLE_PARTITION;
        } else if (scanned.size() < total) {
            verdict = PruningVerdict.PRUNED;
        } else {
            verdict = PruningVerdict.NOT_PRUNED;
        }
        return new PruningReport(tree.table(), tree.keys().names(), total, scanned, atPlanTime, atRunTime,
                filtersOnKey, facts.executionTimeMs(), facts.sharedHitBlocks(), facts.sharedReadBlocks(), verdict);
    }

    public int scanned() {
        return scannedPartitions.size();
    }

    public int pruned() {
        return prunedAtPlanTime + prunedAtRunTime;
    }

    public long buffers() {
        return sharedHitBuffers + sharedReadBuffers;
    }

    /** Whether {@code verify} should exit non-zero. */
    public boolean failed() {
        return verdict.failed();
    }

    /** Two lines: the counts, then the verdict. */
    public String text() {
        return summaryLine() + "\n" + verdictLine();
    }

    /** e.g. {@code pruning: 2 of 27 partitions scanned (25 pruned: 25 at plan time, 0 at run time) — a, b; 1.8 ms, 120 buffers (120 hit, 0 read)}. */
    public String summaryLine() {
        return "pruning: " + scanned() + " of " + totalPartitions + (totalPartitions == 1 ? " partition" : " partitions")
                + " scanned (" + pruned() + " pruned: " + prunedAtPlanTime + " at plan time, " + prunedAtRunTime
                + " at run time) — " + scannedNames() + "; " + milliseconds() + ", " + buffers() + " buffers ("
                + sharedHitBuffers + " hit, " + sharedReadBuffers + " read)";
    }

    public String verdictLine() {
        return "verdict: " + verdict + " — " + explanation();
    }

    /** Why the verdict is what it is, and for a failure what to change. */
    public String explanation() {
        String keys = keyColumns.isEmpty() ? "its partition key"
                : String.join(" or ", keyColumns.stream().map(Identifiers::quote).toList());
        return switch (verdict) {
            case PRUNED -> "the query filters on " + keys + " and PostgreSQL skipped " + pruned() + " of "
                    + totalPartitions + " partitions.";
            case NOT_PRUNED -> "the query filters on " + keys + ", yet all " + totalPartitions + " partitions were"
                    + " scanned: compare the bare key column with values or parameters (a function or cast around"
                    + " the key defeats pruning), unless the condition really matches every partition.";
            case NO_KEY_FILTER -> "no condition on " + keys + " reached the partition scans, so PostgreSQL cannot"
                    + " skip any partition and scanning them all is expected; add one to prune.";
            case SINGLE_PARTITION -> table.sql() + " has a single partition, so there was nothing to skip and pruning"
                    + " can be neither shown nor ruled out.";
        };
    }

    /** The report as one JSON object, with every scanned partition named in full. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("table", table.toString());
        keyColumns.forEach(o.putArray("keyColumns")::add);
        o.put("totalPartitions", totalPartitions);
        o.put("scanned", scanned());
        ArrayNode names = o.putArray("scannedPartitions");
        scannedPartitions.forEach(p -> names.add(p.toString()));
        o.put("pruned", pruned());
        o.put("prunedAtPlanTime", prunedAtPlanTime);
        o.put("prunedAtRunTime", prunedAtRunTime);
        o.put("filtersOnKey", filtersOnKey);
        o.put("executionTimeMs", executionTimeMs);
        o.put("sharedHitBuffers", sharedHitBuffers);
        o.put("sharedReadBuffers", sharedReadBuffers);
        o.put("verdict", verdict.name());
        o.put("failed", failed());
        o.put("explanation", explanation());
        return o.toString();
    }

    private String scannedNames() {
        if (scannedPartitions.isEmpty()) {
            return "none";
        }
        List<String> names = scannedPartitions.stream().limit(NAMES_SHOWN)
                .map(p -> p.schema().equals(table.schema()) ? p.name() : p.toString()).toList();
        int more = scannedPartitions.size() - names.size();
        return String.join(", ", names) + (more > 0 ? " and " + more + " more" : "");
    }

    private String milliseconds() {
        return String.format(Locale.ROOT, executionTimeMs < 1 ? "%.2f ms" : "%.1f ms", executionTimeMs);
    }
}
