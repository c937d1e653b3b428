package io.partshift.pipeline.verify;

import io.partshift.pipeline.lock.LockHeld;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A source snapshot that matches a position in the change stream: every source change committed before
 * {@link #marker()} appears in the stream is visible in {@link #snapshot()}, and none after it (see
 * {@link ConsistentPointTaker} for why). Closing it ends the snapshot's transaction and closes its connection.
 */
public final class ConsistentPoint implements AutoCloseable {
    private final Connection snapshot;
    private final String marker;
    private final String snapshotText;
    private final LockHeld lock;
    private final long writesBlockedMillis;

    ConsistentPoint(Connection snapshot, String marker, String snapshotText, LockHeld lock, long writesBlockedMillis) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        this.marker = Objects.requireNonNull(marker, "marker");
        this.snapshotText = snapshotText;
        this.lock = lock;
        this.writesBlockedMillis = writesBlockedMillis;
    }

    /**
     * A source connection inside an open REPEATABLE READ READ ONLY transaction whose snapshot is pinned. Owned by this
     * point: do not commit, roll back or close it. An error in it aborts the transaction and the point with it.
     */
    public Connection snapshot() {
        return snapshot;
    }

    /** The marker written to the heartbeat row; the change stream delivers it right after the snapshot's changes. */
    public String marker() {
        return marker;
    }

    /** {@code pg_current_snapshot()} of the snapshot, {@code xmin:xmax:xip...}, for the log. */
    public String snapshotText() {
        return snapshotText;
    }

    /** How the SHARE lock was taken (attempts, wait). */
    public LockHeld lock() {
        return lock;
    }

    /**
     * How long the SHARE lock kept the application's writes to the source out: from the lock being granted until
     * the marker committed with it. Each lock attempt also queued writers for up to its lock_timeout while it waited.
     */
    public long writesBlockedMillis() {
        return writesBlockedMillis;
    }

    @Override
    public void close() throws SQLException {
        try {
            snapshot.rollback();
        } finally {
            snapshot.close();
        }
    }

    @Override
    public String toString() {
        return "consistent point " + marker + " (snapshot " + snapshotText + ", writes blocked " + writesBlockedMillis
                + " ms, lock taken on attempt " + lock.attempts() + " after " + lock.waitedMillis() + " ms)";
    }
}
