package io.partshift.partitioning.pruning;

import com.fasterxml.jackson.databind.JsonNode;
import io.partshift.config.TableRef;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an {@code EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)} plan says about one partitioned table's leaves.
 * VERBOSE is there for the "Schema" of each scanned relation, so that leaves of the same name in two schemas are told
 * apart.
 *
 * @param present          leaves that appear in the plan
 * @param ran              leaves with a scan node that ran at least once ("Actual Loops" above 0)
 * @param subplansRemoved  "Subplans Removed" of the Append nodes over the table: leaves dropped as execution started
 * @param keyInConditions  whether a condition of a leaf's scan ("Filter", "Index Cond", ...) names a key column
 * @param executionTimeMs  "Execution Time"
 * @param sharedHitBlocks  shared buffers found in cache by the whole plan (the top node counts its children's)
 * @param sharedReadBlocks shared buffers read by the whole plan
 */
record PlanFacts(Set<TableRef> present, Set<TableRef> ran, int subplansRemoved, boolean keyInConditions,
                 double executionTimeMs, long sharedHitBlocks, long sharedReadBlocks) {
    /** The conditions of a scan that can hold the partition key; join conditions sit above the scans and cannot prune. */
    private static final List<String> CONDITIONS = List.of("Filter", "Index Cond", "Recheck Cond", "TID Cond");

    PlanFacts {
        present = Set.copyOf(present);
        ran = Set.copyOf(ran);
    }

    /** Reads the facts from the JSON EXPLAIN returns: an array holding one object with "Plan" and "Execution Time". */
    static PlanFacts of(JsonNode explain, PartitionTree tree) {
        JsonNode top = explain.isArray() ? explain.path(0) : explain;
        JsonNode plan = top.path("Plan");
        if (plan.isMissingNode()) {
            throw new IllegalArgumentException("EXPLAIN returned no plan: " + explain);
        }
        Walk walk = new Walk(new HashSet<>(tree.leaves()), tree.keys());
        walk.visit(plan, false);
        return new PlanFacts(walk.present, walk.ran, walk.subplansRemoved, walk.keyInConditions,
                top.path("Execution Time").asDouble(0), plan.path("Shared Hit Blocks").asLong(0),
                plan.path("Shared Read Blocks").asLong(0));
    }

    /** The leaves of the table that some node of {@code plan} reads, run or not: used with pruning turned off. */
    static Set<TableRef> leavesIn(JsonNode explain, PartitionTree tree) {
        JsonNode top = explain.isArray() ? explain.path(0) : explain;
        Walk walk = new Walk(new HashSet<>(tree.leaves()), tree.keys());
        walk.visit(top.path("Plan"), false);
        return walk.present;
    }

    private static final class Walk {
        private final Set<TableRef> leaves;
        private final KeyColumns keys;
        private final Set<TableRef> present = new LinkedHashSet<>();
        private final Set<TableRef> ran = new LinkedHashSet<>();
        private int subplansRemoved;
        private boolean keyInConditions;

        Walk(Set<TableRef> leaves, KeyColumns keys) {
            this.leaves = leaves;
            this.keys = keys;
        }

        /** @param underLeafScan whether an ancestor scans a leaf (a Bitmap Heap Scan's Bitmap Index Scans hold its Index Cond) */
        void visit(JsonNode node, boolean underLeafScan) {
            TableRef leaf = leafScanned(node);
            if (leaf != null) {
                present.add(leaf);
                if (node.path("Actual Loops").asLong(0) > 0) {
                    ran.add(leaf);
                }
            }
            boolean inLeaf = underLeafScan || leaf != null;
            if (inLeaf && CONDITIONS.stream().anyMatch(c -> keys.mentionedIn(node.path(c).asText(null)))) {
                keyInConditions = true;
            }
            int removed = node.path("Subplans Removed").asInt(0);
            if (removed > 0 && overThisTable(node)) {
                subplansRemoved += removed;
            }
            for (JsonNode child : node.path("Plans")) {
                visit(child, inLeaf);
            }
        }

        private TableRef leafScanned(JsonNode node) {
            String name = node.path("Relation Name").asText(null);
            String schema = node.path("Schema").asText(null);
            if (name == null || schema == null) {
                return null;
            }
            TableRef ref = new TableRef(schema, name);
            return leaves.contains(ref) ? ref : null;
        }

        /**
         * Whether an Append's removed subplans were leaves of this table: it scans some leaf of it, or nothing at all
         * (every subplan was removed). An Append over another partitioned table in the same query does not count.
         */
        private boolean overThisTable(JsonNode node) {
            return scansBelow(node, true) || !scansBelow(node, false);
        }

        /** Whether a node below {@code node} scans a leaf of this table ({@code leavesOnly}) or any relation. */
        private boolean scansBelow(JsonNode node, boolean leavesOnly) {
            for (JsonNode child : node.path("Plans")) {
                boolean hit = leavesOnly ? leafScanned(child) != null : child.has("Relation Name");
                if (hit || scansBelow(child, leavesOnly)) {
                    return true;
                }
            }
            return false;
        }
    }
}
