package io.partshift.pipeline;

import io.partshift.config.BadInputException;
import io.partshift.config.Names;
import io.partshift.config.TableRef;
import io.partshift.config.TargetSpec;
import io.partshift.pipeline.state.MigrationRecord;
import io.partshift.pipeline.state.MigrationStore;
import io.partshift.pipeline.state.Phase;
import io.partshift.pipeline.state.StateSchema;
import io.partshift.pipeline.stream.ReplicationSetup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code partshift abort}: stops a migration that has not cut over and removes everything it created (the
 * partshift sessions working on it, the slot, the publication, the shadow, the state rows). The source table is
 * never touched. Safe to repeat: what is gone already is skipped.
 */
public final class MigrationTeardown {
    private final TargetSpec target;
    private final Names names;

    public MigrationTeardown(TargetSpec target) {
        this.target = target;
        this.names = new Names(target.table(), target.stateSchema());
    }

    /** What was removed, one line each (empty when there was nothing). */
    public List<String> abort(Connection c) throws SQLException {
        MigrationStore store = new MigrationStore(new StateSchema(target.stateSchema()), names);
        Optional<MigrationRecord> record = store.read(c);
        if (record.isPresent() && (record.get().phase() == Phase.CUT_OVER || record.get().phase() == Phase.CUTTING_OVER)) {
            throw new BadInputException("the migration of " + target.table() + " has cut over, so its shadow is the"
                    + " live table now: use 'partshift rollback' to go back, or 'partshift finalize' to finish.");
        }
        List<String> removed = new ArrayList<>();
        int stopped = terminateSessions(c);
        if (stopped > 0) {
            removed.add("stopped " + stopped + " partshift session(s) working on " + target.table());
        }
        boolean hadSlot = slotExists(c, names.slot());
        boolean hadPublication = publicationExists(c, names.publication());
        new ReplicationSetup(names).drop(c);
        // A cutover that did not go through may have set up the reverse stream already; its slot would keep WAL.
        boolean hadReverse = slotExists(c, names.reverseSlot()) || publicationExists(c, names.reversePublication());
        new ReplicationSetup(io.partshift.pipeline.stream.StreamRoute.reverseObjects(names)).drop(c);
        if (hadReverse) {
            removed.add("dropped the reverse stream's slot " + names.reverseSlot() + " and publication "
                    + names.reversePublication());
        }
        if (hadSlot) {
            removed.add("dropped replication slot " + names.slot());
        }
        if (hadPublication) {
            removed.add("dropped publication " + names.publication());
        }
        TableRef shadow = names.shadow();
        if (isPartitionedTable(c, shadow)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = '10s'");
                s.execute("DROP TABLE " + shadow.sql());
                s.execute("RESET lock_timeout");
            }
            removed.add("dropped shadow table " + shadow + " and its partitions");
        }
        if (record.isPresent()) {
            store.delete(c);
            removed.add("removed the migration's state from " + target.stateSchema());
        }
        return removed;
    }

    /** Ends partshift's other sessions on this table (a running migrate, its copier and applier). */
    private int terminateSessions(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, SourceDatabase.applicationName(target.table().toString()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static boolean isPartitionedTable(Connection c, TableRef table) throws SQLException {
        // Only ever drop the partitioned shadow partshift made, never a plain table that happens to have its name.
        return exists(c, "SELECT 1 FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE n.nspname = ? AND r.relname = ? AND r.relkind = 'p'", table.schema(), table.name());
    }

    private static boolean slotExists(Connection c, String slot) throws SQLException {
        return exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", slot);
    }

    private static boolean publicationExists(Connection c, String publication) throws SQLException {
        return exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", publication);
    }

    private static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
