package io.partshift.partitioning.lifecycle;

import io.partshift.config.BadInputException;
import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Moving rows out of DEFAULT is a DELETE there and an INSERT into the new partition. A foreign key that references
 * the table would see the DELETE (ON DELETE CASCADE would delete the referencing rows; NO ACTION would fail) and the
 * table's row triggers would fire for rows nobody changed. When either exists, the move runs with
 * {@code session_replication_role = replica}, which turns both off for that transaction, and which only a superuser
 * or a role granted SET on that parameter may use.
 */
final class MoveSafety {
    private static final String REFERENCING_KEY = """
            SELECT con.conname, con.conrelid::regclass::text FROM pg_constraint con
             WHERE con.contype = 'f' AND con.confrelid IN (SELECT relid FROM pg_partition_tree(?::oid::regclass))
             LIMIT 1""";
    private static final String USER_TRIGGER = """
            SELECT tgname, tgrelid::regclass::text FROM pg_trigger
             WHERE tgrelid IN (SELECT relid FROM pg_partition_tree(?::oid::regclass)) AND NOT tgisinternal
             LIMIT 1""";

    private MoveSafety() {
    }

    /**
     * What a move out of {@code defaultPartition} would set off, e.g. "foreign key x of y references it"; empty when
     * the move touches nothing but the two partitions.
     */
    static Optional<String> sideEffects(Connection c, LiveParent root, LivePartition defaultPartition)
            throws SQLException {
        Optional<String> key = first(c, REFERENCING_KEY, root.oid());
        if (key.isPresent()) {
            return Optional.of("foreign key " + key.get() + " references " + root.name());
        }
        return first(c, USER_TRIGGER, defaultPartition.oid()).map(t -> "trigger " + t + " fires on its rows");
    }

    /** @throws BadInputException when the move needs replica mode and this role may not set it */
    static void requireReplicaRole(Connection c, TableRef defaultPartition, String sideEffect) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT has_parameter_privilege('session_replication_role', 'SET'), current_user");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new BadInputException("moving rows out of " + defaultPartition + " must not fire what the table"
                        + " sets off (" + sideEffect + "), which needs session_replication_role = replica: run maintain"
                        + " as a superuser, or GRANT SET ON PARAMETER session_replication_role TO "
                        + rs.getString(2) + ".");
            }
        }
    }

    private static Optional<String> first(Connection c, String sql, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1) + " of " + rs.getString(2)) : Optional.empty();
            }
        }
    }
}
