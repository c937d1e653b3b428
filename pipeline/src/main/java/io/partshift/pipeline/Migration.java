package io.partshift.pipeline;

import io.partshift.config.MigrationSpec;
import io.partshift.config.Names;
import io.partshift.partitioning.MigrationPlanner;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.partitioning.shadow.ShadowCreator;
import io.partshift.partitioning.shadow.ShadowPlan;
import io.partshift.pipeline.apply.ShadowApplier;
import io.partshift.pipeline.copy.BulkCopier;
import io.partshift.pipeline.copy.CopyProgress;
import io.partshift.pipeline.copy.CopyThrottle;
import io.partshift.pipeline.lag.LagMonitor;
import io.partshift.pipeline.lag.LagReport;
import io.partshift.pipeline.lag.StreamProgress;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.pipeline.state.MigrationStore;
import io.partshift.pipeline.state.Phase;
import io.partshift.pipeline.state.StateSchema;
import io.partshift.pipeline.stream.ChangeEvent;
import io.partshift.pipeline.stream.ReplicationSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One online migration, read like the runbook: prepare (or resume), stream, copy, catch up, converge, hold.
 * Nothing here touches SQL of its own beyond the state machine: each step is one collaborator's job.
 */
public final class Migration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Migration.class);
    private static final long WATCH_MILLIS = 200;

    private final MigrationSpec spec;
    private final Clock clock;
    private final Names names;
    private final StateSchema state;
    private final MigrationStore store;
    private final ReplicationSetup replication;
    private final SourceDatabase db;
    private final StreamProgress streamProgress = new StreamProgress();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile Phase phase = Phase.PREPARED;
    private final ApplyGate gate = new ApplyGate();
    private volatile StreamSupervisor changes;
    private volatile ShadowApplier applier;
    private volatile SourceTable source;
    private volatile PreparedShadow prepared;
    private volatile BulkCopier copier;
    private volatile LagMonitor monitor;
    private volatile CopyProgress progress;

    public Migration(MigrationSpec spec, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.names = spec.names();
        this.state = new StateSchema(spec.target().stateSchema());
        this.store = new MigrationStore(state, names);
        this.replication = new ReplicationSetup(names);
        this.db = new SourceDatabase(spec.connection(), spec.table().toString(), spec.copy().parallelism() + 3);
    }

    /**
     * Runs the migration until the shadow has converged, then keeps applying changes until {@link #stop()}.
     *
     * @throws io.partshift.config.BadInputException before anything was created, when preflight fails
     * @throws Exception                             at run time; the state says FAILED and a new run resumes
     */
    public void run() throws Exception {
        try {
            runUntilConverged();
            hold();
        } catch (io.partshift.config.BadInputException e) {
            throw e;
        } catch (Exception e) {
            fail(e);
            throw e;
        } finally {
            closeQuietly();
        }
    }

    /**
     * Prepares (or resumes), streams, copies and catches up; returns once the shadow has converged, with the stream
     * still applying changes. The caller then verifies and cuts over, or holds, and closes the migration at the end.
     * A failure moves the state to FAILED (a new run resumes) and is rethrown.
     */
    public void runUntilConverged() throws Exception {
        try {
            try (Connection admin = db.pool().getConnection()) {
                prepared = prepareOrResume(admin);
                source = new CatalogReader(admin).read(spec.table()).orElseThrow(() ->
                        new IllegalStateException("the source table " + spec.table() + " disappeared"));
            }
            progress = CopyProgress.load(db.pool(), state, source, clock);
            applier = new ShadowApplier(db::connect, source, spec);
            monitor = new LagMonitor(db.pool(), names.slot(), spec.lag(), spec.logFormat(), () -> phase.name(),
                    progress::snapshot, streamProgress, this::persist);
            monitor.start();
            startStream();
            copy();
            finishCopy(prepared);
            converge();
        } catch (io.partshift.config.BadInputException e) {
            throw e;
        } catch (Exception e) {
            fail(e);
            closeQuietly();
            throw e;
        }
    }

    private void startStream() throws Exception {
        ShadowApplier a = applier;
        changes = new StreamSupervisor(spec.connection(), names, batch -> {
            List<ChangeEvent> events = progress.toApply(batch.events());
            gate.pass(batch, events, a::apply);
            streamProgress.recordApplied(batch, events.size());
        });
        changes.start();
    }

    /**
     * Stops the change stream after the applier has applied everything committed to the source before this call
     * (a marker proves it). Used under the swap's lock, when nothing more can be committed to the source.
     */
    public void drainAndStopStream(Duration timeout) throws Exception {
        awaitCaughtUp(timeout);
        stopStream();
    }

    /** Stops the change stream; what was applied is acknowledged, so {@link #restartStream()} goes on from there. */
    public void stopStream() {
        StreamSupervisor c = changes;
        changes = null;
        gate.releaseAll();
        if (c != null) {
            c.close();
        }
    }

    /** Starts the change stream again after {@link #stopStream()} (a cutover that did not happen). */
    public void restartStream() throws Exception {
        if (changes == null) {
            startStream();
        }
    }

    /**
     * Arms a stop of the applier at a source position (see {@link ApplyGate}): write {@code marker} after this call,
     * then wait with {@link ApplyGate.Stop#awaitReached} and close the stop to go on.
     */
    public ArmedStop armStop(String marker, long lsn, Duration timeout) {
        return new ArmedStop(gate.arm(marker, lsn), timeout);
    }

    /** An armed applier stop, awaited with {@link #awaitReached()} and released with {@link #close()}. */
    public final class ArmedStop implements AutoCloseable {
        private final ApplyGate.Stop stop;
        private final Duration timeout;

        private ArmedStop(ApplyGate.Stop stop, Duration timeout) {
            this.stop = stop;
            this.timeout = timeout;
        }

        /** Waits until the applier has applied everything before the stop's position and stands still. */
        public void awaitReached() throws InterruptedException, TimeoutException {
            stop.awaitReached(timeout, () -> {
                try {
                    checkStream();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public void close() {
            stop.close();
        }
    }

    /** Asks {@link #run()} to stop after its current step; what was copied and applied stays for a resume. */
    public void stop() {
        stopRequested.countDown();
        BulkCopier c = copier;
        if (c != null) {
            c.stop();
        }
    }

    /** The phase this process is in. */
    public Phase phase() {
        return phase;
    }

    /** The newest lag report, once the monitor has taken one. */
    public Optional<LagReport> lag() {
        return Optional.ofNullable(monitor).flatMap(LagMonitor::latest);
    }

    /**
     * Proves the applier has applied every change committed before this call: writes a marker to the heartbeat
     * table and waits until it comes back through the stream (gh-ost's catch-up proof).
     */
    public void awaitCaughtUp(Duration timeout) throws Exception {
        CatchUpProof.await(db.pool(), replication, streamProgress, timeout, this::checkStream);
    }

    private PreparedShadow prepareOrResume(Connection admin) throws SQLException {
        Optional<MigrationRecord> existing = store.read(admin);
        if (existing.isEmpty()) {
            return prepare(admin);
        }
        MigrationRecord record = existing.get();
        switch (record.phase()) {
            case PREPARED -> throw new IllegalStateException("an earlier 'migrate' of " + spec.table() + " was"
                    + " interrupted while preparing: run 'partshift abort --table " + spec.table() + "' and migrate again");
            case CUTTING_OVER, CUT_OVER, ROLLED_BACK -> throw new io.partshift.config.BadInputException(
                    "the migration of " + spec.table() + " is " + record.phase().name().toLowerCase(java.util.Locale.ROOT)
                            + ": use 'partshift status' to see it, and rollback or finalize instead of migrate.");
            default -> {
            }
        }
        if (!replication.exists(admin)) {
            throw new IllegalStateException("replication slot " + names.slot() + " or publication "
                    + names.publication() + " of the migration of " + spec.table() + " is gone, so changes since the"
                    + " last run are lost to partshift: run 'partshift abort --table " + spec.table()
                    + "' and migrate again");
        }
        phase = record.phase();
        LOG.info("resuming the migration of {} from phase {} ({} rows copied, {} events applied so far)",
                spec.table(), phase, record.copiedRows(), record.appliedEvents());
        return PreparedShadow.fromJson(record.plan());
    }

    private PreparedShadow prepare(Connection admin) throws SQLException {
        MigrationPlanner.Outcome outcome = new MigrationPlanner(admin, clock).plan(spec);
        outcome.preflight().throwIfFailed();
        ShadowPlan plan = outcome.plan().orElseThrow();
        PreparedShadow prepared = PreparedShadow.of(plan);
        state.create(admin);
        store.create(admin, names, prepared.toJson(), plan.estimatedRows());
        new ShadowCreator(admin).create(plan);
        // The slot comes last: every change after its start point is streamed, and the copier starts after it.
        replication.create(admin);
        LOG.info("prepared {}: {} partitions, publication {}, slot {}", plan.shadow(), plan.partitions().size(),
                names.publication(), names.slot());
        return prepared;
    }

    private void copy() throws Exception {
        if (phase == Phase.PREPARED || phase == Phase.FAILED) {
            moveTo(Phase.COPYING);
        }
        if (progress.isFinished()) {
            return;
        }
        copier = new BulkCopier(db.pool(), progress, names.shadow(), spec.copy(),
                CopyThrottle.maxLag(spec.copy().maxLag(), () -> monitor.currentLag()));
        Thread watcher = watchStream(copier);
        try {
            copier.run();
        } finally {
            watcher.interrupt();
        }
        checkStream();
        if (stopRequested.getCount() == 0) {
            throw new StoppedException();
        }
    }

    /** Restarts the stream when it fails, and stops the copier when it cannot, so the run ends with the reason. */
    private Thread watchStream(BulkCopier c) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        changes.ensureRunning();
                    } catch (IllegalStateException gone) {
                        c.stop();
                        return;
                    }
                    Thread.sleep(WATCH_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "partshift-stream-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Ends the copy phase. The foreign keys stay off the shadow while changes stream into it: replaying a change whose
     * referenced row was deleted later would fail their check. They are added once the stream has stopped (cutover).
     */
    private void finishCopy(PreparedShadow prepared) throws SQLException {
        if (phase != Phase.COPYING) {
            return;
        }
        if (!prepared.postCopy().isEmpty()) {
            LOG.info("{} foreign key(s) will be added to {} once changes no longer stream into it",
                    prepared.postCopy().size(), names.shadow());
        }
        moveTo(Phase.CATCHING_UP);
    }

    private void converge() throws Exception {
        while (phase != Phase.CONVERGED) {
            checkStream();
            if (stopRequested.await(WATCH_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new StoppedException();
            }
            if (lag().map(LagReport::converged).orElse(false)) {
                moveTo(Phase.CONVERGED);
                LOG.info("{} has converged: lag under {} ms for {} s; ready for cutover (still applying changes)",
                        names.shadow(), spec.lag().cutoverLag().toMillis(), spec.lag().convergeWindow().toSeconds());
            }
        }
    }

    private void hold() throws Exception {
        while (!awaitStopRequest(Duration.ofMillis(WATCH_MILLIS))) {
            checkStream();
        }
        throw new StoppedException();
    }

    /** Waits up to {@code timeout} for {@link #stop()}; true when it was called. */
    public boolean awaitStopRequest(Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Restarts a failed stream; throws when it cannot (the supervisor says why). */
    public void checkStream() throws InterruptedException {
        StreamSupervisor c = changes;
        if (c != null) {
            c.ensureRunning();
        }
    }

    /** The migration's spec. */
    public MigrationSpec spec() {
        return spec;
    }

    /** The source table as read when the run started. */
    public SourceTable source() {
        return Objects.requireNonNull(source, "the migration has not started");
    }

    /** What the run kept from its plan: foreign keys and sequences for the swap. */
    public PreparedShadow prepared() {
        return Objects.requireNonNull(prepared, "the migration has not started");
    }

    /** Pooled connections to the source database (autocommit), carrying partshift's application name. */
    public javax.sql.DataSource pool() {
        return db.pool();
    }

    /** A new connection of the migration's own, outside the pool (for a transaction that holds a lock). */
    public Connection connect() throws SQLException {
        return db.connect();
    }

    /** The persisted state machine of this migration. */
    public MigrationStore store() {
        return store;
    }

    /** The phase shown in lag lines and {@link #phase()}, for steps run by others (verification, cutover). */
    public void showPhase(Phase shown) {
        phase = shown;
    }

    private void moveTo(Phase next) throws SQLException {
        try (Connection c = db.pool().getConnection()) {
            store.moveTo(c, next, null);
        }
        LOG.info("migration of {}: {} -> {}", spec.table(), phase, next);
        phase = next;
    }

    private void persist(LagReport report) {
        try (Connection c = db.pool().getConnection()) {
            store.recordProgress(c, report.copiedRows(), streamProgress.appliedEvents(),
                    Optional.of(io.partshift.pipeline.stream.Lsn.format(streamProgress.position())),
                    streamProgress.lastCommitTime());
        } catch (SQLException e) {
            LOG.warn("could not record progress of {}: {}", spec.table(), e.toString());
        }
    }

    private void fail(Exception e) {
        if (e instanceof StoppedException) {
            return;
        }
        try (Connection c = db.pool().getConnection()) {
            if (store.read(c).isPresent()) {
                store.moveTo(c, Phase.FAILED, String.valueOf(e.getMessage()));
            }
        } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    private void closeQuietly() {
        gate.releaseAll();
        stopStream();
        ShadowApplier a = applier;
        applier = null;
        if (a != null) {
            a.close();
        }
        LagMonitor m = monitor;
        monitor = null;
        if (m != null) {
            m.close();
        }
        CopyProgress p = progress;
        progress = null;
        if (p != null) {
            p.close();
        }
    }

    @Override
    public void close() {
        stop();
        closeQuietly();
        db.close();
    }

    /** The run ended because {@link #stop()} was called: not a failure, the migration resumes where it stopped. */
    public static final class StoppedException extends Exception {
        public StoppedException() {
            super("stopped on request");
        }
    }
}
