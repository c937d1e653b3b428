package io.partshift.partitioning.lifecycle;

import io.partshift.config.MaintenanceSpec;
import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.pruning.PruningReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two levels against partition explosion: RANGE with HASH inside, LIST with HASH inside, and LIST with monthly RANGE
 * inside, maintained the same way, with writers inserting throughout.
 */
@ExtendWith(PostgresExtension.class)
class TwoLevelMaintenanceIT {
    private static final TableRef EVENTS = new TableRef("public", "events");

    /** Months Jan..Mar, each split into four by HASH (id), and DEFAULT holding April's first rows. */
    private static final String MONTHS_BY_HASH = """
            CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, campaign_id int NOT NULL,
                PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
            DO $$
            DECLARE m timestamptz;
            BEGIN
                FOR i IN 0..2 LOOP
                    m := timestamptz '2026-01-01 00:00+00' + make_interval(months => i);
                    EXECUTE format('CREATE TABLE events_p%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)'
                                   ' PARTITION BY HASH (id)', to_char(m AT TIME ZONE 'UTC', 'YYYY_MM'), m,
                                   m + interval '1 month');
                    FOR r IN 0..3 LOOP
                        EXECUTE format('CREATE TABLE events_p%s_h%s PARTITION OF events_p%s'
                                       ' FOR VALUES WITH (MODULUS 4, REMAINDER %s)',
                                       to_char(m AT TIME ZONE 'UTC', 'YYYY_MM'), r, to_char(m AT TIME ZONE 'UTC', 'YYYY_MM'), r);
                    END LOOP;
                END LOOP;
            END $$;
            CREATE TABLE events_default PARTITION OF events DEFAULT;
            INSERT INTO events SELECT g, timestamptz '2026-01-01 00:00+00' + g * interval '1 hour', g % 5
              FROM generate_series(0, 2500) g;
            """;

    @Test
    void rangeWithHashInsideGetsNewMonthsWithTheirHashPartitionsAndArchivesOldOnes(TestDatabase db) throws Exception {
        db.execute(MONTHS_BY_HASH);
        assertTrue(Lifecycle.count(db, "SELECT count(*) FROM events_default") > 300, "April began in DEFAULT");
        Set<Long> kept = Set.copyOf(Lifecycle.longs(db, "SELECT id FROM events WHERE created_at >= '2026-02-01 00:00+00'"));
        long january = Lifecycle.count(db, "SELECT count(*) FROM events_p2026_01");
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.events", "partition-by", "RANGE (created_at)",
                "interval", "1 month", "subpartition-by", "HASH (id)", "sub-modulus", "4", "premake", "1",
                "retention", "2 months", "archive-schema", "archive");

        InsertLoad load = timeWriters(db, "2026-03-20", "2026-06-01").warmUp(300);
        MaintenanceResult result = Lifecycle.maintain(db, "2026-04-10T00:00:00Z", spec);
        InsertLoad.Result inserted = load.stop();

        InsertLoad.assertNoRowLost(db, "events", kept, inserted);
        assertEquals(List.of("events_p2026_04_h0", "events_p2026_04_h1", "events_p2026_04_h2", "events_p2026_04_h3"),
                Lifecycle.partitionNames(db, "events_p2026_04"));
        assertEquals(4, Lifecycle.partitionNames(db, "events_p2026_05").size());
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM events_default"
                + " WHERE created_at >= '2026-04-01 00:00+00' AND created_at < '2026-06-01 00:00+00'"));
        assertTrue(result.movedRows() > 300, result::summary);
        // January is past the two-month window: it and its four HASH partitions are in the archive now.
        assertEquals(january, Lifecycle.count(db, "SELECT count(*) FROM archive.events_p2026_01"));
        assertEquals(4, Lifecycle.count(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'archive'"
                + " AND tablename LIKE 'events_p2026_01_h%'"));
        assertTrue(result.outcomes().stream().anyMatch(o -> o.summary().startsWith("expired public.events_p2026_01:"
                + " detached with a plain DETACH PARTITION")), "DEFAULT rules out CONCURRENTLY");

        Lifecycle.assertSecondRunChangesNothing(db, "2026-04-10T00:00:00Z", spec);
        PruningReport pruning = Lifecycle.assertPrunes(db, EVENTS, "SELECT * FROM events WHERE id = 2300"
                + " AND created_at >= '2026-04-01 00:00+00' AND created_at < '2026-05-01 00:00+00'");
        assertEquals(1, pruning.scanned(), pruning::text);
    }

    @Test
    void listWithHashInsideGetsANewCampaignWithItsHashPartitions(TestDatabase db) throws Exception {
        db.execute("""
                CREATE TABLE clicks (id bigint NOT NULL, campaign_id int NOT NULL, PRIMARY KEY (id, campaign_id))
                    PARTITION BY LIST (campaign_id);
                DO $$ BEGIN
                    FOR c IN 1..3 LOOP
                        EXECUTE format('CREATE TABLE clicks_l_%s PARTITION OF clicks FOR VALUES IN (%s)'
                                       ' PARTITION BY HASH (id)', c, c);
                        EXECUTE format('CREATE TABLE clicks_l_%s_h0 PARTITION OF clicks_l_%s'
                                       ' FOR VALUES WITH (MODULUS 2, REMAINDER 0)', c, c);
                        EXECUTE format('CREATE TABLE clicks_l_%s_h1 PARTITION OF clicks_l_%s'
                                       ' FOR VALUES WITH (MODULUS 2, REMAINDER 1)', c, c);
                    END LOOP;
                END $$;
                CREATE TABLE clicks_default PARTITION OF clicks DEFAULT;
                INSERT INTO clicks SELECT g, 1 + g % 4 FROM generate_series(1, 2000) g;
                """);
        Set<Long> before = InsertLoad.ids(db, "clicks");
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.clicks", "partition-by", "LIST (campaign_id)",
                "subpartition-by", "HASH (id)", "sub-modulus", "2");
        InsertLoad load = InsertLoad.values(db, "INSERT INTO clicks (id, campaign_id) VALUES (?, ?)", 4).warmUp(300);
        MaintenanceResult result = Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec);
        InsertLoad.Result inserted = load.stop();

        InsertLoad.assertNoRowLost(db, "clicks", before, inserted);
        assertEquals(List.of("clicks_l_4_h0: FOR VALUES WITH (modulus 2, remainder 0)",
                "clicks_l_4_h1: FOR VALUES WITH (modulus 2, remainder 1)"), Lifecycle.partitions(db, "clicks_l_4"));
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM clicks_default"));
        assertTrue(result.movedRows() >= 500, result::summary);
        PruningReport pruning = Lifecycle.assertPrunes(db, new TableRef("public", "clicks"),
                "SELECT * FROM clicks WHERE campaign_id = 4 AND id = 8");
        assertEquals(1, pruning.scanned(), pruning::text);
    }

    @Test
    void listWithMonthsInsidePremakesInEveryCampaignAndLaysOutNewCampaigns(TestDatabase db) throws Exception {
        db.execute("""
                CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, campaign_id int NOT NULL,
                    PRIMARY KEY (id, campaign_id, created_at)) PARTITION BY LIST (campaign_id);
                DO $$
                DECLARE m timestamptz;
                BEGIN
                    FOR c IN 1..2 LOOP
                        EXECUTE format('CREATE TABLE events_l_%s PARTITION OF events FOR VALUES IN (%s)'
                                       ' PARTITION BY RANGE (created_at)', c, c);
                        FOR i IN 0..2 LOOP
                            m := timestamptz '2026-01-01 00:00+00' + make_interval(months => i);
                            EXECUTE format('CREATE TABLE events_l_%s_p%s PARTITION OF events_l_%s'
                                           ' FOR VALUES FROM (%L) TO (%L)', c, to_char(m AT TIME ZONE 'UTC', 'YYYY_MM'),
                                           c, m, m + interval '1 month');
                        END LOOP;
                        EXECUTE format('CREATE TABLE events_l_%s_default PARTITION OF events_l_%s DEFAULT', c, c);
                    END LOOP;
                END $$;
                CREATE TABLE events_default PARTITION OF events DEFAULT;
                INSERT INTO events SELECT g, timestamptz '2026-01-01 00:00+00' + g * interval '1 hour', 1 + g % 3
                  FROM generate_series(0, 2500) g;
                """);
        assertTrue(Lifecycle.count(db, "SELECT count(*) FROM events_l_1_default") > 0, "April began in DEFAULT");
        Set<Long> before = InsertLoad.ids(db, "events");
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.events", "partition-by", "LIST (campaign_id)",
                "subpartition-by", "RANGE (created_at)", "sub-interval", "1 month", "premake", "1");

        InsertLoad load = timeWriters(db, "2026-03-01", "2026-06-01").warmUp(300);
        MaintenanceResult result = Lifecycle.maintain(db, "2026-04-10T00:00:00Z", spec);
        InsertLoad.Result inserted = load.stop();

        InsertLoad.assertNoRowLost(db, "events", before, inserted);
        for (String campaign : List.of("events_l_1", "events_l_2")) {
            assertEquals(List.of(campaign + "_default", campaign + "_p2026_01", campaign + "_p2026_02",
                    campaign + "_p2026_03", campaign + "_p2026_04", campaign + "_p2026_05"),
                    Lifecycle.partitionNames(db, campaign), "April and May premade in " + campaign);
            assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM " + campaign + "_default WHERE created_at"
                    + " < '2026-06-01 00:00+00'"), "nothing left in " + campaign + "'s DEFAULT");
        }
        // Campaign 3 lived in DEFAULT: it gets its partition, laid out with the months its rows need.
        List<String> third = Lifecycle.partitionNames(db, "events_l_3");
        assertTrue(third.containsAll(List.of("events_l_3_default", "events_l_3_p2026_01", "events_l_3_p2026_04",
                "events_l_3_p2026_05")), third::toString);
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM events_default"
                + " WHERE campaign_id = 3 AND created_at < '2026-06-01 00:00+00'"));
        assertTrue(result.movedRows() > 800, result::summary);

        Lifecycle.assertSecondRunChangesNothing(db, "2026-04-10T00:00:00Z", spec);
        PruningReport pruning = Lifecycle.assertPrunes(db, EVENTS, "SELECT count(*) FROM events WHERE campaign_id = 2"
                + " AND created_at >= '2026-05-01 00:00+00' AND created_at < '2026-06-01 00:00+00'");
        assertEquals(List.of(EVENTS.withName("events_l_2_p2026_05")), pruning.scannedPartitions());
    }

    /** Writers inserting rows of campaigns 1..3 dated uniformly between two days (UTC). */
    private static InsertLoad timeWriters(TestDatabase db, String from, String to) {
        long start = OffsetDateTime.parse(from + "T00:00:00Z").toEpochSecond();
        long end = OffsetDateTime.parse(to + "T00:00:00Z").toEpochSecond();
        return InsertLoad.start(db, 3, 1_000_000, "INSERT INTO events (id, created_at, campaign_id) VALUES (?, ?, ?)",
                (ps, id, random) -> {
                    ps.setLong(1, id);
                    ps.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochSecond(random.nextLong(start, end)),
                            ZoneOffset.UTC));
                    ps.setInt(3, 1 + random.nextInt(3));
                });
    }
}
