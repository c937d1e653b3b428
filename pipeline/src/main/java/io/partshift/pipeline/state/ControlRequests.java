package io.partshift.pipeline.state;

import io.partshift.config.Names;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * Requests from another shell to the process that runs a migration ({@code partshift cutover}, {@code rollback},
 * {@code finalize}, {@code verify --data}), and that process's answers. They travel through the migrations row, so a
 * request works from any machine that reaches the database, and the process that owns the change stream is the one
 * that acts on it: only it can drain the stream under the swap's lock.
 */
public final class ControlRequests {
    public enum Action { VERIFY, CUTOVER, ROLLBACK, FINALIZE }

    public record Request(long id, Action action) {
    }

    /** The owner's answer to request {@code id}: whether it succeeded, and one line saying what happened. */
    public record Result(long id, boolean ok, String text) {
    }

    private final StateSchema schema;
    private final String source;

    public ControlRequests(StateSchema schema, Names names) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.source = names.source().toString();
    }

    /**
     * Posts a request, replacing one the owner has not taken yet.
     *
     * @return its id, to wait for the answer with {@link #result}
     * @throws IllegalStateException when there is no migration of the table
     */
    public long post(Connection c, Action action) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.migrations() + " SET request = ?,"
                + " request_id = request_id + 1, request_at = now() WHERE source = ? RETURNING request_id")) {
            ps.setString(1, action.name());
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no migration of " + source + " in " + schema.migrations());
                }
                return rs.getLong(1);
            }
        }
    }

    /** Takes the pending request, if any, so that it is acted on once even if several owners polled. */
    public Optional<Request> take(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.migrations() + " m SET request = NULL"
                + " FROM (SELECT source, request FROM " + schema.migrations() + " WHERE source = ? AND request IS NOT NULL"
                + " FOR UPDATE) p WHERE m.source = p.source RETURNING m.request_id, p.request")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Request(rs.getLong(1), Action.valueOf(rs.getString(2))));
            }
        }
    }

    /** Records the answer to request {@code id}. */
    public void answer(Connection c, long id, boolean ok, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema.migrations()
                + " SET result_id = ?, result_ok = ?, result = ? WHERE source = ?")) {
            ps.setLong(1, id);
            ps.setBoolean(2, ok);
            ps.setString(3, text);
            ps.setString(4, source);
            ps.executeUpdate();
        }
    }

    /** The answer to request {@code id}, once given. */
    public Optional<Result> result(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT result_id, result_ok, result FROM " + schema.migrations()
                + " WHERE source = ? AND result_id = ?")) {
            ps.setString(1, source);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Result(rs.getLong(1), rs.getBoolean(2), rs.getString(3)));
            }
        }
    }

    /** Whether a request is still waiting for the owner to take it. */
    public boolean pending(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + schema.migrations()
                + " WHERE source = ? AND request_id = ? AND request IS NOT NULL")) {
            ps.setString(1, source);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
