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

    /** Checks the server, slot, publication and heartbeat row; returns the source table as the catalog has it. */
    static SourceTable check(Connection c, Names names, Duration slotWait) throws SQLException, InterruptedException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW wal_level")) {
            rs.next();
            if (!"logical".equals(rs.getString(1))) {
                throw new IllegalStateException("wal_level is " + rs.getString(1) + " on the source, so it cannot stream"
                        + " changes: set wal_level = logical (ALTER SYSTEM SET wal_level = logical) and restart PostgreSQL");
            }
        }
        checkSlot(c, names, slotWait);
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication_tables"
                + " WHERE pubname = ? AND schemaname = ? AND tablename = ?")) {
            ps.setString(1, names.publication());
            ps.setString(2, names.source().schema());
            ps.setString(3, names.source().name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("publication " + names.publication() + " does not exist or does not"
                            + " publish " + names.source() + ": set up the change stream (ReplicationSetup.create)");
                }
            }
        }
        StateSchema state = new StateSchema(names.stateSchema());
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + state.heartbeat() + " WHERE source = ?")) {
            ps.setString(1, names.source().toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no heartbeat row for " + names.source() + " in " + state.heartbeat()
                            + ": set up the change stream (ReplicationSetup.create)");
                }
            }
        }
        SourceTable table = new CatalogReader(c).read(names.source()).orElseThrow(() -> new IllegalStateException(
                "source table " + names.source() + " does not exist"));
        if (table.primaryKey().isEmpty()) {
            throw new IllegalStateException("source table " + names.source() + " has no primary key, which the change"
                    + " stream needs to identify rows");
        }
        List<String> timetz = table.columns().stream().filter(col -> col.baseType().equals("timetz"))
                .map(Column::name).toList();
        if (!timetz.isEmpty()) {
            throw new IllegalStateException("column(s) " + timetz + " of " + names.source() + " are time with time zone:"
                    + " Debezium's decoding moves every value to UTC and drops its offset, so the shadow would hold"
                    + " different values; convert them to time or timestamptz before migrating");
        }
        return table;
    }

    /**
     * The slot must exist (logical, pgoutput, this database) and be idle; a walsender of a previous run may still be
     * exiting, so an active slot is given {@code wait} to become free.
     */
    private static void checkSlot(Connection c, Names names, Duration wait) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try (PreparedStatement ps = c.prepareStatement("SELECT slot_type, plugin, database = current_database(),"
                    + " active_pid FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, names.slot());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("replication slot " + names.slot() + " does not exist: set up the"
                                + " change stream (ReplicationSetup.create) before starting it; starting without it"
                                + " would lose the changes made since the copy began");
                    }
                    if (!"logical".equals(rs.getString(1)) || !"pgoutput".equals(rs.getString(2)) || !rs.getBoolean(3)) {
                        throw new IllegalStateException("replication slot " + names.slot() + " is not a pgoutput logical"
                                + " slot of this database (type " + rs.getString(1) + ", plugin " + rs.getString(2)
                                + "): drop it and set up the change stream again");
                    }
                    int pid = rs.getInt(4);
                    if (rs.wasNull()) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("replication slot " + names.slot() + " is in use by process "
                                + pid + ": is another partshift streaming this table? Stop it, or end that process"
                                + " with SELECT pg_terminate_backend(" + pid + ")");
                    }
                }
            }
            Thread.sleep(100);
        }
    }
}
