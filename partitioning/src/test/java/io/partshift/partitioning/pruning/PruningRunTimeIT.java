package io.partshift.partitioning.pruning;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static io.partshift.partitioning.pruning.PruningTables.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pruning PostgreSQL can only do once parameter values are known: as execution starts, or while it runs. */
@ExtendWith(PostgresExtension.class)
class PruningRunTimeIT {
    private final PruningCheck check = new PruningCheck();

    @Test
    void aGenericPlanPrunesAsExecutionStarts(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, true);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            // A generic plan cannot prune while planning ($1 is unknown): "Subplans Removed" shows it did at startup.
            st.execute("SET plan_cache_mode = force_generic_plan");
            st.execute("PREPARE by_month(timestamptz) AS SELECT count(*) FROM events"
                    + " WHERE created_at >= $1 AND created_at < $1 + interval '1 month'");
            PruningReport r = check.check(c, EVENTS, "EXECUTE by_month('2026-03-01 00:00+00')");
            assertEquals(List.of(EVENTS.withName("events_p2026_03")), r.scannedPartitions(), r::text);
            assertEquals(12, r.prunedAtRunTime(), r::text);
            assertEquals(0, r.prunedAtPlanTime());
            assertEquals(PruningVerdict.PRUNED, r.verdict());
        }
    }

    @Test
    void aValueFromASubqueryPrunesWhileExecuting(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        db.execute("CREATE TABLE marks (name text PRIMARY KEY, at timestamptz NOT NULL)",
                "INSERT INTO marks VALUES ('launch', '2026-03-05 10:00+00')", "ANALYZE marks");
        try (Connection c = db.connect()) {
            // The subquery runs first; the partitions it rules out show as "never executed".
            PruningReport r = check.check(c, EVENTS,
                    "SELECT count(*) FROM events WHERE created_at = (SELECT at FROM marks WHERE name = 'launch')");
            assertEquals(List.of(EVENTS.withName("events_p2026_03")), r.scannedPartitions(), r::text);
            assertEquals(11, r.prunedAtRunTime(), r::text);
            assertEquals(PruningVerdict.PRUNED, r.verdict());
            assertTrue(r.summaryLine().contains("(11 pruned: 0 at plan time, 11 at run time)"), r::text);
        }
    }
}
