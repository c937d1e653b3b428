package io.partshift.cli;

import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands end to end, as a user runs them, against a real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class CommandsIT {
    private static final String EVENTS = """
            CREATE TABLE public.events (id bigserial PRIMARY KEY, campaign_id int NOT NULL,
                created_at timestamptz NOT NULL, payload jsonb);
            CREATE INDEX events_campaign_idx ON public.events (campaign_id);
            INSERT INTO public.events (campaign_id, created_at, payload)
                SELECT g % 7, timestamptz '2025-01-01 00:00:00+00' + g * interval '3 hours', jsonb_build_object('g', g)
                  FROM generate_series(1, 5000) g;
            ANALYZE public.events;
            """;

    @Test
    void planPrintsRunnableDdlAndChangesNothing(TestDatabase db) throws Exception {
        db.execute(EVENTS);
        CatalogSnapshot before = snapshot(db);
        CliRun run = CliRun.against(db.url(), db.user(), "plan", "--table", "public.events",
                "--partition-by", "LIST (campaign_id)", "--subpartition-by", "HASH (id)", "--sub-modulus", "4");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("PARTITION BY LIST (campaign_id)"), run::toString);
        assertTrue(run.out().contains("PARTITION BY HASH (id)"), run::toString);
        assertTrue(run.out().contains("-- preflight ok"), run::toString);
        assertEquals(before, snapshot(db), "plan must not change the database");

        // The printed plan is SQL: run it as psql would and the shadow exists with every partition.
        db.execute(run.out());
        assertEquals(7 * 4 + 1, count(db, "SELECT count(*) FROM pg_partition_tree('public.events_partshift') WHERE isleaf"));
    }

    @Test
    void prepareCreatesTheShadowFromASpecFileWithFlagsOverridingIt(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute(EVENTS);
        Path spec = Files.writeString(dir.resolve("events.yaml"), """
                table: public.events
                partition-by: RANGE (created_at)
                interval: 1 year
                premake: 1
                """);
        CliRun run = CliRun.against(db.url(), db.user(), "prepare", "--spec", spec.toString(), "--interval", "1 month");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("created public.events_partshift"), run::toString);
        // Monthly (the flag), not yearly (the file): 2025-01 .. 2026-09 holds the data; then now's month and 1 premade.
        long leaves = count(db, "SELECT count(*) FROM pg_partition_tree('public.events_partshift') WHERE isleaf");
        assertTrue(leaves > 12, () -> "monthly partitions expected, got " + leaves);
        assertEquals(1, count(db, "SELECT count(*) FROM pg_class WHERE relname = 'events_p2025_03'"));
        assertEquals(5000, count(db, "SELECT count(*) FROM public.events"), "the source is untouched");
        assertEquals(0, count(db, "SELECT count(*) FROM public.events_partshift"));

        CliRun again = CliRun.against(db.url(), db.user(), "prepare", "--spec", spec.toString());
        assertEquals(2, again.exitCode(), "a second prepare meets the first one's shadow");
        assertTrue(again.err().contains("events_partshift"), again::toString);
    }

    @Test
    void verifyExitsOneWhenAKeyFilterScansEveryPartition(TestDatabase db) throws Exception {
        db.execute(EVENTS);
        assertEquals(0, CliRun.against(db.url(), db.user(), "prepare", "--table", "public.events",
                "--partition-by", "RANGE (created_at)", "--interval", "1 month").exitCode());
        db.execute("INSERT INTO public.events_partshift SELECT * FROM public.events", "ANALYZE public.events_partshift");

        CliRun pruned = CliRun.against(db.url(), db.user(), "verify", "--table", "public.events_partshift",
                "--query", "SELECT count(*) FROM public.events_partshift WHERE created_at >= '2025-03-01' AND created_at < '2025-04-01'");
        assertEquals(0, pruned.exitCode(), pruned::toString);
        assertTrue(pruned.out().contains("PRUNED"), pruned::toString);

        CliRun notPruned = CliRun.against(db.url(), db.user(), "verify", "--table", "public.events_partshift",
                "--query", "SELECT count(*) FROM public.events_partshift WHERE date_trunc('month', created_at) = '2025-03-01'",
                "--format", "json");
        assertEquals(1, notPruned.exitCode(), notPruned::toString);
        assertTrue(notPruned.out().trim().startsWith("{") && notPruned.out().contains("NOT_PRUNED"), notPruned::toString);
    }

    @Test
    void helpListsEveryDeclaredOption() {
        CliRun run = CliRun.of("plan", "--help");
        assertEquals(0, run.exitCode());
        for (var option : io.partshift.config.Options.all()) {
            assertTrue(run.out().contains(option.flag()) || run.out().contains("--[no-]" + option.name()), () -> option.flag() + " missing from help:\n" + run.out());
        }
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static CatalogSnapshot snapshot(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return CatalogSnapshot.take(c);
        }
    }
}
