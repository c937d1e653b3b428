package io.partshift.partitioning.shadow;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.TestSpecs;
import io.partshift.partitioning.catalog.SourceTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Row estimates of large tables come from a sample, bucketed by PostgreSQL and scaled to the table's estimate. */
@ExtendWith(PostgresExtension.class)
class EstimatesIT {
    @Test
    void aLargeTableIsSampledAndEachPartitionEstimatedClosely(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL,"
                        + " campaign_id int NOT NULL)",
                "INSERT INTO events SELECT g, timestamptz '2025-03-01 00:00+00' + (g % 365) * interval '1 day',"
                        + " 1 + g % 7 FROM generate_series(1, 400000) g",
                "ANALYZE events");
        ShadowScenario s = new ShadowScenario(db);
        ShadowPlan plan = s.plan(TestSpecs.partitioning(TestSpecs.range("created_at", "1 month"),
                TestSpecs.list("campaign_id")));
        assertEquals(EstimateMethod.SAMPLED, plan.estimateMethod());
        assertTrue(PlanRenderer.render(plan).contains("rows estimated from a sample"));
        s.create(plan);
        db.execute("INSERT INTO events_partshift SELECT * FROM events");
        long total = 0;
        for (PlannedPartition leaf : plan.leaves()) {
            long actual = s.longValue("SELECT count(*) FROM ONLY " + leaf.name().sql());
            total += leaf.estimatedRows();
            assertTrue(Math.abs(leaf.estimatedRows() - actual) <= Math.max(300, actual / 5),
                    leaf.name() + " estimated " + leaf.estimatedRows() + ", holds " + actual);
        }
        assertTrue(Math.abs(total - 400_000) < 4000, "estimates add up to " + total);
    }

    @Test
    void sampledEstimatesScaleToTheRowEstimate(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_BY_DEFAULT, "country", 3000, "3 hours 17 minutes");
        try (Connection c = db.connect()) {
            SourceTable t = s.read(c);
            // As if the table were large: the planner must sample and scale, whatever the sample size.
            SourceTable big = new SourceTable(t.ref(), t.oid(), t.relkind(), t.isPartition(), t.inheritance(),
                    t.persistence(), t.replicaIdentity(), t.owner(), 10_000_000, 8L << 30, t.columns(), t.primaryKey(),
                    t.indexes(), t.constraints(), t.inboundForeignKeys(), t.triggers(), t.dependentViews(),
                    t.publications(), t.rlsEnabled(), t.comment());
            ShadowPlan plan = ShadowPlans.plan(c, big, ShadowScenario.spec(db,
                    TestSpecs.partitioning(TestSpecs.list("country"))), ShadowScenario.CLOCK);
            assertEquals(EstimateMethod.SAMPLED, plan.estimateMethod());
            assertEquals(10_000_000, plan.estimatedRows());
            long total = plan.leaves().stream().mapToLong(PlannedPartition::estimatedRows).sum();
            assertTrue(Math.abs(total - 10_000_000) <= plan.leaves().size(), "estimates add up to " + total);
        }
    }
}
