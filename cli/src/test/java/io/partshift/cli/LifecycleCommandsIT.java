package io.partshift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maintain and partitions as a scheduler and a monitor run them: from a spec file, at a given --now. */
@ExtendWith(PostgresExtension.class)
class LifecycleCommandsIT {
    /** Monthly partitions January to March 2026 named as partshift names them, DEFAULT holding April's rows. */
    static final String EVENTS = """
            CREATE TABLE public.events (id bigint NOT NULL, campaign_id int NOT NULL, created_at timestamptz NOT NULL,
                payload jsonb, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
            CREATE TABLE public.events_p2026_01 PARTITION OF public.events
                FOR VALUES FROM ('2026-01-01 00:00+00') TO ('2026-02-01 00:00+00');
            CREATE TABLE public.events_p2026_02 PARTITION OF public.events
                FOR VALUES FROM ('2026-02-01 00:00+00') TO ('2026-03-01 00:00+00');
            CREATE TABLE public.events_p2026_03 PARTITION OF public.events
                FOR VALUES FROM ('2026-03-01 00:00+00') TO ('2026-04-01 00:00+00');
            CREATE TABLE public.events_default PARTITION OF public.events DEFAULT;
            INSERT INTO public.events SELECT g, g % 7, timestamptz '2026-01-01 00:00+00' + g * interval '2 hours',
                jsonb_build_object('g', g) FROM generate_series(0, 1300) g;
            ANALYZE public.events;
            """;
    private static final String SPEC = """
            table: public.events
            partition-by: RANGE (created_at)
            interval: 1 month
            premake: 2
            retention: 2 months
            archive-schema: archive
            max-partition-size: 1MB
            """;

    @Test
    void maintainAndPartitionsFromASpecFileTravellingThroughTime(TestDatabase db, @TempDir Path dir) throws Exception {
        db.execute(EVENTS);
        String spec = Files.writeString(dir.resolve("events.yaml"), SPEC).toString();
        long aprilRows = count(db, "SELECT count(*) FROM public.events_default");
        assertTrue(aprilRows > 0);

        CliRun report = CliRun.against(db.url(), db.user(), "partitions", "--spec", spec, "--now", "2026-03-20");
        assertEquals(0, report.exitCode(), report::toString);
        assertTrue(report.out().contains("no_premade_partition public.events_p2026_03"), report::toString);
        assertTrue(report.out().contains("default_has_rows public.events_default: holds " + aprilRows + " rows"),
                report::toString);

        CatalogSnapshot before = snapshot(db);
        CliRun dryRun = CliRun.against(db.url(), db.user(), "maintain", "--spec", spec, "--now", "2026-04-20",
                "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        assertTrue(dryRun.out().contains("LOCK TABLE ONLY public.events IN EXCLUSIVE MODE;"), dryRun::toString);
        assertTrue(dryRun.out().contains("ALTER TABLE public.events_p2026_01 SET SCHEMA archive;"), dryRun::toString);
        assertTrue(dryRun.out().endsWith("maintain public.events (dry run): would create 3, would expire 1; 6 leaf"
                + " partitions\n"), dryRun::toString);
        assertEquals(before, snapshot(db), "a dry run changes nothing");

        CliRun run = CliRun.against(db.url(), db.user(), "maintain", "--spec", spec, "--now", "2026-04-20");
        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertEquals(5, lines.size(), run::toString);
        assertTrue(lines.get(0).startsWith("created public.events_p2026_04 FOR VALUES FROM ('2026-04-01 00:00:00+00')"
                + " TO ('2026-05-01 00:00:00+00'), moving " + aprilRows + " rows out of public.events_default;"
                + " writers were blocked "), run::toString);
        assertTrue(lines.get(3).startsWith("expired public.events_p2026_01: detached with a plain DETACH PARTITION"),
                run::toString);
        assertTrue(lines.get(3).endsWith("then moved it to schema archive"), run::toString);
        assertTrue(lines.get(4).startsWith("maintain public.events: created 3, expired 1, moved " + aprilRows + " rows"),
                run::toString);
        assertEquals(0, count(db, "SELECT count(*) FROM public.events_default"));
        assertEquals(1301, count(db, "SELECT count(*) FROM public.events")
                + count(db, "SELECT count(*) FROM archive.events_p2026_01"), "every row is in the table or the archive");

        CatalogSnapshot settled = snapshot(db);
        CliRun again = CliRun.against(db.url(), db.user(), "maintain", "--spec", spec, "--now", "2026-04-20",
                "--log-format", "json");
        assertEquals(0, again.exitCode(), again::toString);
        JsonNode summary = new ObjectMapper().readTree(again.out().strip());
        assertEquals("summary", summary.get("event").asText());
        assertEquals(0, summary.get("steps").asInt());
        assertEquals(settled, snapshot(db), "a second run changes nothing");

        CliRun json = CliRun.against(db.url(), db.user(), "partitions", "--spec", spec, "--format", "json",
                "--now", "2026-04-20");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertEquals(6, tree.get("leaf_partitions").asInt(), "February to June, and DEFAULT");
        assertEquals(0, tree.get("warnings").size(), json::toString);
        assertEquals("public.events_default", tree.get("partitions").get(5).get("name").asText());
        assertEquals(0, tree.get("partitions").get(5).get("rows").asLong(), "DEFAULT's exact count");
        assertFalse(json.out().contains("events_p2026_01"));
    }

    private static CatalogSnapshot snapshot(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return CatalogSnapshot.take(c);
        }
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
