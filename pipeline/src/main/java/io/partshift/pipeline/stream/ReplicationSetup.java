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
 * The server side of a change stream: the heartbeat row, the publication and the logical replication slot for one
 * source table. The slot is created last, because its start point is the moment from which every change is
 * streamed and the copier must start after it (docs/design.md). Everything here runs in autocommit mode, one
 * statement at a time: PostgreSQL refuses to create a logical slot in a transaction that has written.
 */
public final class ReplicationSetup {
    private static final long DROP_WAIT_MS = 10_000;

    private final Names names;
    private final StateSchema state;

    public ReplicationSetup(Names names) {
        this.names = Objects.requireNonNull(names, "names");
        this.state = new StateSchema(names.stateSchema());
    }

    public Names names() {
        return names;
    }

    /** The heartbeat row's key for this source, {@code schema.table}. */
    String heartbeatKey() {
        return names.source().toString();
    }

    /**
     * Creates the state schema, this source's heartbeat row, the publication (source + heartbeat table) and then the
     * logical slot (pgoutput). Clears offsets a dropped earlier stream left, since a new slot starts afresh. A
     * publication left by an interrupted earlier call is reused if it publishes exactly those two tables. Creating the
     * slot waits for transactions running at that moment to end: PostgreSQL needs a consistent start point.
     *
     * @throws IllegalStateException if the slot already exists (the stream is set up: resume it, or drop it first)
     *                               or the publication exists with other tables
     */
    public void create(Connection c) throws SQLException {
        withAutocommit(c, () -> {
            if (slotExists(c)) {
                throw new IllegalStateException("replication slot " + names.slot() + " already exists, so the change"
                        + " stream for " + names.source() + " is set up: resume the migration, or drop the slot first");
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
            createPublication(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT lsn::text FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
                ps.setString(1, names.slot());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            return null;
        });
    }

    private void createPublication(Connection c) throws SQLException {
        List<String> tables = publishedTables(c);
        if (tables == null) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE PUBLICATION " + Identifiers.quote(names.publication()) + " FOR TABLE "
                        + names.source().sql() + ", " + state.heartbeat());
            }
            return;
        }
        List<String> wanted = List.of(names.source().toString(), state.heartbeatRef().toString());
        if (!(tables.size() == 2 && tables.containsAll(wanted))) {
            throw new IllegalStateException("publication " + names.publication() + " exists but publishes " + tables
                    + " instead of " + wanted + ": drop it (DROP PUBLICATION " + Identifiers.quote(names.publication())
                    + ") and set up again");
        }
    }

    /** Whether the stream is set up: the slot exists (it is created last). */
    public boolean exists(Connection c) throws SQLException {
        return slotExists(c);
    }

    /**
     * Drops the slot (ending the walsender that reads it, if any), the publication, this source's heartbeat row and
     * stored offsets. Safe to repeat; what is already gone is skipped.
     */
    public void drop(Connection c) throws SQLException {
        withAutocommit(c, () -> {
            dropSlot(c);
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION IF EXISTS " + Identifiers.quote(names.publication()));
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
                ps.setString(1, names.slot());
                ps.executeQuery().close();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name)"
                    + " FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, names.slot());
                ps.executeQuery().close();
                return;
            } catch (SQLException e) {
                // 55006 object_in_use: the terminated walsender has not exited yet, or a reader reconnected.
                if (!"55006".equals(e.getSQLState()) || System.currentTimeMillis() > deadline) {
                    throw new SQLException("could not drop replication slot " + names.slot() + ": " + e.getMessage()
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

    /** Bumps this source's heartbeat row: the change moves the stream's position even when the source is quiet. */
    public void beat(Connection c) throws SQLException {
        updateHeartbeat(c, null);
    }

    /**
     * Writes {@code marker} into this source's heartbeat row; it comes back in {@link ChangeBatch#markers()} once the
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
            ps.setString(1, names.slot());
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
            ps.setString(1, names.slot());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The tables the publication publishes as {@code schema.table}, or null when it does not exist. */
    private List<String> publishedTables(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.pubname, t.schemaname, t.tablename FROM pg_publication p"
                + " LEFT JOIN pg_publication_tables t ON t.pubname = p.pubname WHERE p.pubname = ?")) {
            ps.setString(1, names.publication());
            try (ResultSet rs = ps.executeQuery()) {
                List<String> tables = null;
                while (rs.next()) {
                    tables = tables == null ? new ArrayList<>() : tables;
                    if (rs.getString(2) != null) {
                        tables.add(rs.getString(2) + "." + rs.getString(3));
                    }
                }
                return tables;
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

    private static void sleep(long ms) throws SQLException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a walsender to exit", e);
        }
    }
}
