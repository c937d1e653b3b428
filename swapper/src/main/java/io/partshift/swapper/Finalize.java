package io.partshift.swapper;

import io.partshift.config.Identifiers;
import io.partshift.config.Names;
import io.partshift.config.TargetSpec;
import io.partshift.pipeline.state.MigrationStore;
import io.partshift.pipeline.state.Phase;
import io.partshift.pipeline.state.StateSchema;
import io.partshift.pipeline.stream.ReplicationSetup;
import io.partshift.pipeline.stream.StreamRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ends a cut-over migration for good: the reverse stream's slot and publication go (they retain WAL for as long as
 * they exist), then the old table (unless kept), then the state. After this a rollback is no longer possible. Run by
 * the process that owns the migration, after the reverse stream stopped. Safe to repeat.
 */
public final class Finalize {
    private static final Logger LOG = LoggerFactory.getLogger(Finalize.class);

    private final TargetSpec target;
    private final Names names;
    private final boolean keepOld;

    public Finalize(TargetSpec target, boolean keepOld) {
        this.target = Objects.requireNonNull(target, "target");
        this.names = new Names(target.table(), target.stateSchema());
        this.keepOld = keepOld;
    }

    /** What was removed or kept, one line each. */
    public List<String> run(Connection c) throws SQLException {
        MigrationStore store = new MigrationStore(new StateSchema(target.stateSchema()), names);
        Phase phase = store.read(c).map(r -> r.phase()).orElseThrow(() -> new io.partshift.config.BadInputException(
                "there is no migration of " + target.table() + " to finalize: 'partshift status --table "
                        + target.table() + "' shows what partshift has for it."));
        if (phase != Phase.CUT_OVER) {
            throw new io.partshift.config.BadInputException("the migration of " + target.table() + " is "
                    + phase.name().toLowerCase(java.util.Locale.ROOT) + ", not cut over: finalize only ends a cut-over"
                    + " migration (use 'partshift abort' to remove one that has not cut over).");
        }
        List<String> done = new ArrayList<>();
        new ReplicationSetup(StreamRoute.reverseObjects(names)).drop(c);
        done.add("dropped the reverse stream's slot " + names.reverseSlot() + " and publication "
                + names.reversePublication());
        new ReplicationSetup(names).drop(c);
        if (keepOld) {
            done.add("kept the old table " + names.old() + " (its user triggers stay disabled; drop it when done)");
        } else if (tableExists(c, names.old())) {
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = '10s'");
                s.execute("DROP TABLE " + names.old().sql());
                s.execute("RESET lock_timeout");
            }
            done.add("dropped the old table " + names.old());
        }
        store.delete(c);
        done.add("removed the migration's state from " + Identifiers.quote(target.stateSchema()));
        done.forEach(line -> LOG.info("finalize {}: {}", target.table(), line));
        return done;
    }

    private static boolean tableExists(Connection c, io.partshift.config.TableRef table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
