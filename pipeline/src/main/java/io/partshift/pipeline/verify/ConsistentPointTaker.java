package io.partshift.pipeline.verify;

import io.partshift.config.TableRef;
import io.partshift.pipeline.lock.BoundedLock;
import io.partshift.pipeline.lock.LockHeld;
import io.partshift.pipeline.lock.LockMode;
import io.partshift.pipeline.lock.LockNotAcquiredException;
import io.partshift.pipeline.stream.ReplicationSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Takes a {@link ConsistentPoint}: a source snapshot and a change-stream marker that mark the same moment.
 *
 * <ol>
 *   <li>Connection A locks the source in SHARE mode ({@link BoundedLock}): the lock is granted only once every
 *       transaction that wrote the source has ended, and keeps new writers out (readers go on).</li>
 *   <li>Connection B, in a REPEATABLE READ READ ONLY transaction prepared before the lock, runs its first query,
 *       which pins its snapshot.</li>
 *   <li>A writes the marker into the heartbeat row ({@link ReplicationSetup#mark}), which is published with the
 *       source, and commits: the marker commits and the lock goes at the same moment.</li>
 * </ol>
 *
 * <p>Why the snapshot and the marker agree. Every source write visible in the snapshot committed before B's snapshot
 * was taken, so before the marker committed: the stream, which delivers in commit order, delivers it before the
 * marker. Every source write not visible in the snapshot committed after it was taken; as none can commit while A
 * holds the lock (granted before the snapshot was taken, held until the marker's commit), it committed after the
 * lock went, so after the marker: the stream delivers it after the marker. PostgreSQL releases a transaction's locks
 * only after its commit is in the WAL and visible, so "after the lock went" is "after the marker" in both the
 * snapshot's and the stream's order. An applier that stops exactly at the marker leaves shadow = snapshot.
 *
 * <p>Writers are kept out for the snapshot query, the marker's update and one commit: a few milliseconds.
 */
public final class ConsistentPointTaker {
    private static final Logger log = LoggerFactory.getLogger(ConsistentPointTaker.class);

    private final DataSource source;
    private final ReplicationSetup replication;
    private final BoundedLock lock;

    /**
     * @param source      where the source table is; A and B come from it, B is kept by the point (with the lock's
     *                    monitor connection, three at once while the point is taken)
     * @param replication the change stream's setup, whose heartbeat row carries the marker
     * @param lock        how the SHARE lock is taken (timeouts, attempts, cancelling blockers)
     */
    public ConsistentPointTaker(DataSource source, ReplicationSetup replication, BoundedLock lock) {
        this.source = Objects.requireNonNull(source, "source");
        this.replication = Objects.requireNonNull(replication, "replication");
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** With a marker of the form {@code partshift-verify-<uuid>}. */
    public ConsistentPoint take() throws SQLException, LockNotAcquiredException, InterruptedException {
        return take("partshift-verify-" + UUID.randomUUID());
    }

    /**
     * @throws LockNotAcquiredException when the source could not be locked; nothing was written then
     */
    public ConsistentPoint take(String marker) throws SQLException, LockNotAcquiredException, InterruptedException {
        return take(marker, lsn -> { });
    }

    /**
     * Like {@link #take(String)}, and tells {@code underLock} a WAL position read while the lock is held, after the
     * snapshot was pinned and before the marker: every source change the snapshot sees lies before it, every later
     * one after it. An applier armed with it before the marker is written can stop exactly between the two.
     */
    public ConsistentPoint take(String marker, java.util.function.LongConsumer underLock)
            throws SQLException, LockNotAcquiredException, InterruptedException {
        Objects.requireNonNull(marker, "marker");
        TableRef table = replication.names().source();
        Connection b = source.getConnection();
        try {
            prepareSnapshot(b);
            LockHeld held;
            String snapshotText;
            long blocked;
            try (Connection a = source.getConnection()) {
                try {
                    held = lock.acquire(a, List.of(table), LockMode.SHARE);
                    snapshotText = pinSnapshot(b);
                    underLock.accept(ReplicationSetup.currentWalLsn(a));
                    replication.mark(a, marker);
                    a.commit();
                    blocked = (System.nanoTime() - held.acquiredAtNanos()) / 1_000_000;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(a, e);
                    throw e;
                } finally {
                    a.setAutoCommit(true);
                }
            }
            ConsistentPoint point = new ConsistentPoint(b, marker, snapshotText, held, blocked);
            log.info("consistent point of {}: marker {} committed with snapshot {}; source writes were blocked for {} ms"
                    + " (SHARE lock granted on attempt {} after {} ms)", table, marker, snapshotText, blocked,
                    held.attempts(), held.waitedMillis());
            return point;
        } catch (SQLException | LockNotAcquiredException | InterruptedException | RuntimeException e) {
            try {
                b.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Begins B's transaction without taking its snapshot yet: SET statements need none, so the snapshot is taken by
     * the first query, after the lock. The snapshot must survive the whole verification, however the server limits
     * idle transactions.
     */
    private static void prepareSnapshot(Connection b) throws SQLException {
        b.setAutoCommit(false);
        try (Statement s = b.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
        }
    }

    private static String pinSnapshot(Connection b) throws SQLException {
        try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_snapshot()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
