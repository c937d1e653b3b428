package io.partshift.partitioning.shadow;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.TestSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.partshift.partitioning.shadow.ShadowScenario.INFINITE_ROWS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two-level plans on a real PostgreSQL: created, filled the way the copier will, compared row for row. */
@ExtendWith(PostgresExtension.class)
class TwoLevelShadowIT {
    @Test
    void listOfCampaignsThenHashOfIds(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_BY_DEFAULT, "campaign_id, id", 3000, "3 hours 17 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.list("campaign_id"), TestSpecs.hash("id", 4)),
                "INSERT INTO events (id, created_at, day, local_ts, campaign_id, country, ref, amount)"
                        + " VALUES (9000000, now(), now(), now(), 22, 'DE', 'late', 5)");
        assertEquals(21 * 4 + 1, plan.leaves().size());
        assertEquals(21 * 5 + 1, plan.partitions().size());
        PlannedPartition first = plan.partitions().get(0);
        assertEquals("events_l_1", first.name().name());
        assertFalse(first.isLeaf());
        assertTrue(plan.createStatements().contains("CREATE TABLE public.events_l_1 PARTITION OF public.events_partshift"
                + " FOR VALUES IN ('1') PARTITION BY HASH (id)"));
        assertTrue(plan.createStatements().contains("CREATE TABLE public.events_l_1_h3 PARTITION OF public.events_l_1"
                + " FOR VALUES WITH (MODULUS 4, REMAINDER 3)"));
        PlannedPartition last = plan.partitions().get(plan.partitions().size() - 1);
        assertEquals("events_default", last.name().name());
        assertTrue(last.isLeaf());
        assertEquals(1, s.longValue("SELECT count(*) FROM ONLY events_default"));
        assertEquals(s.longValue("SELECT count(*) FROM events WHERE campaign_id = 1"),
                s.longValue("SELECT count(*) FROM events_l_1"));
        assertEquals(first.estimatedRows(), s.longValue("SELECT count(*) FROM events_l_1"));
        s.assertLeafCounts(plan, Map.of("events_default", 1L));
    }

    @Test
    void monthsThenHashOfCampaigns(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_ALWAYS, "created_at, campaign_id", 3000, "3 hours 17 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.range("created_at", "1 month"),
                TestSpecs.hash("campaign_id", 4)));
        List<String> names = plan.partitions().stream().map(p -> p.name().name()).toList();
        assertEquals(List.of("events_p2025_01", "events_p2025_01_h0", "events_p2025_01_h1", "events_p2025_01_h2",
                "events_p2025_01_h3", "events_p2025_02"), names.subList(0, 6));
        assertFalse(names.contains("events_p2025_01_default"), "HASH sub-partitioning has no DEFAULT");
        assertEquals("events_default", names.get(names.size() - 1));
        assertEquals(INFINITE_ROWS, s.longValue("SELECT count(*) FROM ONLY events_default"));
        s.assertLeafCounts(plan, Map.of());
    }

    @Test
    void quartersThenListOfCountriesWithDefaults(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.SERIAL, "created_at, country", 3000, "3 hours 17 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.range("created_at", "3 months"),
                        TestSpecs.list("country")),
                "INSERT INTO events (id, created_at, day, local_ts, campaign_id, country, ref, amount)"
                        + " VALUES (9000000, '2026-03-05 12:00+00', now(), now(), 3, 'ZZ', 'late', 5)");
        // 8 quarters, each with 9 countries and a DEFAULT, plus the top-level DEFAULT
        assertEquals(8 * 10 + 1, plan.leaves().size());
        assertTrue(plan.createStatements().contains("CREATE TABLE public.events_p2026_01_default PARTITION OF"
                + " public.events_p2026_01 DEFAULT"));
        assertEquals(1, s.longValue("SELECT count(*) FROM ONLY events_p2026_01_default"));
        assertEquals(INFINITE_ROWS, s.longValue("SELECT count(*) FROM ONLY events_default"));
        s.assertLeafCounts(plan, Map.of("events_p2026_01_default", 1L));
    }
}
