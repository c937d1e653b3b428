package io.partshift.swapper;

import io.partshift.config.BadInputException;
import io.partshift.config.CutoverMode;
import io.partshift.config.MigrationSpec;
import io.partshift.config.Names;
import io.partshift.pipeline.Migration;
import io.partshift.pipeline.MigrationOwner;
import io.partshift.pipeline.MigrationTeardown;
import io.partshift.pipeline.ReverseSync;
import io.partshift.pipeline.lock.LockNotAcquiredException;
import io.partshift.pipeline.state.ControlRequests;
import io.partshift.pipeline.state.ControlRequests.Action;
import io.partshift.pipeline.state.ControlRequests.Request;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.pipeline.state.MigrationStore;
import io.partshift.pipeline.state.Phase;
import io.partshift.pipeline.state.StateSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole life of one table's migration in the process that owns it: the forward stream until the shadow has
 * converged, verification and cutover (at once with {@code --cutover auto}, on request with {@code postpone}), then
 * the reverse stream that keeps the old table current until a rollback or finalize. Requests from other shells
 * ({@link ControlRequests}) are served in between. The process holds the table's {@link MigrationOwner} lock all along.
 */
public final class TableLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableLifecycle.class);
    private static final Duration TICK = Duration.ofMillis(200);

    /** Where a run stops. */
    public enum Goal {
        /** {@code migrate}: forward, cutover as the spec says, then the reverse stream, until stopped. */
        RUN,
        /** Until the shadow has been verified once (verify --data without a running migrate). */
        VERIFY,
        /** Until cut over (cutover without a running migrate); the reverse stream is left to the next migrate. */
        CUTOVER,
        /** Roll back (rollback without a running migrate). */
        ROLLBACK
    }

    /** How a run ended: the phase the migration is in, and one line for the operator. */
    public record Outcome(Phase phase, boolean ok, String message) {
    }

    private final MigrationSpec spec;
    private final Clock clock;
    private final Names names;
    private final MigrationStore store;
    private final ControlRequests requests;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile Migration forward;
    private volatile ReverseSync reverse;
    private MigrationOwner owner;
    private volatile Phase lastPhase = Phase.PREPARED;

    public TableLifecycle(MigrationSpec spec, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.names = spec.names();
        StateSchema state = new StateSchema(spec.target().stateSchema());
        this.store = new MigrationStore(state, names);
        this.requests = new ControlRequests(state, names);
    }

    /**
     * Runs toward {@code goal}.
     *
     * @throws BadInputException          when another process owns the migration, or the phase does not allow the goal
     * @throws Migration.StoppedException when {@link #stop()} ended the run; everything resumes with a new run
     */
    public Outcome run(Goal goal) throws Exception {
        owner = MigrationOwner.tryAcquire(spec.connection(), names).orElseThrow(() -> new BadInputException(
                "another partshift process runs the migration of " + names.source() + " (it holds its lock): stop it"
                        + " first, or use 'partshift status/cutover/rollback/finalize' to talk to it."));
        Phase phase = storedPhase().orElse(Phase.PREPARED);
        if (phase == Phase.ROLLED_BACK) {
            clearRolledBack();
            phase = Phase.PREPARED;
        }
        if (phase != Phase.CUT_OVER) {
            if (goal == Goal.ROLLBACK) {
                throw new BadInputException("the migration of " + names.source() + " has not cut over, so there is"
                        + " nothing to roll back: use 'partshift abort' to remove it.");
            }
            Optional<Outcome> early = runForward(goal);
            if (early.isPresent()) {
                return early.get();
            }
            if (goal == Goal.CUTOVER) {
                return new Outcome(Phase.CUT_OVER, true, "cut over; run 'partshift migrate' to keep " + names.old()
                        + " current for rollback (until then its reverse slot keeps every change)");
            }
        } else if (goal == Goal.VERIFY || goal == Goal.CUTOVER) {
            throw new BadInputException("the migration of " + names.source() + " has already cut over: use"
                    + " 'partshift rollback' or 'partshift finalize'.");
        }
        return runReverse(goal);
    }

    /** The phase the run is in now (the forward migration's, or CUT_OVER while the reverse stream runs). */
    public Phase phase() {
        Migration m = forward;
        if (m != null) {
            return m.phase();
        }
        return reverse != null ? Phase.CUT_OVER : lastPhase;
    }

    /** Proves the running stream has applied everything committed before this call (tests, demo, operators). */
    public void awaitCaughtUp(Duration timeout) throws Exception {
        Migration m = forward;
        if (m != null) {
            m.awaitCaughtUp(timeout);
            return;
        }
        ReverseSync r = reverse;
        if (r != null) {
            r.awaitCaughtUp(timeout);
            return;
        }
        throw new IllegalStateException("no change stream of " + names.source() + " runs in this process");
    }

    /** Asks the run to end after its current step. */
    public void stop() {
        stopRequested.countDown();
        Migration m = forward;
        if (m != null) {
            m.stop();
        }
    }

    // ---- forward: until cut over ----

    /** Empty once cut over; an outcome when the run ends before (verify goal, or stopped). */
    private Optional<Outcome> runForward(Goal goal) throws Exception {
        forward = new Migration(spec, clock);
        try {
            forward.runUntilConverged();
            boolean auto = goal == Goal.CUTOVER || (goal == Goal.RUN && spec.cutover().mode() == CutoverMode.AUTO);
            if (goal == Goal.VERIFY) {
                return Optional.of(verify());
            }
            if (!auto) {
                LOG.info("{} is ready for cutover and keeps applying changes: run 'partshift cutover --table {}' when"
                        + " you want the swap (--cutover postpone)", names.shadow(), names.source());
            }
            boolean attempted = false;
            while (true) {
                if (stopRequested.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new Migration.StoppedException();
                }
                forward.checkStream();
                Optional<Request> request = take();
                if (request.isPresent()) {
                    Outcome o = serveForward(request.get());
                    answer(request.get(), o);
                    if (o.phase() == Phase.CUT_OVER) {
                        return Optional.empty();
                    }
                    continue;
                }
                if (auto && !attempted) {
                    attempted = true;
                    Outcome o = verifyAndCutOver();
                    if (o.phase() == Phase.CUT_OVER) {
                        return Optional.empty();
                    }
                    if (goal == Goal.CUTOVER) {
                        return Optional.of(o);
                    }
                    LOG.warn("{}; {} stays ready and keeps applying changes: run 'partshift cutover --table {}' to"
                            + " try again", o.message(), names.shadow(), names.source());
                }
            }
        } finally {
            Migration m = forward;
            lastPhase = m.phase();
            forward = null;
            m.close();
        }
    }

    private Outcome serveForward(Request r) throws Exception {
        return switch (r.action()) {
            case VERIFY -> verify();
            case CUTOVER -> verifyAndCutOver();
            case ROLLBACK, FINALIZE -> new Outcome(Phase.CONVERGED, false, "the migration of " + names.source()
                    + " has not cut over: there is nothing to " + r.action().name().toLowerCase(Locale.ROOT)
                    + " (use 'partshift abort' to remove it)");
        };
    }

    private Outcome verify() throws Exception {
        VerificationOutcome v = new DataVerification(forward).run();
        return new Outcome(Phase.CONVERGED, v.equal(), v.summary());
    }

    private Outcome verifyAndCutOver() throws Exception {
        VerificationOutcome v = new DataVerification(forward).run();
        if (!v.equal()) {
            return new Outcome(Phase.CONVERGED, false, "no cutover: " + v.summary());
        }
        try {
            SwapTimings t = new Cutover(forward).run();
            return new Outcome(Phase.CUT_OVER, true, "cut over " + names.source() + ": writes blocked "
                    + t.blockedMillis() + " ms (lock after " + t.lockAttempts() + " attempt(s))");
        } catch (LockNotAcquiredException e) {
            return new Outcome(Phase.CONVERGED, false, "no cutover: " + e.getMessage());
        } catch (Migration.StoppedException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Nothing changed (the swap is one transaction): the process keeps the shadow current and can try again.
            recordError("cutover failed: " + e.getMessage());
            return new Outcome(Phase.CONVERGED, false, "no cutover: " + e.getMessage());
        }
    }

    // ---- reverse: after cutover ----

    private Outcome runReverse(Goal goal) throws Exception {
        reverse = new ReverseSync(spec);
        try {
            reverse.start();
            if (goal == Goal.ROLLBACK) {
                return rollback();
            }
            while (true) {
                if (stopRequested.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new Migration.StoppedException();
                }
                reverse.checkStream();
                Optional<Request> request = take();
                if (request.isEmpty()) {
                    continue;
                }
                Outcome o = switch (request.get().action()) {
                    case ROLLBACK -> rollback();
                    case FINALIZE -> new Outcome(Phase.CUT_OVER, true, "stopped the reverse stream for finalize");
                    case VERIFY, CUTOVER -> new Outcome(Phase.CUT_OVER, false, "the migration of " + names.source()
                            + " has already cut over: use 'partshift rollback' or 'partshift finalize'");
                };
                if (request.get().action() == Action.FINALIZE) {
                    reverse.stopStream();
                    // The finalize command does the rest once this process has let go of the lock.
                    answer(request.get(), o);
                    return o;
                }
                answer(request.get(), o);
                if (o.phase() == Phase.ROLLED_BACK) {
                    return o;
                }
            }
        } finally {
            ReverseSync r = reverse;
            lastPhase = storedPhaseQuietly().orElse(Phase.CUT_OVER);
            reverse = null;
            r.close();
        }
    }

    private Outcome rollback() throws Exception {
        try {
            SwapTimings t = new Rollback(reverse).run();
            return new Outcome(Phase.ROLLED_BACK, true, "rolled back " + names.source() + ": writes blocked "
                    + t.blockedMillis() + " ms (lock after " + t.lockAttempts() + " attempt(s))");
        } catch (LockNotAcquiredException e) {
            return new Outcome(Phase.CUT_OVER, false, "no rollback: " + e.getMessage());
        } catch (Migration.StoppedException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            recordError("rollback failed: " + e.getMessage());
            return new Outcome(Phase.CUT_OVER, false, "no rollback: " + e.getMessage());
        }
    }

    // ---- helpers ----

    private Optional<Phase> storedPhase() throws SQLException {
        try (Connection c = connect()) {
            return store.read(c).map(MigrationRecord::phase);
        }
    }

    private Optional<Phase> storedPhaseQuietly() {
        try {
            return storedPhase();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** A rolled-back migration's partitioned table is stale: a new migration starts from scratch. */
    private void clearRolledBack() throws SQLException {
        try (Connection c = connect()) {
            LOG.info("the earlier migration of {} was rolled back; removing its leftovers to start afresh",
                    names.source());
            new MigrationTeardown(spec.target()).abort(c).forEach(line -> LOG.info("{}", line));
        }
    }

    private void recordError(String error) {
        try (Connection c = connect()) {
            store.recordError(c, error);
        } catch (SQLException e) {
            LOG.warn("could not record the error of {}: {}", names.source(), e.getMessage());
        }
    }

    private Optional<Request> take() throws SQLException {
        try (Connection c = connect()) {
            return requests.take(c);
        }
    }

    private void answer(Request r, Outcome o) throws SQLException {
        try (Connection c = connect()) {
            requests.answer(c, r.id(), o.ok(), o.message());
        }
        LOG.info("answered {} request {}: {}", r.action().name().toLowerCase(Locale.ROOT), r.id(), o.message());
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(spec.connection().url(), spec.connection().jdbcProperties());
    }

    @Override
    public void close() {
        stop();
        if (owner != null) {
            owner.close();
        }
    }
}
