package io.partshift.cli.bench;

import io.partshift.config.MigrationSpec;
import io.partshift.localpg.load.EventsWriteLoad;
import io.partshift.pipeline.lag.LagReport;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The applier against live writers, on a converged migration. Two views, because one cannot show both: over a write
 * window the applier can only apply what was written, so its rate there says it keeps up (and the lag says how
 * closely); its capacity shows when it works off a backlog that piled up while the migration was stopped.
 */
final class StreamBench {
    private static final long LAG_SAMPLE_MILLIS = 250;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);

    private final String url;
    private final Properties writer;
    private final int writers;
    private final Duration window;
    private final PrintWriter progress;

    StreamBench(String url, String user, int writers, Duration window, PrintWriter progress) {
        this.url = url;
        this.writer = new Properties();
        this.writer.setProperty("user", user);
        this.writers = writers;
        this.window = window;
        this.progress = progress;
    }

    /**
     * @param seconds       the write window's length as measured
     * @param committedTx   transactions the writers committed in it
     * @param appliedEvents change events the applier applied over it (from the lag reports)
     * @param lagMillis     the lag, sampled every 250 ms in it
     * @param catchUpNanos  from stopping the writers until the applier proved it applied everything
     */
    record Window(double seconds, long committedTx, long appliedEvents, List<Long> lagMillis, long catchUpNanos) {
    }

    /** Writers for the window, then stop them and time the catch-up. */
    Window underWrites(RunningMigration migration) throws Exception {
        long appliedBefore = appliedEvents(migration);
        EventsWriteLoad load = new EventsWriteLoad(url, writer, writers, window.plus(Duration.ofMinutes(2)));
        say("bench: " + writers + " writers for " + window.toSeconds() + " s on the converged migration");
        List<Long> lag = new ArrayList<>();
        long started = System.nanoTime();
        long end = started + window.toNanos();
        EventsWriteLoad.Stats stats;
        long appliedAfter;
        long stopped;
        load.start();
        try {
            while (System.nanoTime() < end) {
                Thread.sleep(LAG_SAMPLE_MILLIS);
                migration.checkAlive(Long.MAX_VALUE, "the end of the write window");
                migration.lag().flatMap(r -> r.lagMillis().isPresent()
                        ? Optional.of(r.lagMillis().getAsLong()) : Optional.empty()).ifPresent(lag::add);
            }
            stopped = System.nanoTime();
            stats = load.stats();
            appliedAfter = appliedEvents(migration);
        } finally {
            load.stop();
        }
        long catchUpStarted = System.nanoTime();
        migration.migration().awaitCaughtUp(CATCH_UP_TIMEOUT);
        long catchUp = System.nanoTime() - catchUpStarted;
        return new Window((stopped - started) / 1e9, stats.total(), appliedAfter - appliedBefore, lag, catchUp);
    }

    /**
     * @param backlogTx       transactions written while the migration was stopped
     * @param writeSeconds    how long they were written for
     * @param appliedEvents   events the resumed migration applied until it had caught up
     * @param totalNanos      from the resume until caught up, the engine's start included
     * @param eventsPerSecond the applier's rate while it worked the backlog off, when it took long enough to measure
     */
    record Drain(long backlogTx, double writeSeconds, long appliedEvents, long totalNanos, Optional<Double> eventsPerSecond, String why) {
    }

    /** Stops nothing itself: call with the migration stopped; resumes it, times the backlog, and stops it again. */
    Drain backlog(MigrationSpec spec) throws Exception {
        EventsWriteLoad load = new EventsWriteLoad(url, writer, writers, window.plus(Duration.ofMinutes(2)));
        say("bench: migration stopped; " + writers + " writers for " + window.toSeconds() + " s pile up a backlog");
        load.start();
        long writing = System.nanoTime();
        Thread.sleep(window.toMillis());
        EventsWriteLoad.Stats stats = load.stats();
        double writeSeconds = (System.nanoTime() - writing) / 1e9;
        load.stop();
        say("bench: resuming the migration to work off " + stats.total() + " transactions");
        try (RunningMigration migration = RunningMigration.start(spec, "bench-migrate-resume");
             ReportSampler sampler = ReportSampler.start(migration)) {
            long started = System.nanoTime();
            migration.awaitFirstReport(Duration.ofMinutes(2));
            migration.migration().awaitCaughtUp(CATCH_UP_TIMEOUT);
            long total = System.nanoTime() - started;
            sampler.close();
            return new Drain(stats.total(), writeSeconds, appliedEvents(migration), total, sampler.busyRate(),
                    sampler.whyNoRate());
        }
    }

    private static long appliedEvents(RunningMigration migration) {
        return migration.lag().map(LagReport::appliedEvents).orElse(0L);
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }
}
