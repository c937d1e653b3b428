package io.partshift.partitioning.lifecycle;

import io.partshift.localpg.junit.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Application writers for the lifecycle tests: a few connections inserting single rows in autocommitted
 * transactions while maintain works, each with a unique id, recording which inserts committed. Any failed insert is
 * a failure of the test: maintain must make writers wait, never fail.
 */
final class InsertLoad implements AutoCloseable {
    /** Binds one row's parameters; parameter 1 is always the id. */
    @FunctionalInterface
    interface Row {
        void bind(PreparedStatement ps, long id, ThreadLocalRandom random) throws SQLException;
    }

    record Result(Set<Long> committed, List<Throwable> failures, Duration longestInsert) {
    }

    private final TestDatabase db;
    private final String insert;
    private final Row row;
    private final AtomicLong nextId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Queue<Long> committed = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong longestMicros = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    private InsertLoad(TestDatabase db, String insert, Row row, long firstId) {
        this.db = db;
        this.insert = insert;
        this.row = row;
        this.nextId = new AtomicLong(firstId);
    }

    /** Starts {@code writers} threads running {@code insert} (whose first parameter is the id) until stopped. */
    static InsertLoad start(TestDatabase db, int writers, long firstId, String insert, Row row) {
        InsertLoad load = new InsertLoad(db, insert, row, firstId);
        for (int i = 0; i < writers; i++) {
            Thread t = new Thread(load::write, "lifecycle-writer-" + i);
            t.setDaemon(true);
            load.threads.add(t);
            t.start();
        }
        return load;
    }

    /** Three writers running {@code insert (id, value)} with values from 1 to {@code values}, e.g. campaigns. */
    static InsertLoad values(TestDatabase db, String insert, int values) {
        return start(db, 3, 1_000_000, insert, (ps, id, random) -> {
            ps.setLong(1, id);
            ps.setInt(2, 1 + random.nextInt(values));
        });
    }

    /** Lets the writers run at least until {@code rows} inserts committed, so the load overlaps what follows. */
    InsertLoad warmUp(int rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (committed.size() < rows && failures.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return this;
    }

    private void write() {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(insert)) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running.get()) {
                long id = nextId.getAndIncrement();
                row.bind(ps, id, random);
                long start = System.nanoTime();
                try {
                    ps.executeUpdate();
                    committed.add(id);
                } catch (SQLException e) {
                    failures.add(new SQLException("insert of id " + id + " failed: " + e.getMessage(), e));
                }
                longestMicros.accumulateAndGet((System.nanoTime() - start) / 1000, Math::max);
            }
        } catch (SQLException | RuntimeException e) {
            failures.add(e);
        }
    }

    Result stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30).toMillis());
        }
        return new Result(new HashSet<>(committed), List.copyOf(failures), Duration.ofNanos(longestMicros.get() * 1000));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The ids in {@code table}, asserting none is there twice. */
    static Set<Long> ids(TestDatabase db, String table) throws SQLException {
        Set<Long> ids = new HashSet<>();
        long rows = 0;
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
                rows++;
            }
        }
        assertEquals(rows, ids.size(), "no id twice in " + table);
        return ids;
    }

    /**
     * Asserts that {@code table} holds exactly the rows it held before plus every insert that committed: no row lost,
     * none invented, no writer failed.
     */
    static void assertNoRowLost(TestDatabase db, String table, Set<Long> before, Result load) throws SQLException {
        assertTrue(load.failures().isEmpty(), () -> "writers failed: " + load.failures());
        assertTrue(load.committed().size() > 0, "the writers committed something while maintain ran");
        Set<Long> expected = new HashSet<>(before);
        expected.addAll(load.committed());
        Set<Long> actual = ids(db, table);
        Set<Long> lost = new HashSet<>(expected);
        lost.removeAll(actual);
        Set<Long> invented = new HashSet<>(actual);
        invented.removeAll(expected);
        assertTrue(lost.isEmpty(), () -> lost.size() + " rows lost, e.g. " + lost.stream().limit(5).toList());
        assertTrue(invented.isEmpty(), () -> invented.size() + " rows invented, e.g. " + invented.stream().limit(5).toList());
        System.out.println(table + ": " + before.size() + " rows before + " + load.committed().size()
                + " committed while maintain ran = " + actual.size() + " after; longest insert "
                + load.longestInsert().toMillis() + " ms");
    }
}
