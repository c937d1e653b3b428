package io.partshift.cli.bench;

import io.partshift.config.MigrationSpec;
import io.partshift.pipeline.Migration;
import io.partshift.pipeline.lag.LagReport;
import io.partshift.pipeline.state.Phase;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * A real {@link Migration} running in its own thread, as {@code partshift migrate} runs it, with the waits the bench
 * needs: for a phase, and for the copy's start and end. {@link #close()} stops it the way Ctrl-C does, so what it
 * created stays for a resume (or for {@code MigrationTeardown}).
 */
final class RunningMigration implements AutoCloseable {
    private static final long POLL_MILLIS = 5;
    private static final Set<Phase> AFTER_COPY = EnumSet.of(Phase.CATCHING_UP, Phase.CONVERGED);

    private final Migration migration;
    private final Thread runner;
    private volatile Exception failure;

    private RunningMigration(MigrationSpec spec, String name) {
        this.migration = new Migration(spec, Clock.systemUTC());
        this.runner = new Thread(this::run, name);
    }

    static RunningMigration start(MigrationSpec spec, String name) {
        RunningMigration running = new RunningMigration(spec, name);
        running.runner.start();
        return running;
    }

    private void run() {
        try {
            migration.run();
        } catch (Migration.StoppedException stopped) {
            // close() asked for it
        } catch (Exception e) {
            failure = e;
        }
    }

    Migration migration() {
        return migration;
    }

    Optional<LagReport> lag() {
        return migration.lag();
    }

    /**
     * Nanoseconds from the phase COPYING to the copy's end (CATCHING_UP or later), polled every few milliseconds. A
     * copy too short to be seen in COPYING is timed from the last moment it was seen before.
     */
    long timeCopy(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long copyStarted = System.nanoTime();
        boolean seenCopying = false;
        while (true) {
            checkAlive(deadline, "the copy to finish");
            Phase phase = migration.phase();
            long now = System.nanoTime();
            if (AFTER_COPY.contains(phase)) {
                return now - copyStarted;
            }
            if (phase == Phase.COPYING) {
                seenCopying = true;
            } else if (!seenCopying) {
                copyStarted = now;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    void awaitPhase(Phase phase, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (migration.phase() != phase) {
            checkAlive(deadline, "phase " + phase + " (now " + migration.phase() + ")");
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Waits until the lag monitor has reported once, i.e. the migration is running again. */
    void awaitFirstReport(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (migration.lag().isEmpty()) {
            checkAlive(deadline, "the first lag report");
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Throws when the migration failed or ended on its own, or when waiting took too long. */
    void checkAlive(long deadlineNanos, String waitingFor) throws Exception {
        if (failure != null) {
            throw new IllegalStateException("the bench's migration failed while waiting for " + waitingFor + ": "
                    + failure.getMessage(), failure);
        }
        if (!runner.isAlive()) {
            throw new IllegalStateException("the bench's migration ended while waiting for " + waitingFor);
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new TimeoutException("the bench's migration did not reach " + waitingFor + " in time (phase "
                    + migration.phase() + ")");
        }
    }

    @Override
    public void close() throws Exception {
        migration.stop();
        runner.join(Duration.ofMinutes(1).toMillis());
        migration.close();
        if (failure != null) {
            throw failure;
        }
    }
}
