package io.partshift.cli;

import io.partshift.config.MigrationSpec;
import io.partshift.config.SpecReader;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import io.partshift.localpg.load.EventsWriteLoad;
import io.partshift.localpg.load.RowComparison;
import io.partshift.pipeline.Migration;
import io.partshift.pipeline.state.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of a real {@code partshift migrate} process, mid-copy and then mid-stream, under a write load: the
 * next run resumes from the checkpoints and ends with the shadow equal to the source, row by row.
 */
@ExtendWith(PostgresExtension.class)
class KillResumeIT {
    private static final Path JAR = Path.of("target", "partshift.jar");

    @Test
    void killedMidCopyAndMidStreamResumesToTheSameResult(TestDatabase db) throws Exception {
        assertTrue(Files.exists(JAR), "the runnable jar is built in the package phase, before integration tests");
        try (Connection c = db.connect()) {
            EventsTable.create(c, 150_000);
        }
        List<String> args = new ArrayList<>(List.of("--url", db.url(), "--user", db.user(), "--table", "public.events",
                "--partition-by", "RANGE (created_at)", "--interval", "1 month", "--copy-chunk-rows", "1000",
                "--copy-chunk-target", "50ms", "--copy-parallelism", "1", "--lag-interval", "1s",
                "--converge-window", "1s", "--cutover-lag", "2s", "--cutover", "postpone"));
        Properties writer = new Properties();
        writer.setProperty("user", db.user());
        EventsWriteLoad load = new EventsWriteLoad(db.url(), writer, 2, Duration.ofMinutes(5)).withRateLimit(500);
        load.start();

        Process first = migrate(args);
        await("chunks copied", Duration.ofSeconds(60), () -> scalar(db, "SELECT coalesce((SELECT count(*) FROM"
                + " partshift.chunks WHERE chunk > 0), 0)") >= 3);
        assertTrue(scalar(db, "SELECT count(*) FROM partshift.migrations WHERE phase = 'COPYING'") == 1,
                "killed while copying");
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        Process second = migrate(args);
        await("the copy to finish", Duration.ofMinutes(3), () -> scalar(db,
                "SELECT count(*) FROM partshift.migrations WHERE phase IN ('CATCHING_UP', 'CONVERGED')") == 1);
        Thread.sleep(1_000);
        second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        // The third run, in this JVM, must converge from what the killed ones left.
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            flags.put(args.get(i).substring(2), List.of(args.get(i + 1)));
        }
        MigrationSpec spec = SpecReader.read(Optional.empty(), flags, Map.of()).migration();
        try (Migration third = new Migration(spec, Clock.systemUTC())) {
            Thread runner = new Thread(() -> {
                try {
                    third.run();
                } catch (Exception stoppedOrFailed) {
                    // the phase check below reports a failure
                }
            });
            runner.start();
            await("convergence after resume", Duration.ofMinutes(3), () -> third.phase() == Phase.CONVERGED);
            EventsWriteLoad.Stats stats = load.stop();
            assertTrue(stats.total() > 100, stats::toString);
            third.awaitCaughtUp(Duration.ofSeconds(60));
            assertShadowEqualsSource(db);
            assertEquals(0, scalar(db, "SELECT count(*) - count(DISTINCT (stripe, chunk)) FROM partshift.chunks"),
                    "no chunk recorded twice");
            third.stop();
            runner.join(60_000);
        }
    }

    private static Process migrate(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", JAR.toString(), "migrate"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "kill-resume-" + System.nanoTime() + ".log").toFile()).start();
    }

    private static void assertShadowEqualsSource(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            RowComparison r = RowComparison.of(c, "public.events", "public.events_partshift");
            assertTrue(r.equal(), r::toString);
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static long scalar(TestDatabase db, String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1; // the state table may not exist yet
        }
    }
}
