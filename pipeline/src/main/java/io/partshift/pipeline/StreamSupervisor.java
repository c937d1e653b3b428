package io.partshift.pipeline;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.pipeline.stream.ChangeBatchHandler;
import io.partshift.pipeline.stream.ChangeSource;
import io.partshift.pipeline.stream.DebeziumChangeSource;
import io.partshift.pipeline.stream.StreamRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the change stream running across lost connections and server restarts. Debezium's own reconnect is turned
 * off: after a loss it could recreate a dropped slot at the current position and silently skip every change in
 * between. Instead a new source is started, and its start checks that the slot is still the one partshift made
 * (present, pgoutput, this database); a slot that is gone ends the migration with a clear error.
 */
final class StreamSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSupervisor.class);
    static final int MAX_RESTARTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration QUIET = Duration.ofMinutes(5);
    /**
     * Lag is the age of the newest applied commit, heartbeats included; on a quiet table it is at most this interval
     * plus the stream's delay, which must stay well under the default --cutover-lag of 500 ms.
     */
    static final Duration HEARTBEAT = Duration.ofMillis(200);

    private final ConnectionSpec connection;
    private final StreamRoute route;
    private final ChangeBatchHandler handler;
    private volatile ChangeSource source;
    private int restarts;
    private long lastRestartNanos;
    /** Once the stream cannot come back, every later call reports the same reason at once. */
    private IllegalStateException terminal;

    /** Supervises the forward stream of {@code names}. */
    StreamSupervisor(ConnectionSpec connection, Names names, ChangeBatchHandler handler) {
        this(connection, StreamRoute.forward(names), handler);
    }

    /** Supervises the stream {@code route} describes (forward, or the reverse stream after cutover). */
    StreamSupervisor(ConnectionSpec connection, StreamRoute route, ChangeBatchHandler handler) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.route = Objects.requireNonNull(route, "route");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    void start() throws Exception {
        source = newSource();
        source.start(handler);
    }

    /**
     * Restarts the stream if it failed; returns normally while it runs.
     *
     * @throws IllegalStateException when it failed and could not be restarted (the cause says why: e.g. the slot is gone)
     */
    synchronized void ensureRunning() throws InterruptedException {
        if (terminal != null) {
            throw terminal;
        }
        try {
            restartIfFailed();
        } catch (IllegalStateException e) {
            terminal = e;
            throw e;
        }
    }

    private void restartIfFailed() throws InterruptedException {
        Optional<Throwable> failure = source == null ? Optional.empty() : source.failure();
        if (failure.isEmpty()) {
            return;
        }
        Throwable cause = failure.get();
        // Restarts are counted per burst: a stream that ran for a while since its last restart starts afresh.
        if (System.nanoTime() - lastRestartNanos > QUIET.toNanos()) {
            restarts = 0;
        }
        while (true) {
            if (restarts >= MAX_RESTARTS) {
                throw new IllegalStateException("the " + route.describe() + " stopped and " + MAX_RESTARTS
                        + " restarts did not bring it back: " + cause.getMessage(), cause);
            }
            restarts++;
            long backoff = FIRST_BACKOFF.toMillis() << (restarts - 1);
            LOG.warn("the {} stopped ({}); restart {} of {} in {} ms", route.describe(), cause.getMessage(),
                    restarts, MAX_RESTARTS, backoff);
            source.close();
            Thread.sleep(backoff);
            if (slotIsGone()) {
                throw new IllegalStateException("replication slot " + route.slot() + " of " + route.table()
                        + " was dropped while partshift was streaming from it, so the changes since are lost to it:"
                        + (route.viaPartitionRoot() ? " set the reverse stream up again before relying on a rollback"
                        : " run 'partshift abort --table " + route.table() + "' and migrate again"), cause);
            }
            ChangeSource next = newSource();
            try {
                next.start(handler);
                source = next;
                lastRestartNanos = System.nanoTime();
                LOG.info("the {} is running again from its stored position", route.describe());
                return;
            } catch (Exception e) {
                next.close();
                source = next;
                cause = e;
            }
        }
    }

    /** True only when the server answers and has no such slot; an unreachable server might still have it. */
    private boolean slotIsGone() {
        try (Connection c = DriverManager.getConnection(connection.url(), connection.jdbcProperties());
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, route.slot());
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next();
            }
        } catch (SQLException unreachable) {
            return false;
        }
    }

    private ChangeSource newSource() {
        return new DebeziumChangeSource(connection, route, DebeziumChangeSource.Settings.defaults()
                .withMaxRetries(0).withHeartbeatInterval(HEARTBEAT));
    }

    @Override
    public void close() {
        ChangeSource s = source;
        if (s != null) {
            s.close();
        }
    }
}
