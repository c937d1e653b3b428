package io.partshift.partitioning.pruning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partshift.config.TableRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a report reads, for people and for machines. */
class PruningReportTest {
    private static final TableRef EVENTS = new TableRef("public", "events");

    private static PruningReport report(List<TableRef> scanned, int total, int plan, int run, PruningVerdict verdict) {
        return new PruningReport(EVENTS, List.of("created_at"), total, scanned, plan, run, true, 1.834, 118, 2, verdict);
    }

    @Test
    void rendersCountsNamesTimeAndBuffers() {
        PruningReport r = report(List.of(EVENTS.withName("events_p2026_03"), EVENTS.withName("events_p2026_04")),
                27, 25, 0, PruningVerdict.PRUNED);
        assertEquals("pruning: 2 of 27 partitions scanned (25 pruned: 25 at plan time, 0 at run time) —"
                + " events_p2026_03, events_p2026_04; 1.8 ms, 120 buffers (118 hit, 2 read)\n"
                + "verdict: PRUNED — the query filters on created_at and PostgreSQL skipped 25 of 27 partitions.",
                r.text());
    }

    @Test
    void namesPartitionsInOtherSchemasInFullAndShortensLongLists() {
        List<TableRef> scanned = IntStream.rangeClosed(1, 12)
                .mapToObj(i -> new TableRef(i == 1 ? "archive" : "public", "p" + i)).toList();
        PruningReport r = report(scanned, 12, 0, 0, PruningVerdict.NOT_PRUNED);
        assertEquals("pruning: 12 of 12 partitions scanned (0 pruned: 0 at plan time, 0 at run time) —"
                + " archive.p1, p2, p3, p4, p5, p6, p7, p8, p9, p10 and 2 more; 1.8 ms, 120 buffers (118 hit, 2 read)",
                r.summaryLine());
        assertEquals("verdict: NOT_PRUNED — the query filters on created_at, yet all 12 partitions were scanned:"
                + " compare the bare key column with values or parameters (a function or cast around the key defeats"
                + " pruning), unless the condition really matches every partition.", r.verdictLine());
    }

    @Test
    void saysNoneWhenEverythingWasPruned() {
        PruningReport r = new PruningReport(EVENTS, List.of("created_at"), 1, List.of(), 1, 0, true, 0.25, 0, 0,
                PruningVerdict.PRUNED);
        assertEquals("pruning: 0 of 1 partition scanned (1 pruned: 1 at plan time, 0 at run time) — none;"
                + " 0.25 ms, 0 buffers (0 hit, 0 read)", r.summaryLine());
    }

    @Test
    void jsonCarriesEveryField() throws Exception {
        PruningReport r = report(List.of(EVENTS.withName("events_p2026_03")), 3, 1, 1, PruningVerdict.PRUNED);
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertEquals("public.events", json.path("table").asText());
        assertEquals("created_at", json.path("keyColumns").path(0).asText());
        assertEquals(3, json.path("totalPartitions").asInt());
        assertEquals(1, json.path("scanned").asInt());
        assertEquals("public.events_p2026_03", json.path("scannedPartitions").path(0).asText());
        assertEquals(2, json.path("pruned").asInt());
        assertEquals(1, json.path("prunedAtPlanTime").asInt());
        assertEquals(1, json.path("prunedAtRunTime").asInt());
        assertEquals(true, json.path("filtersOnKey").asBoolean());
        assertEquals(1.834, json.path("executionTimeMs").asDouble());
        assertEquals(118, json.path("sharedHitBuffers").asLong());
        assertEquals(2, json.path("sharedReadBuffers").asLong());
        assertEquals("PRUNED", json.path("verdict").asText());
        assertEquals(false, json.path("failed").asBoolean());
        assertEquals(r.explanation(), json.path("explanation").asText());
    }

    @Test
    void quotesKeyColumnsThatNeedIt() {
        PruningReport r = new PruningReport(EVENTS, List.of("Taken At", "tenant"), 2, List.of(), 2, 0, true, 0.1, 0, 0,
                PruningVerdict.PRUNED);
        assertEquals("the query filters on \"Taken At\" or tenant and PostgreSQL skipped 2 of 2 partitions.",
                r.explanation());
    }

    @Test
    void aSinglePartitionIsExplained() {
        PruningReport r = report(List.of(EVENTS.withName("events_all")), 1, 0, 0, PruningVerdict.SINGLE_PARTITION);
        assertEquals("verdict: SINGLE_PARTITION — public.events has a single partition, so there was nothing to skip"
                + " and pruning can be neither shown nor ruled out.", r.verdictLine());
    }

    @Test
    void countsMustAddUp() {
        assertThrows(IllegalArgumentException.class, () -> report(List.of(), 3, 1, 1, PruningVerdict.PRUNED));
    }
}
