package io.partshift.swapper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer that remembers what the database acknowledged, so a test can prove that no committed write was lost across
 * swaps: every acknowledged insert is present unless its delete was acknowledged, no acknowledged delete reappears,
 * and a counter row holds exactly the number of acknowledged increments. It writes {@code public.events} by name, as an
 * application does, so after a swap its statements reach whichever table has that name. Its rows have ids below
 * {@link #BASE}, which {@code EventsWriteLoad}'s random writers never pick (they pick ids from 0 up).
 */
final class LedgerWriter implements AutoCloseable {
    static final long BASE = -2_000_000_000L;
    private static final AtomicLong NEXT_ID = new AtomicLong(BASE - 1);
    private final String url;
    private final Properties properties;
    private final long counterId;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Set<Long> inserted = ConcurrentHashMap.newKeySet();
    private final Set<Long> deleted = ConcurrentHashMap.newKeySet();
    private final AtomicLong increments = new AtomicLong();
    private final AtomicLong maxLatencyMicros = new AtomicLong();
    private final List<String> failures = new ArrayList<>();
    private long initialCounter;
    private Thread thread;

    LedgerWriter(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
        this.counterId = BASE;
    }

    void start() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, properties); Statement s = c.createStatement()) {
            // Not ON CONFLICT: on the partitioned table the key includes created_at, so it would not see the old row.
            s.execute("INSERT INTO public.events (id, campaign_id, created_at, event_type, user_id) SELECT " + counterId
                    + ", 1, now() - interval '2 days', 'click', 0 WHERE NOT EXISTS (SELECT 1 FROM public.events WHERE id = "
                    + counterId + ")");
            try (ResultSet rs = s.executeQuery("SELECT coalesce(user_id, 0) FROM public.events WHERE id = " + counterId)) {
                assertTrue(rs.next(), "the counter row " + counterId + " exists");
                initialCounter = rs.getLong(1);
            }
        }
        running.set(true);
        thread = new Thread(this::loop, "ledger-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try (Connection c = DriverManager.getConnection(url, properties);
             PreparedStatement insert = c.prepareStatement("INSERT INTO public.events (id, campaign_id, created_at,"
                     + " event_type, user_id) VALUES (?, 1, now() - interval '3 days', 'click', 7) RETURNING id");
             PreparedStatement bump = c.prepareStatement("UPDATE public.events SET user_id = coalesce(user_id, 0) + 1"
                     + " WHERE id = ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM public.events WHERE id = ?")) {
            long n = 0;
            while (running.get()) {
                long started = System.nanoTime();
                try {
                    long id;
                    insert.setLong(1, NEXT_ID.getAndDecrement());
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    inserted.add(id);
                    bump.setLong(1, counterId);
                    if (bump.executeUpdate() == 1) {
                        increments.incrementAndGet();
                    }
                    if (++n % 3 == 0) {
                        delete.setLong(1, id);
                        if (delete.executeUpdate() == 1) {
                            deleted.add(id);
                        }
                    }
                } catch (SQLException e) {
                    // 40001: a concurrent update moved the row to another partition; the application retries too.
                    if (!"40001".equals(e.getSQLState())) {
                        synchronized (failures) {
                            failures.add(e.getSQLState() + " " + e.getMessage());
                        }
                    }
                }
                maxLatencyMicros.accumulateAndGet((System.nanoTime() - started) / 1_000, Math::max);
                Thread.sleep(2);
            }
        } catch (Exception e) {
            synchronized (failures) {
                failures.add(e.toString());
            }
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(30_000);
        }
    }

    long maxLatencyMillis() {
        return maxLatencyMicros.get() / 1_000;
    }

    long acknowledged() {
        return inserted.size() + increments.get() + deleted.size();
    }

    /** Asserts every acknowledged write is in {@code table} as committed (call after {@link #stop()}). */
    void assertNothingLostIn(Connection c, String table) throws SQLException {
        synchronized (failures) {
            assertTrue(failures.isEmpty(), () -> "the ledger writer failed: " + failures);
        }
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT user_id FROM " + table + " WHERE id = " + counterId)) {
                assertTrue(rs.next(), "counter row in " + table);
                assertEquals(initialCounter + increments.get(), rs.getLong(1),
                        "every acknowledged increment of the counter row is in " + table);
            }
            Set<Long> present = new java.util.HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM " + table + " WHERE id = ANY('" + array(inserted) + "')")) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
            for (long id : inserted) {
                if (deleted.contains(id)) {
                    assertTrue(!present.contains(id), "acknowledged delete of " + id + " undone in " + table);
                } else {
                    assertTrue(present.contains(id), "acknowledged insert of " + id + " lost in " + table);
                }
            }
        }
    }

    private static String array(Set<Long> ids) {
        StringBuilder sb = new StringBuilder("{");
        for (long id : ids) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(id);
        }
        return sb.append('}').toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
