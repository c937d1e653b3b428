package io.partshift.swapper;

import io.partshift.config.Names;
import io.partshift.pipeline.Migration;
import io.partshift.pipeline.lock.BoundedLock;
import io.partshift.pipeline.lock.LockNotAcquiredException;
import io.partshift.pipeline.lock.LockSettings;
import io.partshift.pipeline.state.Phase;
import io.partshift.pipeline.stream.ReplicationSetup;
import io.partshift.pipeline.verify.ConsistentPoint;
import io.partshift.pipeline.verify.ConsistentPointTaker;
import io.partshift.pipeline.verify.DataVerifier;
import io.partshift.pipeline.verify.RangeRepair;
import io.partshift.pipeline.verify.VerificationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The verification gate: compares the shadow with the source at one consistent point. A brief SHARE lock aligns a
 * source snapshot with a marker in the change stream ({@link ConsistentPointTaker}); the applier applies exactly the
 * changes before the marker and waits there, so the shadow equals the snapshot while both are compared range by range
 * inside PostgreSQL ({@link DataVerifier}); differing ranges are re-copied from the snapshot and compared again. Then
 * the applier goes on and works off what arrived meanwhile. The snapshot pins vacuum on the source for as long as
 * the comparison runs (about as long as reading both tables once).
 */
final class DataVerification {
    private static final Logger LOG = LoggerFactory.getLogger(DataVerification.class);
    /** How long the applier may take to reach the marker: it only has to work off the current lag. */
    private static final Duration REACH_TIMEOUT = Duration.ofMinutes(5);

    private final Migration migration;
    private final Names names;

    DataVerification(Migration migration) {
        this.migration = Objects.requireNonNull(migration, "migration");
        this.names = migration.spec().names();
    }

    VerificationOutcome run() throws Exception {
        Phase before = migration.phase();
        migration.showPhase(Phase.CONVERGED);
        String marker = "partshift-verify-" + UUID.randomUUID();
        BoundedLock lock = new BoundedLock(LockSettings.of(migration.spec().cutover()), migration.pool());
        ConsistentPointTaker taker = new ConsistentPointTaker(migration.pool(), new ReplicationSetup(names), lock);
        AtomicReference<Migration.ArmedStop> stop = new AtomicReference<>();
        VerificationOutcome outcome;
        try (ConsistentPoint point = taker.take(marker, lsn -> stop.set(migration.armStop(marker, lsn,
                REACH_TIMEOUT)))) {
            try (Migration.ArmedStop armed = stop.get()) {
                armed.awaitReached();
                LOG.info("the applier stopped at marker {}: {} now equals the source snapshot; comparing", marker,
                        names.shadow());
                try (Connection shadow = migration.connect()) {
                    VerificationReport report = new DataVerifier(migration.source(), names.shadow(),
                            migration.spec().copy().chunkRows()).verify(point.snapshot(), shadow,
                            new RangeRepair(migration.source(), names.shadow()));
                    // DataVerifier has logged the report's lines.
                    outcome = new VerificationOutcome(report.equal(), report.lines().get(0));
                }
            }
        } catch (LockNotAcquiredException e) {
            outcome = new VerificationOutcome(false, "not verified: " + e.getMessage());
            LOG.warn("{}", outcome.summary());
        } finally {
            migration.showPhase(before);
        }
        record(outcome);
        return outcome;
    }

    private void record(VerificationOutcome outcome) throws SQLException {
        try (Connection c = migration.pool().getConnection()) {
            migration.store().recordVerification(c, outcome.summary());
        }
    }
}
