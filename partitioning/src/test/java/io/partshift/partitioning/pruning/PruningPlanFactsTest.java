package io.partshift.partitioning.pruning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partshift.config.TableRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading EXPLAIN's JSON and judging it, on plans shaped like PostgreSQL 15's, without a database. */
class PruningPlanFactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TableRef EVENTS = new TableRef("public", "events");

    private static PartitionTree months(int count) {
        List<TableRef> leaves = IntStream.rangeClosed(1, count)
                .mapToObj(m -> new TableRef("public", String.format("events_p2026_%02d", m))).toList();
        return new PartitionTree(EVENTS, leaves, new KeyColumns(Set.of("created_at")));
    }

    static String scan(String relation, int loops, String filter) {
        return scan("public", relation, loops, filter);
    }

    static String scan(String schema, String relation, int loops, String filter) {
        return """
                {"Node Type": "Seq Scan", "Relation Name": "%s", "Schema": "%s", "Alias": "e", "Actual Loops": %d,
                 "Filter": "%s"}""".formatted(relation, schema, loops, filter.replace("\"", "\\\""));
    }

    static String append(int subplansRemoved, String... children) {
        return """
                {"Node Type": "Append", "Actual Loops": 1, "Subplans Removed": %d, "Plans": [%s]}"""
                .formatted(subplansRemoved, String.join(",", children));
    }

    static JsonNode explain(String plan) throws Exception {
        return JSON.readTree("""
                [{"Plan": {"Node Type": "Aggregate", "Actual Loops": 1, "Shared Hit Blocks": 118,
                           "Shared Read Blocks": 2, "Plans": [%s]},
                  "Planning Time": 0.5, "Execution Time": 1.834}]""".formatted(plan));
    }

    @Test
    void aScanPrunedToOnePartitionAtPlanTime() throws Exception {
        PlanFacts facts = PlanFacts.of(explain(scan("events_p2026_03", 1, "(created_at >= '2026-03-01')")), months(12));
        assertEquals(Set.of(new TableRef("public", "events_p2026_03")), facts.ran());
        assertTrue(facts.keyInConditions());
        assertEquals(1.834, facts.executionTimeMs());
        assertEquals(118, facts.sharedHitBlocks());
        assertEquals(2, facts.sharedReadBlocks());

        PruningReport report = PruningReport.from(months(12), facts);
        assertEquals(PruningVerdict.PRUNED, report.verdict());
        assertEquals(11, report.prunedAtPlanTime());
        assertEquals(0, report.prunedAtRunTime());
    }

    @Test
    void subplansRemovedAndNeverExecutedCountAsRunTime() throws Exception {
        PartitionTree tree = months(6);
        PlanFacts facts = PlanFacts.of(explain(append(3,
                scan("events_p2026_01", 0, "(created_at = $0)"),
                scan("events_p2026_02", 1, "(created_at = $0)"),
                scan("events_p2026_03", 0, "(created_at = $0)"))), tree);
        assertEquals(3, facts.subplansRemoved());
        PruningReport report = PruningReport.from(tree, facts);
        assertEquals(List.of(new TableRef("public", "events_p2026_02")), report.scannedPartitions());
        assertEquals(5, report.prunedAtRunTime());
        assertEquals(0, report.prunedAtPlanTime());
        assertEquals(PruningVerdict.PRUNED, report.verdict());
    }

    @Test
    void keyWrappedInAFunctionScansEverythingAndFails() throws Exception {
        PartitionTree tree = months(3);
        PlanFacts facts = PlanFacts.of(explain(append(0,
                scan("events_p2026_01", 1, "(date_trunc('month'::text, e.created_at) = '2026-03-01')"),
                scan("events_p2026_02", 1, "(date_trunc('month'::text, e.created_at) = '2026-03-01')"),
                scan("events_p2026_03", 1, "(date_trunc('month'::text, e.created_at) = '2026-03-01')"))), tree);
        PruningReport report = PruningReport.from(tree, facts);
        assertEquals(PruningVerdict.NOT_PRUNED, report.verdict());
        assertTrue(report.failed());
    }

    @Test
    void noConditionOnTheKeyScansEverythingAsExpected() throws Exception {
        PartitionTree tree = months(2);
        PlanFacts facts = PlanFacts.of(explain(append(0,
                scan("events_p2026_01", 1, "(kind = 'created_at'::text)"),
                scan("events_p2026_02", 1, "(kind = 'created_at'::text)"))), tree);
        assertFalse(facts.keyInConditions());
        PruningReport report = PruningReport.from(tree, facts);
        assertEquals(PruningVerdict.NO_KEY_FILTER, report.verdict());
        assertFalse(report.failed());
    }

    @Test
    void aBitmapHeapScanCarriesItsKeyConditionInTheBitmapIndexScanBelow() throws Exception {
        String bitmap = """
                {"Node Type": "Bitmap Heap Scan", "Relation Name": "events_p2026_01", "Schema": "public",
                 "Actual Loops": 1, "Plans": [
                   {"Node Type": "Bitmap Index Scan", "Index Name": "events_p2026_01_created_at_idx",
                    "Actual Loops": 1, "Index Cond": "(created_at < '2026-01-05')"}]}""";
        PlanFacts facts = PlanFacts.of(explain(append(0, bitmap, scan("events_p2026_02", 1, "(id = 1)"))), months(2));
        assertTrue(facts.keyInConditions());
    }

    @Test
    void aJoinConditionOnTheKeyAboveTheScansDoesNotCount() throws Exception {
        String join = """
                {"Node Type": "Hash Join", "Actual Loops": 1, "Hash Cond": "(e.created_at = m.ts)",
                 "Join Filter": "(e.created_at > m.ts)", "Plans": [%s,
                   {"Node Type": "Seq Scan", "Relation Name": "marks", "Schema": "public", "Actual Loops": 1}]}"""
                .formatted(append(0, scan("events_p2026_01", 1, "(id > 0)"), scan("events_p2026_02", 1, "(id > 0)")));
        PlanFacts facts = PlanFacts.of(explain(join), months(2));
        assertFalse(facts.keyInConditions());
        assertEquals(PruningVerdict.NO_KEY_FILTER, PruningReport.from(months(2), facts).verdict());
    }

    @Test
    void anotherSchemasTableOfTheSameNameIsNoLeaf() throws Exception {
        PlanFacts facts = PlanFacts.of(explain(scan("archive", "events_p2026_01", 1, "(id = 1)")), months(2));
        assertTrue(facts.present().isEmpty());
    }

    @Test
    void subplansRemovedOverAnotherPartitionedTableAreNotOurs() throws Exception {
        String other = append(4, scan("clicks_p1", 1, "(created_at = $1)"));
        PlanFacts facts = PlanFacts.of(explain(append(0, other, scan("events_p2026_01", 1, "(id = 1)"))), months(2));
        assertEquals(0, facts.subplansRemoved());
    }

    @Test
    void anAppendWithEverySubplanRemovedIsOurs() throws Exception {
        PlanFacts facts = PlanFacts.of(explain(append(2)), months(2));
        assertEquals(2, facts.subplansRemoved());
        PruningReport report = PruningReport.from(months(2), facts);
        assertEquals(2, report.prunedAtRunTime());
        assertEquals(PruningVerdict.PRUNED, report.verdict());
    }

    @Test
    void aSinglePartitionThatWasScannedProvesNothing() throws Exception {
        PartitionTree one = months(1);
        PruningReport scanned = PruningReport.from(one,
                PlanFacts.of(explain(scan("events_p2026_01", 1, "(created_at > now())")), one));
        assertEquals(PruningVerdict.SINGLE_PARTITION, scanned.verdict());
        assertFalse(scanned.failed());

        PruningReport withoutKey = PruningReport.from(one,
                PlanFacts.of(explain(scan("events_p2026_01", 1, "(id = 1)")), one));
        assertEquals(PruningVerdict.NO_KEY_FILTER, withoutKey.verdict());
    }

    @Test
    void aSinglePartitionThePlannerSkippedWasPruned() throws Exception {
        PartitionTree one = months(1);
        PruningReport report = PruningReport.from(one, PlanFacts.of(explain("""
                {"Node Type": "Result", "Actual Loops": 1, "One-Time Filter": "false"}"""), one));
        assertEquals(PruningVerdict.PRUNED, report.verdict());
        assertEquals(1, report.prunedAtPlanTime());
    }
}
