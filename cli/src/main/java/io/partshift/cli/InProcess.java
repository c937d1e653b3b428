package io.partshift.cli;

import io.partshift.config.MigrationSpec;
import io.partshift.pipeline.Migration;
import io.partshift.swapper.TableLifecycle;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a table's lifecycle in this process toward a goal, stopping cleanly on Ctrl-C / SIGTERM so offsets of applied
 * changes are stored and the next run resumes exactly there.
 */
final class InProcess {
    private InProcess() {
    }

    /**
     * @return the outcome, or empty when a stop request ended the run (everything resumes with a new run)
     */
    static java.util.Optional<TableLifecycle.Outcome> run(MigrationSpec spec, TableLifecycle.Goal goal)
            throws Exception {
        TableLifecycle lifecycle = new TableLifecycle(spec, Clock.systemUTC());
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            lifecycle.stop();
            try {
                // Let the run close its stream, so the position of every applied change is stored before the JVM exits.
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "partshift-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return java.util.Optional.of(lifecycle.run(goal));
        } catch (Migration.StoppedException e) {
            return java.util.Optional.empty();
        } finally {
            lifecycle.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs anyway
            }
        }
    }
}
