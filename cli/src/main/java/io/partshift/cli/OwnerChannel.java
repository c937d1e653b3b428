package io.partshift.cli;

import io.partshift.config.BadInputException;
import io.partshift.config.Names;
import io.partshift.config.TargetSpec;
import io.partshift.pipeline.MigrationOwner;
import io.partshift.pipeline.state.ControlRequests;
import io.partshift.pipeline.state.ControlRequests.Action;
import io.partshift.pipeline.state.ControlRequests.Result;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.pipeline.state.MigrationStore;
import io.partshift.pipeline.state.StateSchema;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How cutover, rollback, finalize and verify --data reach the process that owns a migration: when one runs (it holds
 * the owner lock), the command posts a request and waits for its answer, because only that process can drain its
 * change stream; when none runs, the command does the work itself.
 */
final class OwnerChannel {
    private static final Duration POLL = Duration.ofMillis(200);

    private final TargetSpec target;
    private final Names names;

    OwnerChannel(TargetSpec target) {
        this.target = target;
        this.names = new Names(target.table(), target.stateSchema());
    }

    /** The recorded migration, or bad input saying there is none. */
    MigrationRecord record(Connection c) throws SQLException {
        return new MigrationStore(new StateSchema(target.stateSchema()), names).read(c).orElseThrow(() ->
                new BadInputException("there is no migration of " + target.table() + " in schema "
                        + target.stateSchema() + ": start one with 'partshift migrate'."));
    }

    /**
     * Bad input unless the migration has cut over: rollback and finalize only act on one that has.
     *
     * @param why what the command does, ending the sentence (e.g. "there is nothing to roll back")
     */
    void requireCutOver(MigrationRecord record, String why) {
        if (record.phase() != io.partshift.pipeline.state.Phase.CUT_OVER) {
            throw new BadInputException("the migration of " + target.table() + " is "
                    + record.phase().name().toLowerCase(java.util.Locale.ROOT) + ", not cut over, so " + why
                    + " (use 'partshift abort' to remove a migration that has not cut over).");
        }
    }

    /** The pid of the running owner's lock session, if a process owns the migration. */
    OptionalInt owner(Connection c) throws SQLException {
        return MigrationOwner.holderPid(c, names);
    }

    /**
     * Posts {@code action} to the running owner and waits for its answer, printing progress to {@code out}.
     *
     * @throws IllegalStateException when the owner ended before answering
     */
    Result ask(Connection c, Action action, PrintWriter out) throws SQLException, InterruptedException {
        ControlRequests requests = new ControlRequests(new StateSchema(target.stateSchema()), names);
        int pid = owner(c).orElseThrow();
        long id = requests.post(c, action);
        out.println("asked the partshift process running the migration of " + target.table() + " (its lock session is"
                + " pid " + pid + ") to " + action.name().toLowerCase(java.util.Locale.ROOT) + "; waiting for it");
        out.flush();
        while (true) {
            Optional<Result> result = requests.result(c, id);
            if (result.isPresent()) {
                return result.get();
            }
            if (owner(c).isEmpty()) {
                throw new IllegalStateException("the partshift process running the migration of " + target.table()
                        + " ended before answering: check its log, then run this command again");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Waits until no process holds the owner lock (after a finalize request made the owner let go). */
    void awaitOwnerGone(Connection c, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (owner(c).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the partshift process running the migration of " + target.table()
                        + " did not let go of it within " + timeout.toSeconds() + " s: stop it, then run this again");
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
