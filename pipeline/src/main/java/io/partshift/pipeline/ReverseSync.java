package io.partshift.pipeline;

import io.partshift.config.MigrationSpec;
import io.partshift.config.Names;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.partitioning.shadow.SequenceHandover;
import io.partshift.pipeline.apply.ApplyTarget;
import io.partshift.pipeline.apply.ShadowApplier;
import io.partshift.pipeline.apply.ApplierSettings;
import io.partshift.pipeline.lag.LagMonitor;
import io.partshift.pipeline.lag.LagReport;
import io.partshift.pipeline.lag.StreamProgress;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.pipeline.state.MigrationStore;
import io.partshift.pipeline.state.StateSchema;
import io.partshift.pipeline.stream.ReplicationSetup;
import io.partshift.pipeline.stream.StreamRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * After cutover: keeps the old table current with every change to the new partitioned table, so a rollback loses
 * nothing. The same stream and applier as the migration, on the reverse route (the partitioned table published via
 * its root, the reverse slot) with the old table as target, keyed by the old table's primary key.
 */
public final class ReverseSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseSync.class);

    private final MigrationSpec spec;
    private final Names names;
    private final MigrationStore store;
    private final SourceDatabase db;
    private final StreamProgress progress = new StreamProgress();
    private volatile StreamRoute route;
    private volatile ShadowApplier applier;
    private volatile StreamSupervisor changes;
    private volatile LagMonitor monitor;
    private volatile PreparedShadow prepared;

    public ReverseSync(MigrationSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.names = spec.names();
        this.store = new MigrationStore(new StateSchema(spec.target().stateSchema()), names);
        this.db = new SourceDatabase(spec.connection(), spec.table().toString(), 3);
    }

    /** Starts streaming from where the reverse slot (or the stored offsets) stand. */
    public void start() throws Exception {
        SourceTable partitioned;
        SourceTable old;
        try (Connection c = db.pool().getConnection()) {
            MigrationRecord record = store.read(c).orElseThrow(() -> new IllegalStateException(
                    "no migration of " + names.source() + " is recorded in " + spec.target().stateSchema()));
            prepared = PreparedShadow.fromJson(record.plan());
            CatalogReader catalog = new CatalogReader(c);
            partitioned = catalog.read(names.source()).orElseThrow(() -> new IllegalStateException(
                    names.source() + " does not exist, so there is nothing to stream back from"));
            old = catalog.read(names.old()).orElseThrow(() -> new IllegalStateException("the old table " + names.old()
                    + " does not exist, so a rollback is no longer possible"));
            route = StreamRoute.reverse(names, old.primaryKey().orElseThrow().columns());
            if (!new ReplicationSetup(route).exists(c)) {
                throw new IllegalStateException("the reverse slot " + names.reverseSlot() + " is gone, so changes to "
                        + names.source() + " since cutover cannot reach " + names.old() + ": a rollback would lose"
                        + " them; run 'partshift finalize --table " + names.source() + "' to finish the migration");
            }
        }
        applier = new ShadowApplier(db::connect, ApplyTarget.reverse(partitioned, old), ApplierSettings.defaults());
        monitor = new LagMonitor(db.pool(), names.reverseSlot(), spec.lag(), spec.logFormat(), () -> "cut_over",
                io.partshift.pipeline.copy.CopySnapshot::none, progress, r -> { });
        monitor.start();
        startStream();
        LOG.info("streaming changes of {} back into {} (slot {}), so 'partshift rollback' loses nothing",
                names.source(), names.old(), names.reverseSlot());
    }

    private void startStream() throws Exception {
        ShadowApplier a = applier;
        changes = new StreamSupervisor(spec.connection(), route, batch -> {
            a.apply(batch.events());
            progress.recordApplied(batch, batch.events().size());
        });
        changes.start();
    }

    /** Restarts a failed stream; throws when it cannot. */
    public void checkStream() throws InterruptedException {
        StreamSupervisor c = changes;
        if (c != null) {
            c.ensureRunning();
        }
    }

    /** Waits until every change committed to the new table before this call has reached the old table. */
    public void awaitCaughtUp(Duration timeout) throws Exception {
        CatchUpProof.await(db.pool(), replication(), progress, timeout, this::checkStream);
    }

    /** Drains under the rollback's lock and stops the stream. */
    public void drainAndStopStream(Duration timeout) throws Exception {
        awaitCaughtUp(timeout);
        stopStream();
    }

    public void stopStream() {
        StreamSupervisor c = changes;
        changes = null;
        if (c != null) {
            c.close();
        }
    }

    public void restartStream() throws Exception {
        if (changes == null) {
            startStream();
        }
    }

    /** The newest lag report of the reverse stream. */
    public Optional<LagReport> lag() {
        return Optional.ofNullable(monitor).flatMap(LagMonitor::latest);
    }

    public MigrationSpec spec() {
        return spec;
    }

    public MigrationStore store() {
        return store;
    }

    public javax.sql.DataSource pool() {
        return db.pool();
    }

    public Connection connect() throws SQLException {
        return db.connect();
    }

    /** The reverse stream's server side: its slot, publication and heartbeat row. */
    public ReplicationSetup replication() {
        return new ReplicationSetup(Objects.requireNonNull(route, "the reverse stream has not started"));
    }

    /** The sequence handovers of the plan, reversed by the rollback. */
    public List<SequenceHandover> sequences() {
        return prepared.sequences();
    }

    @Override
    public void close() {
        stopStream();
        LagMonitor m = monitor;
        monitor = null;
        if (m != null) {
            m.close();
        }
        ShadowApplier a = applier;
        applier = null;
        if (a != null) {
            a.close();
        }
        db.close();
    }
}
