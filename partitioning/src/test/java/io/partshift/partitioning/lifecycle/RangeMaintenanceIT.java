package io.partshift.partitioning.lifecycle;

import io.partshift.config.MaintenanceSpec;
import io.partshift.config.TableRef;
import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.partitioning.pruning.PruningReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RANGE by month on timestamptz, travelling through time with --now, with writers inserting throughout. */
@ExtendWith(PostgresExtension.class)
class RangeMaintenanceIT {
    static final TableRef TABLE = new TableRef("public", "events");
    /** January to March 2026 with partshift's names, DEFAULT, and an hourly row from Jan 1 to Mar 24. */
    static final String EVENTS = """
            CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, campaign_id int NOT NULL,
                note text, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
            CREATE INDEX ON events (campaign_id);
            CREATE TABLE events_p2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01 00:00+00') TO ('2026-02-01 00:00+00');
            CREATE TABLE events_p2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01 00:00+00') TO ('2026-03-01 00:00+00');
            CREATE TABLE events_p2026_03 PARTITION OF events FOR VALUES FROM ('2026-03-01 00:00+00') TO ('2026-04-01 00:00+00');
            CREATE TABLE events_default PARTITION OF events DEFAULT;
            INSERT INTO events SELECT g, timestamptz '2026-01-01 00:00+00' + g * interval '1 hour', g % 7, 'n'
              FROM generate_series(0, 2000) g;
            """;
    static final String INSERT = "INSERT INTO events (id, created_at, campaign_id, note) VALUES (?, ?, ?, 'load')";

    private static MaintenanceSpec monthly(TestDatabase db, String... more) {
        String[] base = {"table", "public.events", "partition-by", "RANGE (created_at)", "interval", "1 month"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return Lifecycle.spec(db, all);
    }

    /** Writers inserting rows dated uniformly between two days (UTC). */
    static InsertLoad writers(TestDatabase db, String from, String to) {
        long start = OffsetDateTime.parse(from + "T00:00:00Z").toEpochSecond();
        long end = OffsetDateTime.parse(to + "T00:00:00Z").toEpochSecond();
        return InsertLoad.start(db, 3, 1_000_000, INSERT, (ps, id, random) -> {
            ps.setLong(1, id);
            ps.setObject(2, OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(random.nextLong(start, end)),
                    ZoneOffset.UTC));
            ps.setInt(3, random.nextInt(7));
        });
    }

    @Test
    void premakesFuturePartitionsAndASecondRunChangesNothing(TestDatabase db) throws Exception {
        db.execute(EVENTS);
        MaintenanceSpec spec = monthly(db, "premake", "3");
        MaintenanceResult first = Lifecycle.maintain(db, "2026-03-15T10:00:00Z", spec);
        assertEquals(List.of("events_default", "events_p2026_01", "events_p2026_02", "events_p2026_03",
                "events_p2026_04", "events_p2026_05", "events_p2026_06"), Lifecycle.partitionNames(db, "events"));
        assertEquals(3, first.outcomes().size());
        assertTrue(Lifecycle.partitions(db, "events").contains(
                "events_p2026_06: FOR VALUES FROM ('2026-06-01 00:00:00+00') TO ('2026-07-01 00:00:00+00')"));
        assertEquals(List.of("events_p2026_04_campaign_id_idx", "events_p2026_04_pkey"),
                Lifecycle.strings(db, "SELECT indexname FROM pg_indexes WHERE tablename = 'events_p2026_04' ORDER BY 1"),
                "ATTACH gave the new partition the parent's indexes");
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'partshift_attach_check'"),
                "the CHECK that spares ATTACH its scan is gone again");

        Lifecycle.assertSecondRunChangesNothing(db, "2026-03-15T10:00:00Z", spec);

        // Seven weeks later the window has moved on by two months.
        MaintenanceResult later = Lifecycle.maintain(db, "2026-05-02T00:00:00Z", spec);
        assertEquals(List.of("public.events_p2026_07", "public.events_p2026_08"),
                later.outcomes().stream().map(o -> o.step().partition().toString()).toList());
    }

    @Test
    void rowsInDefaultMoveIntoNewPartitionsWhileWritersInsertAndNoneIsLost(TestDatabase db) throws Exception {
        db.execute(EVENTS, """
                INSERT INTO events SELECT 10000 + g, timestamptz '2026-04-01 00:00+00' + g * interval '2 hours', 1, 'apr'
                  FROM generate_series(0, 299) g;
                INSERT INTO events SELECT 20000 + g, timestamptz '2026-05-01 00:00+00' + g * interval '3 hours', 2, 'may'
                  FROM generate_series(0, 199) g;
                INSERT INTO events SELECT 30000 + g, timestamptz '2026-09-10 00:00+00' + g * interval '1 hour', 3, 'sep'
                  FROM generate_series(0, 49) g;
                """);
        assertEquals(550, Lifecycle.count(db, "SELECT count(*) FROM events_default"));
        Set<Long> before = InsertLoad.ids(db, "events");
        MaintenanceSpec spec = monthly(db, "premake", "1");

        InsertLoad load = writers(db, "2026-03-01", "2026-07-01").warmUp(300);
        MaintenanceResult result = Lifecycle.maintain(db, "2026-05-20T12:00:00Z", spec);
        InsertLoad.Result inserted = load.stop();

        InsertLoad.assertNoRowLost(db, "events", before, inserted);
        assertEquals(List.of("public.events_p2026_04", "public.events_p2026_05", "public.events_p2026_06"),
                result.outcomes().stream().map(o -> o.step().partition().toString()).toList());
        assertTrue(result.movedRows() >= 500, result::summary);
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM events_default"
                + " WHERE created_at >= '2026-04-01 00:00+00' AND created_at < '2026-07-01 00:00+00'"));
        assertEquals(50, Lifecycle.count(db, "SELECT count(*) FROM events_default"), "September stays in DEFAULT");
        assertTrue(result.plan().warnings().stream().anyMatch(w -> w.startsWith("50 rows in public.events_default are"
                + " dated from 2026-07-01 on")), () -> result.plan().warnings().toString());
        for (StepOutcome o : result.outcomes()) {
            assertTrue(o.summary().contains("writers were blocked"), o.summary());
            assertTrue(o.writersBlocked().compareTo(o.lockWait()) >= 0, o::summary);
        }

        Lifecycle.assertSecondRunChangesNothing(db, "2026-05-20T12:00:00Z", spec);
        PruningReport pruning = Lifecycle.assertPrunes(db, TABLE, "SELECT count(*) FROM events"
                + " WHERE created_at >= '2026-05-01 00:00+00' AND created_at < '2026-06-01 00:00+00'");
        assertEquals(List.of(TABLE.withName("events_p2026_05")), pruning.scannedPartitions());

        // In August, September's rows finally have a window to go to.
        MaintenanceResult august = Lifecycle.maintain(db, "2026-08-02T00:00:00Z", spec);
        assertEquals(50, august.movedRows(), august::summary);
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM events_default"));
        assertEquals(50, Lifecycle.count(db, "SELECT count(*) FROM events_p2026_09"));
    }

    @Test
    void retentionWithADefaultPartitionDetachesPlainlyAndDrops(TestDatabase db) throws Exception {
        db.execute(EVENTS);
        Set<Long> kept = Set.copyOf(Lifecycle.longs(db, "SELECT id FROM events WHERE created_at >= '2026-02-01 00:00+00'"));
        MaintenanceSpec spec = monthly(db, "premake", "0", "retention", "1 month");

        InsertLoad load = writers(db, "2026-03-01", "2026-04-01").warmUp(200);
        MaintenanceResult result = Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec);
        InsertLoad.Result inserted = load.stop();

        InsertLoad.assertNoRowLost(db, "events", kept, inserted);
        assertEquals(List.of("events_default", "events_p2026_02", "events_p2026_03"),
                Lifecycle.partitionNames(db, "events"));
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM pg_class WHERE relname = 'events_p2026_01'"),
                "dropped, never DELETEd from");
        StepOutcome expired = result.outcomes().get(0);
        assertEquals(MaintenanceStep.DetachMode.PLAIN, ((MaintenanceStep.Expire) expired.step()).mode());
        assertTrue(expired.summary().contains("plain DETACH PARTITION, because PostgreSQL refuses CONCURRENTLY"),
                expired.summary());
        Lifecycle.assertSecondRunChangesNothing(db, "2026-03-15T00:00:00Z", spec);
    }

    @Test
    void retentionWithoutDefaultDetachesConcurrentlyIntoTheArchiveSchema(TestDatabase db) throws Exception {
        db.execute(EVENTS, "DROP TABLE events_default");
        long january = Lifecycle.count(db, "SELECT count(*) FROM events_p2026_01");
        Set<Long> kept = Set.copyOf(Lifecycle.longs(db, "SELECT id FROM events WHERE created_at >= '2026-02-01 00:00+00'"));
        MaintenanceSpec spec = monthly(db, "premake", "0", "retention", "1 month", "archive-schema", "archive",
                "no-default-partition", "true");

        InsertLoad load = writers(db, "2026-03-01", "2026-04-01").warmUp(200);
        MaintenanceResult result = Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec);
        InsertLoad.Result inserted = load.stop();

        InsertLoad.assertNoRowLost(db, "events", kept, inserted);
        assertEquals(january, Lifecycle.count(db, "SELECT count(*) FROM archive.events_p2026_01"),
                "the archived partition keeps every row");
        StepOutcome expired = result.outcomes().get(0);
        assertEquals(MaintenanceStep.DetachMode.CONCURRENTLY, ((MaintenanceStep.Expire) expired.step()).mode());
        assertTrue(expired.summary().contains("detached CONCURRENTLY"), expired.summary());
        assertTrue(expired.summary().endsWith("moved it to schema archive"), expired.summary());
        Lifecycle.assertSecondRunChangesNothing(db, "2026-03-15T00:00:00Z", spec);
    }

    @Test
    void aDryRunPrintsEveryStatementAndChangesNothing(TestDatabase db) throws Exception {
        db.execute(EVENTS, "INSERT INTO events VALUES (99999, '2026-04-03 00:00+00', 1, 'apr')");
        MaintenanceSpec spec = monthly(db, "premake", "1", "retention", "1 month");
        CatalogSnapshot before = Lifecycle.snapshot(db);
        MaintenanceResult result = Lifecycle.dryRun(db, "2026-03-15T00:00:00Z", spec);
        Lifecycle.assertUnchanged(db, before);

        String script = result.script().orElseThrow();
        System.out.println(script);
        assertTrue(result.outcomes().isEmpty());
        for (String statement : List.of(
                "CREATE TABLE public.events_p2026_04 (LIKE public.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS",
                "LOCK TABLE ONLY public.events IN EXCLUSIVE MODE;",
                "LOCK TABLE public.events_default IN ACCESS EXCLUSIVE MODE;",
                "WITH moved AS (DELETE FROM public.events_default WHERE created_at IS NOT NULL AND created_at >="
                        + " '2026-04-01 00:00:00+00' AND created_at < '2026-05-01 00:00:00+00' RETURNING id,"
                        + " created_at, campaign_id, note) INSERT INTO public.events_p2026_04",
                "ALTER TABLE public.events ATTACH PARTITION public.events_p2026_04 FOR VALUES FROM"
                        + " ('2026-04-01 00:00:00+00') TO ('2026-05-01 00:00:00+00');",
                "ALTER TABLE public.events DETACH PARTITION public.events_p2026_01;",
                "DROP TABLE public.events_p2026_01;")) {
            assertTrue(script.contains(statement), () -> "missing: " + statement);
        }
        assertTrue(script.contains("moving the 1 row public.events_default holds for it"), script);
        assertFalse(script.contains("CONCURRENTLY;"), "not with a DEFAULT partition");
    }
}
