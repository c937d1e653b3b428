package io.partshift.cli;

import io.partshift.config.MigrationSpec;
import io.partshift.pipeline.Migration;
import picocli.CommandLine.Command;

import java.time.Clock;

/** {@code partshift migrate}: the online migration, held at "converged" until interrupted (cutover comes next). */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Runs the online migration: preflight, prepare (shadow, publication, slot), copy while streaming "
                + "changes, catch up, converge; then keeps applying changes until interrupted (Ctrl-C).",
                "Running it again after a crash or kill resumes from the checkpoints in the state schema.",
                "Lag lines go to stderr every --lag-interval; 'partshift status' shows the same from another shell."})
final class MigrateCommand extends SpecCommand {
    @Override
    public Integer call() throws Exception {
        MigrationSpec spec = migrationSpec();
        // A wrong address, user or password is bad input (exit 2), said the same way as by every other command.
        Database.connect(spec.connection()).close();
        Migration migration = new Migration(spec, Clock.systemUTC());
        // Ctrl-C / SIGTERM: stop cleanly, so offsets of applied changes are stored and the run can resume.
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            migration.stop();
            try {
                // Let run() close the stream, so the position of every applied change is stored before the JVM exits.
                finished.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "partshift-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            migration.run();
            return ExitCode.OK;
        } catch (Migration.StoppedException e) {
            out().println("stopped in phase " + migration.phase().name().toLowerCase(java.util.Locale.ROOT)
                    + "; run the same 'partshift migrate' to resume, or 'partshift abort' to remove everything.");
            out().flush();
            return ExitCode.OK;
        } finally {
            migration.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs anyway
            }
        }
    }
}
