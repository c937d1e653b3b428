package io.partshift.pipeline.lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches, from a second connection, who blocks a lock request while it waits.
 *
 * <p>Why a watcher during the wait rather than a look at pg_locks after the timeout: while the request waits,
 * {@code pg_blocking_pids()} names exactly the sessions PostgreSQL makes it wait for, including a request queued
 * ahead of it (an ALTER TABLE behind a long SELECT, say, which holds nothing yet). Once the request has timed out it
 * is gone from the queue, and the writers that had queued behind it are granted their locks at that very moment, so
 * a look at granted locks afterwards would name those innocent writers too. The last non-empty answer before the
 * timeout is kept; the first poll waits one interval, so a lock granted at once costs no query.
 */
final class BlockerWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BoundedLock.class);
    private static final String QUERY = "SELECT " + Blocker.COLUMNS + " FROM pg_stat_activity a"
            + " WHERE a.pid = ANY (pg_blocking_pids(?)) ORDER BY a.xact_start NULLS LAST, a.pid";

    private final Connection monitor;
    private final int waitingPid;
    private final long pollMillis;
    private volatile boolean watching;
    private volatile List<Blocker> seen = List.of();
    private volatile boolean failed;
    private Thread thread;

    /** @param monitor an autocommit connection of the watcher's own, used by one attempt at a time */
    BlockerWatch(Connection monitor, int waitingPid, long pollMillis) {
        this.monitor = monitor;
        this.waitingPid = waitingPid;
        this.pollMillis = pollMillis;
    }

    /** Starts watching for one attempt. */
    void start() {
        seen = List.of();
        watching = true;
        thread = new Thread(this::poll, "partshift-lock-watch-" + waitingPid);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops watching and returns the sessions that blocked the attempt when last seen (empty if none were seen). */
    List<Blocker> stop() throws InterruptedException {
        watching = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt(); // ends its sleep; a query in flight finishes first
            t.join();
            thread = null;
        }
        return seen;
    }

    private void poll() {
        try (PreparedStatement ps = monitor.prepareStatement(QUERY)) {
            ps.setInt(1, waitingPid);
            while (watching && !failed) {
                Thread.sleep(pollMillis);
                if (!watching) {
                    return;
                }
                List<Blocker> now = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        now.add(Blocker.read(rs));
                    }
                }
                if (!now.isEmpty() && watching) {
                    seen = List.copyOf(now);
                }
            }
        } catch (InterruptedException stopped) {
            // stop() ends the sleep
        } catch (SQLException e) {
            // Not fatal: the lock attempt goes on, and the holders are looked up after the timeout instead.
            failed = true;
            log.warn("could not watch who blocks the lock request of pid {} ({}); blockers will be looked up after"
                    + " the timeout", waitingPid, e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
