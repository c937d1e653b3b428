package io.partshift.pipeline.stream;

import io.partshift.config.Names;
import io.partshift.partitioning.catalog.CatalogReader;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.pipeline.state.StateSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * What the change source checks before it starts Debezium, because Debezium either hides the cause (it reports a
 * missing publication only once streaming starts) or does the wrong thing: started on a missing slot it would
 * create one, whose start point is later than the copier's, and lose every change in between.
 */
final class StreamPrecheck {
    private StreamPrecheck() {
    }

    /** Checks the forward stream of {@code names}; see {@link #check(Connection, StreamRoute, Duration)}. */
    static SourceTable check(Connection c, Names names, Duration slotWait) throws SQLException, InterruptedException {
        return check(c, StreamRoute.forward(names), slotWait);
    }

    /**
     * Checks the server, slot, publication and heartbeat row of {@code route}; returns the streamed table as the
     * catalog has it.
     */
    static SourceTable check(Connection c, StreamRoute route, Duration slotWait) throws SQLException, InterruptedException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW wal_level")) {
            rs.next();
            if (!"logical".equals(rs.getString(1))) {
                throw new IllegalStateException("wal_level is " + rs.getString(1) + " on the source, so it cannot stream"
                        + " changes: set wal_level = logical (ALTER SYSTEM SET wal_level = logical) and restart PostgreSQL");
            }
        }
        checkSlot(c, route, slotWait);
        checkPublication(c, route);
        StateSchema state = new StateSchema(route.stateSchema());
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + state.heartbeat() + " WHERE source = ?")) {
            ps.setString(1, route.heartbeatKey());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no heartbeat row for " + route.heartbeatKey() + " in "
                            + state.heartbeat() + ": set up the change stream (ReplicationSetup.create)");
                }
            }
        }
        SourceTable table = new CatalogReader(c).read(route.table()).orElseThrow(() -> new IllegalStateException(
                "table " + route.table() + " does not exist, so slot " + route.slot() + " has nothing to stream"));
        if (table.primaryKey().isEmpty()) {
            throw new IllegalStateException("table " + route.table() + " has no primary key, which the change"
                    + " stream needs to identify rows");
        }
        List<String> primaryKey = table.primaryKey().get().columns();
        if (!primaryKey.containsAll(route.keyColumns())) {
            throw new IllegalStateException("the change stream of " + route.table() + " identifies rows by "
                    + route.keyColumns() + ", but its primary key (which deletes carry) is " + primaryKey
                    + ": every key column must be part of it");
        }
        List<String> timetz = table.columns().stream().filter(col -> col.baseType().equals("timetz"))
                .map(Column::name).toList();
        if (!timetz.isEmpty()) {
            throw new IllegalStateException("column(s) " + timetz + " of " + route.table() + " are time with time zone:"
                    + " Debezium's decoding moves every value to UTC and drops its offset, so the target would hold"
                    + " different values; convert them to time or timestamptz before migrating");
        }
        return table;
    }

    /**
     * The publication must publish the table under its current name, and via the partition root exactly when the
     * route says so: a partitioned table published without it would send its changes under partition names, which
     * the stream does not know and would silently drop.
     */
    private static void checkPublication(Connection c, StreamRoute route) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.pubviaroot, EXISTS (SELECT 1 FROM pg_publication_tables t"
                + " WHERE t.pubname = p.pubname AND t.schemaname = ? AND t.tablename = ?)"
                + " FROM pg_publication p WHERE p.pubname = ?")) {
            ps.setString(1, route.table().schema());
            ps.setString(2, route.table().name());
            ps.setString(3, route.publication());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(2)) {
                    throw new IllegalStateException("publication " + route.publication() + " does not exist or does not"
                            + " publish " + route.table() + ": set up the change stream (ReplicationSetup.create)");
                }
                if (rs.getBoolean(1) != route.viaPartitionRoot()) {
                    throw new IllegalStateException("publication " + route.publication() + " publishes " + route.table()
                            + (rs.getBoolean(1) ? " via" : " not via") + " its partition root, but the stream expects"
                            + " the opposite: drop the stream and set it up again (ReplicationSetup.drop, create)");
                }
            }
        }
    }

    /**
     * The slot must exist (logical, pgoutput, this database) and be idle; a walsender of a previous run may still be
     * exiting, so an active slot is given {@code wait} to become free.
     */
    private static void checkSlot(Connection c, StreamRoute route, Duration wait) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try (PreparedStatement ps = c.prepareStatement("SELECT slot_type, plugin, database = current_database(),"
                    + " active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, route.slot());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("replication slot " + route.slot() + " does not exist: set up the"
                                + " change stream (ReplicationSetup.create) before starting it; starting without it"
                                + " would lose the changes made since the copy began");
                    }
                    if (!"logical".equals(rs.getString(1)) || !"pgoutput".equals(rs.getString(2)) || !rs.getBoolean(3)) {
                        throw new IllegalStateException("replication slot " + route.slot() + " is not a pgoutput logical"
                                + " slot of this database (type " + rs.getString(1) + ", plugin " + rs.getString(2)
                                + "): drop it and set up the change stream again");
                    }
                    int pid = rs.getInt(4);
                    if (rs.wasNull()) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("replication slot " + route.slot() + " is in use by process "
                                + pid + ": is another partshift streaming from it? Stop it, or end that process"
                                + " with SELECT pg_terminate_backend(" + pid + ")");
                    }
                }
            }
            Thread.sleep(100);
        }
    }
}
