package io.partshift.partitioning.lifecycle;

import io.partshift.config.MaintenanceSpec;
import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.pruning.PruningReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LIST: a partition for every new value that shows up in DEFAULT, or per configured value group. */
@ExtendWith(PostgresExtension.class)
class ListMaintenanceIT {
    private static final String CAMPAIGN_EVENTS = """
            CREATE TABLE campaign_events (id bigint NOT NULL, campaign_id int NOT NULL, amount numeric,
                PRIMARY KEY (id, campaign_id)) PARTITION BY LIST (campaign_id);
            DO $$ BEGIN
                FOR c IN 1..5 LOOP
                    EXECUTE format('CREATE TABLE campaign_events_l_%s PARTITION OF campaign_events FOR VALUES IN (%s)', c, c);
                END LOOP;
            END $$;
            CREATE TABLE campaign_events_default PARTITION OF campaign_events DEFAULT;
            INSERT INTO campaign_events SELECT g, 1 + g % 5, g % 97 FROM generate_series(1, 2000) g;
            INSERT INTO campaign_events SELECT 10000 + g, 6, 1 FROM generate_series(1, 100) g;
            INSERT INTO campaign_events SELECT 20000 + g, 7, 1 FROM generate_series(1, 50) g;
            """;

    @Test
    void everyNewCampaignGetsItsPartitionWhileWritersInsertNewOnes(TestDatabase db) throws Exception {
        db.execute(CAMPAIGN_EVENTS);
        Set<Long> before = InsertLoad.ids(db, "campaign_events");
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.campaign_events", "partition-by",
                "LIST (campaign_id)");
        // Campaigns 8 and 9 appear only while maintain runs: they land in DEFAULT, now or on the next run.
        InsertLoad load = InsertLoad.values(db, "INSERT INTO campaign_events (id, campaign_id, amount) VALUES (?, ?, 1)",
                9).warmUp(300);
        MaintenanceResult first = Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec);
        InsertLoad.Result inserted = load.stop();

        InsertLoad.assertNoRowLost(db, "campaign_events", before, inserted);
        List<String> created = first.outcomes().stream().map(o -> o.step().partition().name()).toList();
        assertTrue(created.containsAll(List.of("campaign_events_l_6", "campaign_events_l_7")), created::toString);
        for (String partition : created) {
            String value = partition.substring("campaign_events_l_".length());
            assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM campaign_events_default WHERE campaign_id = "
                    + value), "DEFAULT keeps no row of campaign " + value);
        }
        assertTrue(first.movedRows() >= 150, first::summary);

        MaintenanceResult second = Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec);
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM campaign_events_default"),
                "the second run takes what arrived during the first");
        assertEquals(9, Lifecycle.partitionNames(db, "campaign_events").size() - 1, second::summary);
        Lifecycle.assertSecondRunChangesNothing(db, "2026-03-15T00:00:00Z", spec);

        PruningReport pruning = Lifecycle.assertPrunes(db, new TableRef("public", "campaign_events"),
                "SELECT sum(amount) FROM campaign_events WHERE campaign_id = 6");
        assertEquals(List.of(new TableRef("public", "campaign_events_l_6")), pruning.scannedPartitions());
    }

    @Test
    void valueGroupsGetTheirPartitionAndValuesInNoGroupStayInDefault(TestDatabase db) throws Exception {
        db.execute("""
                CREATE TABLE orders (id bigint NOT NULL, country text NOT NULL, PRIMARY KEY (id, country))
                    PARTITION BY LIST (country);
                CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('DE', 'FR');
                CREATE TABLE orders_default PARTITION OF orders DEFAULT;
                INSERT INTO orders SELECT g, (ARRAY['DE', 'FR', 'US', 'CA', 'XX'])[1 + g % 5] FROM generate_series(1, 1000) g;
                """);
        Set<Long> before = InsertLoad.ids(db, "orders");
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.orders", "partition-by", "LIST (country)",
                "list-group", "eu=DE,FR,IT", "list-group", "na=US,CA");
        InsertLoad load = InsertLoad.start(db, 2, 1_000_000, "INSERT INTO orders (id, country) VALUES (?, ?)",
                (ps, id, random) -> {
                    ps.setLong(1, id);
                    ps.setString(2, List.of("DE", "US", "CA", "XX").get(random.nextInt(4)));
                }).warmUp(200);
        MaintenanceResult result = Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec);
        InsertLoad.Result inserted = load.stop();

        InsertLoad.assertNoRowLost(db, "orders", before, inserted);
        assertEquals(List.of("orders_default: DEFAULT", "orders_eu: FOR VALUES IN ('DE', 'FR')",
                "orders_na: FOR VALUES IN ('US', 'CA')"), Lifecycle.partitions(db, "orders"));
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM orders_default WHERE country <> 'XX'"));
        assertTrue(Lifecycle.count(db, "SELECT count(*) FROM orders_default") >= 200);
        List<String> warnings = result.plan().warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("hold values in no --list-group (XX)")), warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("group eu of --list-group lists [IT]")),
                warnings::toString);
    }

    @Test
    void aValueWhoseNameIsTakenGetsAHashedName(TestDatabase db) throws Exception {
        db.execute("""
                CREATE TABLE tags (id bigint NOT NULL, tag text NOT NULL) PARTITION BY LIST (tag);
                CREATE TABLE tags_l_a_b PARTITION OF tags FOR VALUES IN ('a_b');
                CREATE TABLE tags_default PARTITION OF tags DEFAULT;
                INSERT INTO tags VALUES (1, 'a_b'), (2, 'a-b'), (3, 'it''s');
                """);
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.tags", "partition-by", "LIST (tag)");
        Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec);
        List<String> partitions = Lifecycle.partitions(db, "tags");
        assertEquals(4, partitions.size(), partitions::toString);
        assertTrue(partitions.stream().anyMatch(p -> p.matches("tags_l_a_b_[0-9a-f]{8}: FOR VALUES IN \\('a-b'\\)")),
                partitions::toString);
        assertTrue(partitions.contains("tags_l_it_s: FOR VALUES IN ('it''s')"), partitions::toString);
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM tags_default"));
        assertEquals(3, Lifecycle.count(db, "SELECT count(*) FROM tags"));
    }
}
