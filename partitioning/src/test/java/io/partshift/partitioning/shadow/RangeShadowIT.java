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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RANGE plans on a real PostgreSQL: created, filled the way the copier will, compared row for row. */
@ExtendWith(PostgresExtension.class)
class RangeShadowIT {
    private static List<String> leafNames(ShadowPlan plan) {
        return plan.leaves().stream().map(p -> p.name().name()).toList();
    }

    @Test
    void monthlyOnTimestamptzWithIdentityAlways(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_ALWAYS, "created_at", 3000, "3 hours 17 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.range("created_at", "1 month")),
                // written during the migration, beyond the premade months: only DEFAULT takes it
                "INSERT INTO events (created_at, day, local_ts, campaign_id, country, ref, amount)"
                        + " VALUES ('2027-06-01 10:00+00', '2027-06-01', '2027-06-01 10:00', 3, 'DE', 'late', 5)");
        List<String> leaves = leafNames(plan);
        assertEquals("events_p2025_01", leaves.get(0));
        assertEquals(List.of("events_p2026_03", "events_p2026_04", "events_p2026_05", "events_p2026_06",
                "events_default"), leaves.subList(leaves.size() - 5, leaves.size()));
        assertTrue(plan.createStatements().contains("CREATE TABLE public.events_p2026_03 PARTITION OF"
                + " public.events_partshift FOR VALUES FROM ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00')"));
        assertEquals(INFINITE_ROWS + 1, s.longValue("SELECT count(*) FROM ONLY events_default"));
        s.assertLeafCounts(plan, Map.of("events_default", 1L));
        assertEquals(3000 + INFINITE_ROWS, plan.estimatedRows());

        // PostgreSQL 15 accepts the identity column on the partitioned shadow, and it generates values there.
        assertEquals(1, s.longValue("SELECT count(*) FROM pg_attribute WHERE attrelid = 'events_partshift'::regclass"
                + " AND attname = 'id' AND attidentity = 'a'"));
        db.execute("INSERT INTO events_partshift (created_at, day, local_ts, campaign_id, country, ref, amount)"
                + " VALUES ('2026-03-02 10:00+00', '2026-03-02', '2026-03-02 10:00', 3, 'DE', 'new', 5)");
        assertEquals(1, s.longValue("SELECT count(*) FROM events_p2026_03 WHERE ref = 'new' AND id IS NOT NULL"));
        assertEquals(List.of(new SequenceHandover("id", "public.events_id_seq", SequenceHandover.Kind.OWN_IDENTITY)),
                plan.sequences());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("The primary key becomes (id, created_at)")));
    }

    @Test
    void dailyOnDateWithSerial(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.SERIAL, "day", 3000, "7 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.range("day", "1 day")),
                "INSERT INTO events (id, created_at, day, local_ts, campaign_id, country, ref, amount)"
                        + " VALUES (5000000, now(), '2030-01-01', now(), 3, 'DE', 'late', 5)");
        List<String> leaves = leafNames(plan);
        assertEquals("events_p2026_02_14", leaves.get(0));
        assertEquals(List.of("events_p2026_03_11", "events_p2026_03_12", "events_p2026_03_13", "events_p2026_03_14",
                "events_default"), leaves.subList(leaves.size() - 5, leaves.size()));
        assertTrue(plan.createStatements().contains("CREATE TABLE public.events_p2026_02_14 PARTITION OF"
                + " public.events_partshift FOR VALUES FROM ('2026-02-14') TO ('2026-02-15')"));
        assertEquals(INFINITE_ROWS + 1, s.longValue("SELECT count(*) FROM ONLY events_default"));
        s.assertLeafCounts(plan, Map.of("events_default", 1L));
        // The serial default keeps drawing from the source's sequence.
        assertEquals(1, s.longValue("SELECT count(*) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid"
                + " AND a.attnum = d.adnum WHERE d.adrelid = 'events_partshift'::regclass AND a.attname = 'id'"
                + " AND pg_get_expr(d.adbin, d.adrelid) = 'nextval(''events_id_seq''::regclass)'"));
        assertEquals(SequenceHandover.Kind.SHARED_SEQUENCE, plan.sequences().get(0).kind());
    }

    @Test
    void yearlyOnTimestampWithIdentityByDefault(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_BY_DEFAULT, "local_ts", 3000, "3 hours 17 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.range("local_ts", "1 year")));
        assertEquals(List.of("events_p2025", "events_p2026", "events_p2027", "events_p2028", "events_p2029",
                "events_default"), leafNames(plan));
        assertEquals("FOR VALUES FROM ('2025-01-01 00:00:00') TO ('2026-01-01 00:00:00')",
                plan.partitions().get(0).bound());
        assertEquals(INFINITE_ROWS, s.longValue("SELECT count(*) FROM ONLY events_default"));
        s.assertLeafCounts(plan, Map.of());
    }

    @Test
    void threeMonthsAreQuarters(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_BY_DEFAULT, "created_at", 3000, "3 hours 17 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.range("created_at", "3 months")));
        assertEquals(List.of("events_p2025_01", "events_p2025_04", "events_p2025_07", "events_p2025_10",
                "events_p2026_01", "events_p2026_04", "events_p2026_07", "events_p2026_10", "events_default"),
                leafNames(plan));
        s.assertLeafCounts(plan, Map.of());
    }

    @Test
    void bigintStepsIncludingNegativeKeys(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_ALWAYS, "id", 3000, "3 hours 17 minutes");
        db.execute("INSERT INTO events (id, created_at, day, local_ts, campaign_id, country, ref, amount)"
                + " OVERRIDING SYSTEM VALUE VALUES (-1200, now(), now(), now(), 1, 'FR', 'neg1', 1),"
                + " (-1, now(), now(), now(), 1, 'FR', 'neg2', 1)", "ANALYZE events");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.range("id", "500")),
                "INSERT INTO events (id, created_at, day, local_ts, campaign_id, country, ref, amount)"
                        + " OVERRIDING SYSTEM VALUE VALUES (10000000, now(), now(), now(), 1, 'FR', 'far', 1)");
        assertEquals(List.of("events_pm1500", "events_pm1000", "events_pm500", "events_p0", "events_p500",
                "events_p1000", "events_p1500", "events_p2000", "events_p2500", "events_p3000", "events_p3500",
                "events_p4000", "events_p4500", "events_default"), leafNames(plan));
        assertEquals("FOR VALUES FROM (-1500) TO (-1000)", plan.partitions().get(0).bound());
        assertEquals(1, s.longValue("SELECT count(*) FROM ONLY events_default"));
        assertEquals(1, s.longValue("SELECT count(*) FROM ONLY events_pm1500"));
        s.assertLeafCounts(plan, Map.of("events_default", 1L));
    }

    @Test
    void anEmptyTableStartsTodayWithPremade(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_BY_DEFAULT, "created_at", 0, "1 hour");
        db.execute("DELETE FROM events", "ANALYZE events");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.range("created_at", "1 week")));
        assertEquals(List.of("events_p2026_03_09", "events_p2026_03_16", "events_p2026_03_23", "events_p2026_03_30",
                "events_default"), leafNames(plan));
        assertEquals(0, plan.estimatedRows());
    }
}
