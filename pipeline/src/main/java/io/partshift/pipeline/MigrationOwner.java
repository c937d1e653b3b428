package io.partshift.pipeline;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one process that runs a table's migration: it holds a session advisory lock for as long as it lives. Two
 * {@code migrate} runs on one table would fight over the slot and the shadow; and {@code cutover}, {@code rollback}
 * and {@code finalize} must know whether a running process owns the change stream (then they ask it) or not (then they
 * act themselves). The lock dies with its connection, so a killed process never leaves it behind.
 */
public final class MigrationOwner implements AutoCloseable {
    /** First key of partshift's advisory locks ('part'); the second is the hash of the table's name. */
    private static final int NAMESPACE = 0x70617274;

    private final Connection connection;

    private MigrationOwner(Connection connection) {
        this.connection = connection;
    }

    /** Becomes the owner of {@code names.source()}'s migration, or empty when another process is. */
    public static Optional<MigrationOwner> tryAcquire(ConnectionSpec spec, Names names) throws SQLException {
        java.util.Properties p = spec.jdbcProperties();
        // Not the name abort ends (partshift <table>): a process clearing a rolled-back run must keep its lock.
        p.setProperty("ApplicationName", SourceDatabase.applicationName("owner " + names.source()));
        Connection c = DriverManager.getConnection(spec.url(), p);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            ps.setInt(1, NAMESPACE);
            ps.setString(2, names.source().toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(new MigrationOwner(c));
                }
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        c.close();
        return Optional.empty();
    }

    /** The backend pid of the session holding {@code names.source()}'s owner lock, when some process holds it. */
    public static OptionalInt holderPid(Connection c, Names names) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                + " AND granted AND classid = ?::oid AND objid = hashtext(?)::oid AND objsubid = 2"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            ps.setLong(1, NAMESPACE);
            ps.setString(2, names.source().toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing the session releases the lock whatever the driver reports
        }
    }
}
