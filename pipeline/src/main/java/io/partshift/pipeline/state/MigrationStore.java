package io.partshift.pipeline.state;

import io.partshift.config.Names;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes the migrations table: the persisted state machine. Every phase change goes through
 * {@link #moveTo}, which refuses transitions {@link Phase} does not allow.
 */
public final class MigrationStore {
    private final StateSchema schema;
    private final String source;

    public MigrationStore(StateSchema schema, Names names) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.source = names.source().toString();
    }

    /** Creates the row for a new migration in phase PREPARED. */
    public void create(Connection c, Names names, String planJson, long estimatedRows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema.migrations()
                + " (source, phase, shadow, slot, publication, plan, estimated_rows) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)")) {
            ps.setString(1, source);
            ps.setString(2, Phase.PREPARED.name());
            ps.setString(3, names.shadow().toString());
            ps.setString(4, names.slot());
            ps.setString(5, names.publication());
            ps.setString(6, planJson);
            ps.setLong(7, estimatedRows);
            ps.executeUpdate();
        }
    }

    /** The migration's row, or empty when there is none (or no state schema yet). */
    public Optional<MigrationRecord> read(Connection c) throws SQLException {
        if (!schemaExists(c)) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT *, last_applied_lsn::text AS lsn FROM "
                + schema.migrations() + " WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new MigrationRecord(rs.getString("source"), Phase.valueOf(rs.getString("phase")),
                        rs.getString("shadow"), rs.getString("slot"), rs.getString("publication"),
                        rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                        rs.getTimestamp("phase_started_at").toInstant(), rs.getLong("copied_rows"),
                        rs.getLong("estimated_rows"), rs.getLong("applied_events"),
                        Optional.ofNullable(rs.getString("lsn")), instant(rs.getTimestamp("last_applied_commit")),
                        instant(rs.getTimestamp("converged_at")),
                        Optional.ofNullable((Long) rs.getObject("cutover_ms", Long.class)),
                        Optional.ofNullable(rs.getString("error")), rs.getString("plan"),
                        instant(rs.getTimestamp("verified_at")), Optional.ofNullable(rs.getString("verification")),
                        instant(rs.getTimestamp("cutover_at")),
                        Optional.ofNullable((Long) rs.getObject("rollback_ms", Long.class))));
            }
        }
    }

    /**
     * Moves to {@code next}, checking the transition against the stored phase in the same statement.
     *
     * @throws IllegalStateException when the stored phase does not allow it (someone else moved it, or a bug)
     */
    public void moveTo(Connection c, Phase next, String error) throws SQLException {
        Phase current = read(c).orElseThrow(() -> new IllegalStateException("no migration of " + source
                + " in " + schema.migrations())).phase();
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException("migration of " + source + " cannot go from " + current + " to " + next);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.migrations() + " SET phase = ?,"
                + " phase_started_at = CASE WHEN phase = ? THEN phase_started_at ELSE now() END,"
                + " converged_at = CASE WHEN ? = 'CONVERGED' THEN coalesce(converged_at, now()) ELSE converged_at END,"
                + " error = ?, updated_at = now() WHERE source = ? AND phase = ?")) {
            ps.setString(1, next.name());
            ps.setString(2, next.name());
            ps.setString(3, next.name());
            ps.setString(4, error);
            ps.setString(5, source);
            ps.setString(6, current.name());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("migration of " + source + " changed phase concurrently while moving to " + next);
            }
        }
    }

    /** Records how many ms writes were blocked at the swap, and when it committed. */
    public void recordCutover(Connection c, long millis) throws SQLException {
        update(c, "cutover_ms = ?, cutover_at = now()", millis);
    }

    /** Records how many ms writes were blocked when the swap was reversed. */
    public void recordRollback(Connection c, long millis) throws SQLException {
        update(c, "rollback_ms = ?", millis);
    }

    /** Records a data verification's outcome (one line for status and the log). */
    public void recordVerification(Connection c, String outcome) throws SQLException {
        update(c, "verification = ?, verified_at = now()", outcome);
    }

    /**
     * Records an error without leaving the phase: after cutover the phase says which table serves the application,
     * which a failure of the reverse stream must not overwrite.
     */
    public void recordError(Connection c, String error) throws SQLException {
        update(c, "error = ?", error);
    }

    private void update(Connection c, String set, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.migrations()
                + " SET " + set + ", updated_at = now() WHERE source = ?")) {
            ps.setObject(1, value);
            ps.setString(2, source);
            ps.executeUpdate();
        }
    }

    /** Records progress counters; cheap, called by the lag monitor at every report. */
    public void recordProgress(Connection c, long copiedRows, long appliedEvents, Optional<String> lastLsn,
                               Optional<java.time.Instant> lastCommit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.migrations() + " SET copied_rows = ?,"
                + " applied_events = ?, last_applied_lsn = coalesce(?::pg_lsn, last_applied_lsn),"
                + " last_applied_commit = coalesce(?, last_applied_commit), updated_at = now() WHERE source = ?")) {
            ps.setLong(1, copiedRows);
            ps.setLong(2, appliedEvents);
            ps.setString(3, lastLsn.orElse(null));
            ps.setTimestamp(4, lastCommit.map(Timestamp::from).orElse(null));
            ps.setString(5, source);
            ps.executeUpdate();
        }
    }

    /** Removes the migration's rows from every state table (abort, finalize). */
    public void delete(Connection c) throws SQLException {
        if (!schemaExists(c)) {
            return;
        }
        for (String table : new String[] {schema.migrations(), schema.chunks(), schema.offsets(), schema.heartbeat()}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE source = ?")) {
                ps.setString(1, source);
                ps.executeUpdate();
            }
        }
    }

    private boolean schemaExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, schema.migrations());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Optional<java.time.Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

}
