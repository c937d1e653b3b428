package io.partshift.cli;

import io.partshift.config.SpecReader;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import io.partshift.pipeline.Migration;
import io.partshift.pipeline.state.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code status} while a migration runs, then {@code abort}: everything partshift made is gone, the source is as it was. */
@ExtendWith(PostgresExtension.class)
class AbortIT {

    @Test
    void abortRemovesSlotPublicationShadowAndStateAndLeavesTheSource(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 5_000);
        }
        String before = sourceRows(db);
        Map<String, List<String>> flags = Map.of("url", List.of(db.url()), "user", List.of(db.user()),
                "table", List.of("public.events"), "partition-by", List.of("HASH (id)"), "modulus", List.of("4"),
                "converge-window", List.of("1s"), "cutover-lag", List.of("2s"));
        Migration migration = new Migration(SpecReader.read(Optional.empty(), flags, Map.of()).migration(), Clock.systemUTC());
        Thread runner = new Thread(() -> {
            try {
                migration.run();
            } catch (Exception stoppedByAbort) {
                // abort ends this run's sessions
            }
        });
        runner.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (migration.phase() != Phase.CONVERGED && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(Phase.CONVERGED, migration.phase());

        CliRun status = CliRun.against(db.url(), db.user(), "status", "--table", "public.events");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("converged") && status.out().contains("partshift_public_events (read by pid"),
                status::toString);

        CliRun abort = CliRun.against(db.url(), db.user(), "abort", "--table", "public.events");
        assertEquals(0, abort.exitCode(), abort::toString);
        assertTrue(abort.out().contains("dropped replication slot") && abort.out().contains("dropped shadow table"),
                abort::toString);
        migration.stop();
        runner.join(60_000);
        migration.close();

        assertEquals(0, scalar(db, "SELECT count(*) FROM pg_replication_slots"));
        assertEquals(0, scalar(db, "SELECT count(*) FROM pg_publication"));
        assertEquals(0, scalar(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'events_partshift%'"));
        assertEquals(0, scalar(db, "SELECT count(*) FROM partshift.migrations"));
        assertEquals(before, sourceRows(db), "the source table is untouched");

        CliRun again = CliRun.against(db.url(), db.user(), "abort", "--table", "public.events");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("nothing to remove"), again::toString);
    }

    private static String sourceRows(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM public.events t")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long scalar(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
