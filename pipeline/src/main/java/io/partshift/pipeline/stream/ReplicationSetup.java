package io.partshift.pipeline.stream;

import io.partshift.config.Identifiers;
import io.partshift.config.Names;
import io.partshift.config.TableRef;
import io.partshift.pipeline.state.StateSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The server side of one change stream ({@link StreamRoute}): the heartbeat row, the publication and the logical
 * replication slot. The slot is created last, because its start point is the moment from which every change is
 * streamed and the copier must start after it (docs/design.md). Everything here runs in autocommit mode, one
 * statement at a time: PostgreSQL refuses to create a logical slot in a transaction that has written.
 */
public final class ReplicationSetup {
    private static final long DROP_WAIT_MS = 10_000;
    private static final long ADVANCE_WAIT_MS = 10_000;

    private final StreamRoute route;
    private final StateSchema state;

    /** The forward stream of {@code names} ({@link StreamRoute#forward}). */
    public ReplicationSetup(Names names) {
        this(StreamRoute.forward(Objects.requireNonNull(names, "names")));
    }

    public ReplicationSetup(StreamRoute route) {
        this.route = Objects.requireNonNull(route, "route");
        this.state = new StateSchema(route.stateSchema());
    }

    /** The migrated table and state schema this stream belongs to. */
    public Names names() {
        return new Names(route.table(), route.stateSchema());
    }

    public StreamRoute route() {
        return route;
    }

    /** This stream's row in the heartbeat table, also the key of its stored offsets. */
    String heartbeatKey() {
        return route.heartbeatKey();
    }

    /**
     * Creates the state schema, this stream's heartbeat row, the publication (the route's table + heartbeat table) and
     * then the logical slot (pgoutput). Clears offsets a dropped earlier stream left, since a new slot starts afresh. A
     * publication left by an interrupted earlier call is reused if it publishes exactly those two tables. Creating the
     * slot waits for transactions running at that moment to end: PostgreSQL needs a consistent start point.
     *
     * @throws IllegalStateException if the slot already exists (the stream is set up: resume it, or drop it first)
     *                               or the publication exists with other tables or another partition-root setting
     */
    public void create(Connection c) throws SQLException {
        create(c, route.table());
    }

    /**
     * As {@link #create(Connection)}, publishing {@code tableNow}: the route's table under the name it has at this
     * moment. The reverse stream is set up before the swap, while the partitioned table still has the shadow's name;
     * a publication holds its tables by OID, so after the rename it publishes the same table under the route's name.
     * With {@link StreamRoute#viaPartitionRoot()} the publication says {@code publish_via_partition_root = true}, so a
     * change to any partition arrives as a change of the root, and a row moved between partitions as a delete and an
     * insert of the root.
     */
    public void create(Connection c, TableRef tableNow) throws SQLException {
        Objects.requireNonNull(tableNow, "tableNow");
        withAutocommit(c, () -> {
            if (slotExists(c)) {
                throw new IllegalStateException("replication slot " + route.slot() + " already exists, so the change"
                        + " stream of " + route.table() + " is set up: resume it, or drop the slot first");
            }
            state.create(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + state.heartbeat()
                    + " (source) VALUES (?) ON CONFLICT (source) DO NOTHING")) {
                ps.setString(1, heartbeatKey());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + state.offsets() + " WHERE source = ?")) {
                ps.setString(1, heartbeatKey());
                ps.executeUpdate();
            }
            createPublication(c, tableNow);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT lsn::text FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
                ps.setString(1, route.slot());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            return null;
        });
    }

    private void createPublication(Connection c, TableRef tableNow) throws SQLException {
        Publication existing = publication(c);
        if (existing == null) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE PUBLICATION " + Identifiers.quote(route.publication()) + " FOR TABLE "
                        + tableNow.sql() + ", " + state.heartbeat()
                        + (route.viaPartitionRoot() ? " WITH (publish_via_partition_root = true)" : ""));
            }
            return;
        }
        List<String> wanted = List.of(tableNow.toString(), state.heartbeatRef().toString());
        if (!(existing.tables().size() == 2 && existing.tables().containsAll(wanted))
                || existing.viaRoot() != route.viaPartitionRoot()) {
            throw new IllegalStateException("publication " + route.publication() + " exists but publishes "
                    + existing.tables() + (existing.viaRoot() ? " via the partition root" : "") + " instead of " + wanted
                    + (route.viaPartitionRoot() ? " via the partition root" : "") + ": drop it (DROP PUBLICATION "
                    + Identifiers.quote(route.publication()) + ") and set up again");
        }
    }

    /**
     * Moves the slot's start point forward to {@code lsn}, so the stream skips every transaction that committed before
     * it. For the reverse stream: its slot is made before the swap, and what the forward applier wrote to the shadow
     * until the swap is already in the old table. Take {@code lsn} from {@link #currentWalLsn} inside the swap's
     * transaction, after the forward applier has finished, and advance after that transaction committed (the swap's
     * own commit comes later in the WAL, so nothing committed after the swap is skipped). Run it while nothing streams
     * from the slot. A slot already at or past {@code lsn} stays where it is, so a repeated call is harmless.
     *
     * @return the slot's confirmed position afterwards
     * @throws IllegalStateException when the slot does not exist, {@code lsn} is ahead of the server's WAL, or the
     *                               server does not flush its WAL up to {@code lsn} within 10 s
     */
    public long advanceSlot(Connection c, long lsn) throws SQLException {
        long deadline = System.currentTimeMillis() + ADVANCE_WAIT_MS;
        while (true) {
            long confirmed = confirmedFlushLsn(c).orElseThrow(() -> new IllegalStateException("replication slot "
                    + route.slot() + " does not exist, so it cannot be advanced to " + Lsn.format(lsn)
                    + ": set up the stream first (ReplicationSetup.create)"));
            if (confirmed >= lsn) {
                return confirmed;
            }
            long written = currentWalLsn(c);
            if (lsn > written) {
                throw new IllegalStateException("cannot advance replication slot " + route.slot() + " to "
                        + Lsn.format(lsn) + ": the server has written WAL only up to " + Lsn.format(written)
                        + " (take the position from ReplicationSetup.currentWalLsn on this server)");
            }
            // The server advances at most to WAL it has flushed; with synchronous_commit off a commit can still be in
            // the WAL buffers for a moment, so advancing is repeated until the slot stands at lsn.
            try (PreparedStatement ps = c.prepareStatement("SELECT (end_lsn - '0/0'::pg_lsn)::bigint"
                    + " FROM pg_replication_slot_advance(?, ?::pg_lsn)")) {
                ps.setString(1, route.slot());
                ps.setString(2, Lsn.format(lsn));
                ps.executeQuery().close();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("replication slot " + route.slot() + " did not reach "
                        + Lsn.format(lsn) + " within " + ADVANCE_WAIT_MS / 1000 + " s (it stands at "
                        + Lsn.format(confirmedFlushLsn(c).orElse(0)) + "): the server has not flushed its WAL that"
                        + " far; check that it is not stuck (pg_stat_wal, disk space) and advance again");
            }
            sleep(20);
        }
    }

    /**
     * The server's current WAL insert position, for {@link #advanceSlot}. The insert position rather than
     * {@code pg_current_wal_lsn()} (the write position): a commit made with {@code synchronous_commit = off} can be
     * inserted but not yet written, and must still count as before the swap.
     */
    public static long currentWalLsn(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Whether the stream is set up: the slot exists (it is created last). */
    public boolean exists(Connection c) throws SQLException {
        return slotExists(c);
    }

    /**
     * Drops the slot (ending the walsender that reads it, if any), the publication, this stream's heartbeat row and
     * stored offsets. Safe to repeat; what is already gone is skipped. The other direction's stream is not touched.
     */
    public void drop(Connection c) throws SQLException {
        withAutocommit(c, () -> {
            dropSlot(c);
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION IF EXISTS " + Identifiers.quote(route.publication()));
            }
            if (tableExists(c, state.heartbeatRef())) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + state.heartbeat() + " WHERE source = ?")) {
                    ps.setString(1, heartbeatKey());
                    ps.executeUpdate();
                }
            }
            if (tableExists(c, new TableRef(state.name(), "offsets"))) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + state.offsets() + " WHERE source = ?")) {
                    ps.setString(1, heartbeatKey());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private void dropSlot(Connection c) throws SQLException {
        long deadline = System.currentTimeMillis() + DROP_WAIT_MS;
        while (true) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                            + " WHERE slot_name = ? AND active_pid IS NOT NULL")) {
                ps.setString(1, route.slot());
                ps.executeQuery().close();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name)"
                    + " FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, route.slot());
                ps.executeQuery().close();
                return;
            } catch (SQLException e) {
                // 55006 object_in_use: the terminated walsender has not exited yet, or a reader reconnected.
                if (!"55006".equals(e.getSQLState()) || System.currentTimeMillis() > deadline) {
                    throw new SQLException("could not drop replication slot " + route.slot() + ": " + e.getMessage()
                            + " (is another partshift process streaming from it?)", e.getSQLState(), e);
                }
            }
            sleep(100);
        }
    }

    /** WAL the slot keeps on the source's disk (from its restart LSN to the current WAL position); empty without a slot. */
    public OptionalLong retainedWalBytes(Connection c) throws SQLException {
        return slotNumber(c, "pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint");
    }

    /** The LSN up to which the stream's reader has confirmed everything, so WAL before it can go; empty without a slot. */
    public OptionalLong confirmedFlushLsn(Connection c) throws SQLException {
        return slotNumber(c, "(confirmed_flush_lsn - '0/0'::pg_lsn)::bigint");
    }

    /** Bumps this stream's heartbeat row: the change moves the stream's position even when its table is quiet. */
    public void beat(Connection c) throws SQLException {
        updateHeartbeat(c, null);
    }

    /**
     * Writes {@code marker} into this stream's heartbeat row; it comes back in {@link ChangeBatch#markers()} once the
     * stream has delivered everything committed before it (catch-up proof). Commits with the caller's transaction.
     */
    public void mark(Connection c, String marker) throws SQLException {
        updateHeartbeat(c, Objects.requireNonNull(marker, "marker"));
    }

    private void updateHeartbeat(Connection c, String marker) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + state.heartbeat()
                + " SET beat = beat + 1, marker = ?, at = now() WHERE source = ?")) {
            ps.setString(1, marker);
            ps.setString(2, heartbeatKey());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no heartbeat row for " + heartbeatKey() + " in " + state.heartbeat()
                        + ": set up the change stream first (ReplicationSetup.create)");
            }
        }
    }

    /** The beat as one SQL text, for Debezium's heartbeat.action.query. A beat clears the marker, so it is seen once. */
    String heartbeatStatement() {
        return "UPDATE " + state.heartbeat() + " SET beat = beat + 1, marker = NULL, at = now() WHERE source = "
                + Identifiers.literal(heartbeatKey());
    }

    private OptionalLong slotNumber(Connection c, String expression) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + expression + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, route.slot());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                long value = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
            }
        }
    }

    private boolean slotExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, route.slot());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A publication as the catalog has it: its tables as {@code schema.table}, and whether it publishes via the root. */
    private record Publication(List<String> tables, boolean viaRoot) {
    }

    /** The route's publication, or null when it does not exist. */
    private Publication publication(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.pubviaroot, t.schemaname, t.tablename"
                + " FROM pg_publication p LEFT JOIN pg_publication_tables t ON t.pubname = p.pubname"
                + " WHERE p.pubname = ?")) {
            ps.setString(1, route.publication());
            try (ResultSet rs = ps.executeQuery()) {
                List<String> tables = null;
                boolean viaRoot = false;
                while (rs.next()) {
                    tables = tables == null ? new ArrayList<>() : tables;
                    viaRoot = rs.getBoolean(1);
                    if (rs.getString(2) != null) {
                        tables.add(rs.getString(2) + "." + rs.getString(3));
                    }
                }
                return tables == null ? null : new Publication(tables, viaRoot);
            }
        }
    }

    private static boolean tableExists(Connection c, TableRef table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private interface SqlWork {
        Void run() throws SQLException;
    }

    /** Refuses a connection in a transaction rather than committing the caller's work by switching autocommit on. */
    private static void withAutocommit(Connection c, SqlWork work) throws SQLException {
        if (!c.getAutoCommit()) {
            throw new IllegalArgumentException("replication setup needs a connection in autocommit mode: PostgreSQL"
                    + " cannot create a logical replication slot in a transaction that has written");
        }
        work.run();
    }

    private void sleep(long ms) throws SQLException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for replication slot " + route.slot(), e);
        }
    }
}
