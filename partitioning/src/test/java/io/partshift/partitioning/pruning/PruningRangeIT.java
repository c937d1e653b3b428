package io.partshift.partitioning.pruning;

import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.util.List;

import static io.partshift.partitioning.pruning.PruningTables.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RANGE by month on timestamptz, with and without a DEFAULT partition. */
@ExtendWith(PostgresExtension.class)
class PruningRangeIT {
    private final PruningCheck check = new PruningCheck();

    @Test
    void aOneMonthPredicateScansOnePartition(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, EVENTS, "SELECT count(*) FROM events"
                    + " WHERE created_at >= '2026-03-01 00:00+00' AND created_at < '2026-04-01 00:00+00'");
            assertEquals(PruningVerdict.PRUNED, r.verdict());
            assertEquals(12, r.totalPartitions());
            assertEquals(List.of(EVENTS.withName("events_p2026_03")), r.scannedPartitions());
            assertEquals(11, r.prunedAtPlanTime());
            assertEquals(0, r.prunedAtRunTime());
            assertTrue(r.filtersOnKey());
            assertEquals(List.of("created_at"), r.keyColumns());
            assertTrue(r.executionTimeMs() > 0);
            assertTrue(r.buffers() > 0, r::text);
            assertTrue(r.summaryLine().startsWith("pruning: 1 of 12 partitions scanned (11 pruned: 11 at plan time,"
                    + " 0 at run time) — events_p2026_03; "), r::text);
            assertEquals("verdict: PRUNED — the query filters on created_at and PostgreSQL skipped 11 of 12"
                    + " partitions.", r.verdictLine());
            assertTrue(c.getAutoCommit(), "the connection is handed back in auto-commit mode");
        }
    }

    @Test
    void aPredicateOnAnotherColumnScansEverythingAsExpected(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, EVENTS, "SELECT id, created_at FROM events WHERE kind = 'buy'");
            assertEquals(PruningVerdict.NO_KEY_FILTER, r.verdict());
            assertEquals(12, r.scanned());
            assertEquals(0, r.pruned());
            assertFalse(r.filtersOnKey());
            assertFalse(r.failed());
        }
    }

    @Test
    void theKeyWrappedInAFunctionDefeatsPruning(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, EVENTS,
                    "SELECT count(*) FROM events WHERE date_trunc('month', created_at) = '2026-03-01 00:00+00'");
            assertEquals(PruningVerdict.NOT_PRUNED, r.verdict(), r::text);
            assertTrue(r.failed());
            assertEquals(12, r.scanned());
            assertTrue(r.filtersOnKey());
        }
    }

    @Test
    void withADefaultPartitionAMonthInRangeSkipsTheDefault(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, true);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, EVENTS, "SELECT * FROM events"
                    + " WHERE created_at >= '2026-05-01 00:00+00' AND created_at < '2026-06-01 00:00+00'");
            assertEquals(13, r.totalPartitions());
            assertEquals(List.of(EVENTS.withName("events_p2026_05")), r.scannedPartitions(), r::text);
            assertEquals(PruningVerdict.PRUNED, r.verdict());
        }
    }

    @Test
    void withADefaultPartitionAMonthOutOfRangeScansOnlyTheDefault(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, true);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, EVENTS, "SELECT count(*) FROM events"
                    + " WHERE created_at >= '2027-03-01 00:00+00' AND created_at < '2027-03-02 00:00+00'");
            assertEquals(List.of(EVENTS.withName("events_default")), r.scannedPartitions(), r::text);
            assertEquals(12, r.prunedAtPlanTime());
            assertEquals(PruningVerdict.PRUNED, r.verdict());
        }
    }

    @Test
    void aPredicateNoPartitionCanMatchPrunesEverything(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        try (Connection c = db.connect()) {
            PruningReport r = check.check(c, EVENTS,
                    "SELECT * FROM events WHERE created_at = '2030-01-01 00:00+00'");
            assertEquals(0, r.scanned(), r::text);
            assertEquals(12, r.prunedAtPlanTime());
            assertEquals(PruningVerdict.PRUNED, r.verdict());
            assertTrue(r.summaryLine().contains("— none;"), r::text);
        }
    }

    @Test
    void aTableWithASinglePartitionIsJudgedAsSuch(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE solo (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE solo_2026 PARTITION OF solo FOR VALUES FROM ('2026-01-01 00:00+00') TO ('2027-01-01 00:00+00')",
                "INSERT INTO solo SELECT g, timestamptz '2026-01-01 00:00+00' + g * interval '1 hour'"
                        + " FROM generate_series(0, 5000) g",
                "ANALYZE solo");
        TableRef solo = new TableRef("public", "solo");
        try (Connection c = db.connect()) {
            assertEquals(PruningVerdict.SINGLE_PARTITION,
                    check.check(c, solo, "SELECT * FROM solo WHERE at >= '2026-06-01 00:00+00'").verdict());
            assertEquals(PruningVerdict.PRUNED,
                    check.check(c, solo, "SELECT * FROM solo WHERE at >= '2027-06-01 00:00+00'").verdict());
            assertEquals(PruningVerdict.NO_KEY_FILTER,
                    check.check(c, solo, "SELECT * FROM solo WHERE id = 7").verdict());
        }
    }
}
