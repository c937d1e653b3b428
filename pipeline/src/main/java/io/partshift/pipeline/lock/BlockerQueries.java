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
        String call = terminate ? "pg_terminate_backend(a.pid, ?)" : "pg_cancel_backend(a.pid)";
        String sql = "SELECT " + call + " FROM pg_stat_activity a WHERE a.pid = ?"
                + (blocker.backendStart().isPresent() ? " AND a.backend_start = ?" : "");
        try (PreparedStatement ps = monitor.prepareStatement(sql)) {
            int i = 1;
            if (terminate) {
                ps.setLong(i++, terminateWaitMillis);
            }
            ps.setInt(i++, blocker.pid());
            if (blocker.backendStart().isPresent()) {
                ps.setObject(i, blocker.backendStart().get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "already gone";
                }
                boolean done = rs.getBoolean(1);
                if (terminate) {
                    return done ? "terminated" : "termination requested, not yet confirmed after "
                            + terminateWaitMillis + " ms";
                }
                return done ? "statement cancelled" : "cancel request not delivered";
            }
        }
    }
}
