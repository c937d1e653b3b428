package io.partshift.pipeline.lock;

import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** What the monitor connection asks and does besides watching: who holds the tables, and ending a blocker. */
final class BlockerQueries {
    /**
     * Sessions holding a lock that conflicts with {@code mode} on the tables or their partitions, in transactions that
     * began before the failed attempt did: the fallback when the watcher saw nothing (a lock timeout shorter than
     * its poll interval). The age filter leaves out writers that queued behind the attempt and were granted their
     * locks when it timed out; such a writer that had begun its transaction earlier is named too, and it does hold a
     * conflicting lock now.
     */
    private static final String HOLDERS = "SELECT DISTINCT ON (a.pid) " + Blocker.COLUMNS
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.granted AND l.locktype = 'relation'"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND l.relation IN (SELECT r.name::regclass FROM unnest(?::text[]) r(name)"
            + " UNION ALL SELECT t.relid FROM unnest(?::text[]) r(name), pg_partition_tree(r.name::regclass) t)"
            + " AND l.mode = ANY (?::text[]) AND l.pid <> ? AND a.xact_start < ?"
            + " ORDER BY a.pid";

    private BlockerQueries() {
    }

    static List<Blocker> holders(Connection monitor, List<TableRef> tables, LockMode mode, int ownPid,
                                 OffsetDateTime attemptStart) throws SQLException {
        Object[] names = tables.stream().map(TableRef::sql).toArray();
        try (PreparedStatement ps = monitor.prepareStatement(HOLDERS)) {
            ps.setArray(1, monitor.createArrayOf("text", names));
            ps.setArray(2, monitor.createArrayOf("text", names));
            ps.setArray(3, monitor.createArrayOf("text", mode.conflictingModes().toArray()));
            ps.setInt(4, ownPid);
            ps.setObject(5, attemptStart);
            List<Blocker> holders = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holders.add(Blocker.read(rs));
                }
            }
            return holders;
        }
    }

    /**
     * Ends what {@code blocker} is doing: a session idle in its transaction has no statement to cancel, so it is
     * terminated (its transaction rolls back and its locks go); an active one has its statement cancelled, which
     * aborts its transaction and releases its locks too, while its connection lives on. The pid must still belong to
     * the same session (same backend start), or nothing is done.
     *
     * @return what was done, for the log, e.g. {@code terminated} or {@code already gone}
     */
    static String end(Connection monitor, Blocker blocker, long terminateWaitMillis) throws SQLException {
        boolean terminate = blocker.idleInTransaction();
        // pg_terminate_backend waits for the end itself from PostgreSQL 14 on; on 13 we wait for the pid to go.
        boolean serverWaits = monitor.getMetaData().getDatabaseMajorVersion() >= 14;
        String call = !terminate ? "pg_cancel_backend(a.pid)"
                : serverWaits ? "pg_terminate_backend(a.pid, ?)" : "pg_terminate_backend(a.pid)";
        String sql = "SELECT " + call + " FROM pg_stat_activity a WHERE " + samePid(blocker);
        try (PreparedStatement ps = monitor.prepareStatement(sql)) {
            int i = 1;
            if (terminate && serverWaits) {
                ps.setLong(i++, terminateWaitMillis);
            }
            bindSamePid(ps, i, blocker);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "already gone";
                }
                boolean done = rs.getBoolean(1);
                if (!terminate) {
                    return done ? "statement cancelled" : "cancel request not delivered";
                }
                if (done && !serverWaits) {
                    done = awaitGone(monitor, blocker, terminateWaitMillis);
                }
                return done ? "terminated" : "termination requested, not yet confirmed after " + terminateWaitMillis
                        + " ms";
            }
        }
    }

    /** The pid, and the backend start when known, so a pid reused by a new session never matches. */
    private static String samePid(Blocker blocker) {
        return "a.pid = ?" + (blocker.backendStart().isPresent() ? " AND a.backend_start = ?" : "");
    }

    private static void bindSamePid(PreparedStatement ps, int index, Blocker blocker) throws SQLException {
        ps.setInt(index, blocker.pid());
        if (blocker.backendStart().isPresent()) {
            ps.setObject(index + 1, blocker.backendStart().get());
        }
    }

    private static boolean awaitGone(Connection monitor, Blocker blocker, long waitMillis) throws SQLException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        try (PreparedStatement ps = monitor.prepareStatement("SELECT 1 FROM pg_stat_activity a WHERE "
                + samePid(blocker))) {
            bindSamePid(ps, 1, blocker);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return true;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
