package io.partshift.partitioning.shadow;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.TestSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LIST and HASH plans on a real PostgreSQL: created, filled the way the copier will, compared row for row. */
@ExtendWith(PostgresExtension.class)
class ListHashShadowIT {
    private static List<String> leafNames(ShadowPlan plan) {
        return plan.leaves().stream().map(p -> p.name().name()).toList();
    }

    @Test
    void listPerTextValueWithQuotesSpacesAndUnicode(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_BY_DEFAULT, "country", 3000, "3 hours 17 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.list("country")),
                "INSERT INTO events (id, created_at, day, local_ts, campaign_id, country, ref, amount)"
                        + " VALUES (9000000, now(), now(), now(), 3, 'ZZ top', 'late', 5)");
        List<String> leaves = leafNames(plan);
        assertEquals(ShadowScenario.COUNTRIES.size() + 1, leaves.size());
        assertTrue(leaves.containsAll(List.of("events_l_de", "events_l_o_brien_land", "events_l_new_york",
                "events_l_m_nchen", "events_default")), leaves.toString());
        // 'a-b' and 'A B' both sanitise to a_b, so both get a hash; 日本 sanitises to nothing.
        assertEquals(2, leaves.stream().filter(n -> n.matches("events_l_a_b_[0-9a-f]{8}")).count(), leaves.toString());
        assertEquals(1, leaves.stream().filter(n -> n.matches("events_l_[0-9a-f]{8}")).count(), leaves.toString());
        assertTrue(plan.createStatements().contains("CREATE TABLE public.events_l_o_brien_land PARTITION OF"
                + " public.events_partshift FOR VALUES IN ('O''Brien Land')"));
        assertEquals(1, s.longValue("SELECT count(*) FROM ONLY events_default"));
        assertEquals(1, s.longValue("SELECT count(DISTINCT country) FROM ONLY events_l_m_nchen"));
        s.assertLeafCounts(plan, Map.of("events_default", 1L));
    }

    @Test
    void listPerIntegerValueInNumericOrder(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.SERIAL, "campaign_id", 3000, "3 hours 17 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.list("campaign_id")),
                "INSERT INTO events (id, created_at, day, local_ts, campaign_id, country, ref, amount)"
                        + " VALUES (9000000, now(), now(), now(), 22, 'DE', 'late', 5)");
        List<String> expected = new java.util.ArrayList<>(IntStream.rangeClosed(1, 21).mapToObj(i -> "events_l_" + i)
                .toList());
        expected.add("events_default");
        assertEquals(expected, leafNames(plan));
        assertEquals("FOR VALUES IN ('10')", plan.partitions().get(9).bound());
        assertEquals(1, s.longValue("SELECT count(*) FROM ONLY events_default WHERE campaign_id = 22"));
        s.assertLeafCounts(plan, Map.of("events_default", 1L));
    }

    @Test
    void listGroupsSendTheRestToDefault(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_ALWAYS, "country", 3000, "3 hours 17 minutes");
        long ungrouped = s.longValue("SELECT count(*) FROM events WHERE country NOT IN ('DE', 'FR', 'München', 'US',"
                + " 'New York')");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.list("country", "eu=DE,FR,München",
                "na=US,New York")));
        assertEquals(List.of("events_eu", "events_na", "events_default"), leafNames(plan));
        assertEquals("FOR VALUES IN ('DE', 'FR', 'München')", plan.partitions().get(0).bound());
        assertTrue(ungrouped > 0);
        assertEquals(ungrouped, s.longValue("SELECT count(*) FROM ONLY events_default"));
        String note = plan.notes().stream().filter(n -> n.contains("rows whose country is in no group: ")).findFirst()
                .orElseThrow();
        for (String value : List.of("'A B'", "'O''Brien Land'", "'a-b'", "'日本'")) {
            assertTrue(note.contains(value), note);
        }
        s.assertLeafCounts(plan, Map.of());
    }

    @Test
    void hashModulusEight(TestDatabase db) throws Exception {
        ShadowScenario s = new ShadowScenario(db);
        s.createSource(ShadowScenario.Id.IDENTITY_ALWAYS, "id", 3000, "3 hours 17 minutes");
        ShadowPlan plan = s.run(TestSpecs.partitioning(TestSpecs.hash("id", 8)),
                "INSERT INTO events (created_at, day, local_ts, campaign_id, country, ref, amount)"
                        + " VALUES (now(), now(), now(), 3, 'DE', 'late', 5)");
        assertEquals(IntStream.range(0, 8).mapToObj(i -> "events_h" + i).toList(), leafNames(plan));
        assertEquals("FOR VALUES WITH (MODULUS 8, REMAINDER 7)", plan.partitions().get(7).bound());
        for (PlannedPartition leaf : plan.leaves()) {
            assertEquals(Math.round(3005 / 8.0), leaf.estimatedRows());
            assertTrue(s.longValue("SELECT count(*) FROM ONLY " + leaf.name().sql()) > 250, leaf.name().toString());
        }
        assertTrue(plan.notes().stream().noneMatch(n -> n.contains("DEFAULT partition,")));
        s.assertLeafCounts(plan, Map.of("events_h0", 1L));
    }
}
