package io.partshift.pipeline.lock;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A session that kept a lock from being granted, as pg_stat_activity showed it.
 *
 * @param pid          the backend's process id (what {@code pg_terminate_backend} takes)
 * @param backendStart when the session connected: with the pid it names the session, so a pid the server reused
 *                     for a new session is never cancelled by mistake
 * @param state        {@code active}, {@code idle in transaction}, ...; empty for background workers
 * @param waitEvent    what it waits for itself, e.g. {@code Lock:relation} when it is queued ahead of us
 * @param query        the start of its last statement
 * @param observedAt   the server's clock when it was seen, so ages are not skewed by the client's clock
 */
public record Blocker(int pid, String applicationName, String user, String state, String backendType,
                      Optional<OffsetDateTime> backendStart, Optional<OffsetDateTime> xactStart,
                      Optional<OffsetDateTime> queryStart, Optional<String> waitEvent, String query,
                      OffsetDateTime observedAt) {
    static final int QUERY_CHARS = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    /** The pg_stat_activity columns {@link #read} expects, for a query over {@code pg_stat_activity a}. */
    static final String COLUMNS = "a.pid, coalesce(a.application_name, '') AS application_name,"
            + " coalesce(a.usename::text, '') AS usename, coalesce(a.state, '') AS state,"
            + " coalesce(a.backend_type, '') AS backend_type, a.backend_start, a.xact_start, a.query_start,"
            + " a.wait_event_type || ':' || a.wait_event AS wait_event,"
            + " left(coalesce(a.query, ''), " + QUERY_CHARS + ") AS query, clock_timestamp() AS observed_at";

    static Blocker read(ResultSet rs) throws SQLException {
        return new Blocker(rs.getInt("pid"), rs.getString("application_name"), rs.getString("usename"),
                rs.getString("state"), rs.getString("backend_type"), time(rs, "backend_start"),
                time(rs, "xact_start"), time(rs, "query_start"), Optional.ofNullable(rs.getString("wait_event")),
                rs.getString("query"), rs.getObject("observed_at", OffsetDateTime.class));
    }

    private static Optional<OffsetDateTime> time(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class));
    }

    /** Idle in a transaction: nothing to cancel, only terminating the session releases its locks. */
    boolean idleInTransaction() {
        return state.startsWith("idle in transaction");
    }

    /** Since when it holds what it holds: its transaction's start, else its last statement's, else its connection's. */
    Optional<OffsetDateTime> since() {
        return xactStart.or(() -> queryStart).or(() -> backendStart);
    }

    /** Who it is, for an error message: {@code pid 4711 (application "psql", user bob, idle in transaction since ...)}. */
    public String brief() {
        return "pid " + pid + " (" + who() + ", " + (state.isEmpty() ? backendType : state)
                + since().map(t -> " since " + format(t)).orElse("") + ")";
    }

    /**
     * Everything an operator needs to decide whether to end it, for the log: who, what state, since when and for how
     * long, waiting for what, and the start of its statement.
     */
    public String describe() {
        OffsetDateTime now = observedAt;
        StringBuilder s = new StringBuilder("pid ").append(pid).append(" (").append(who());
        s.append(", ").append(state.isEmpty() ? backendType : state);
        xactStart.ifPresent(t -> s.append(", transaction open since ").append(format(t)).append(age(t, now)));
        queryStart.ifPresent(t -> s.append(", last statement started ").append(format(t)).append(age(t, now)));
        if (state.equals("active")) { // an idle session always "waits" for its client: not worth saying
            waitEvent.ifPresent(w -> s.append(", itself waiting on ").append(w));
        }
        s.append(", query \"").append(query.replaceAll("\\s+", " ").strip())
                .append(query.length() >= QUERY_CHARS ? "...\"" : "\"");
        return s.append(')').toString();
    }

    private String who() {
        return "application \"" + applicationName + "\", user " + (user.isEmpty() ? "?" : user)
                + (backendType.isEmpty() || backendType.equals("client backend") ? "" : ", " + backendType);
    }

    static String format(OffsetDateTime t) {
        return TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static String age(OffsetDateTime t, OffsetDateTime now) {
        Duration d = Duration.between(t, now);
        return d.isNegative() ? "" : String.format(" (%.1f s ago)", d.toMillis() / 1000.0);
    }
}
