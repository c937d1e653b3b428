package io.partshift.pipeline.verify;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.config.Secret;
import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import io.partshift.pipeline.lock.BoundedLock;
import io.partshift.pipeline.lock.LockNotAcquiredException;
import io.partshift.pipeline.lock.LockSettings;
import io.partshift.pipeline.stream.ChangeBatch;
import io.partshift.pipeline.stream.ChangeEvent;
import io.partshift.pipeline.stream.DebeziumChangeSource;
import io.partshift.pipeline.stream.ReplicationSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consistent point against a real change stream while writers keep inserting. */
@ExtendWith(PostgresExtension.class)
class ConsistentPointIT {
    private static final TableRef EVENTS = new TableRef("public", "events");
    private static final int INITIAL_ROWS = 1000;

    private static DataSource dataSource(TestDatabase db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(db.user());
        ds.setApplicationName("partshift-test");
        return ds;
    }

    private static ConsistentPointTaker taker(TestDatabase db, ReplicationSetup setup, int attempts) {
        DataSource ds = dataSource(db);
        return new ConsistentPointTaker(ds, setup, new BoundedLock(new LockSettings(Duration.ofMillis(500), attempts,
                Duration.ofMillis(100), 0), ds));
    }

    /**
     * Writers insert two rows per transaction, with a pause inside it, so that transactions are in flight when the
     * lock is requested. With one record per batch the marker has a batch of its own, so "before the marker" is exact.
     */
    @Test
    void theSnapshotHoldsExactlyTheRowsStreamedBeforeTheMarker(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, INITIAL_ROWS);
        }
        Names names = new Names(EVENTS, "partshift");
        ReplicationSetup setup = new ReplicationSetup(names);
        try (Connection c = db.connect()) {
            setup.create(c);
        }
        List<ChangeBatch> batches = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong transactions = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        DebeziumChangeSource.Settings settings = DebeziumChangeSource.Settings.defaults()
                .withHeartbeatInterval(Duration.ofMillis(200)).withMaxBatchSize(1);
        try (DebeziumChangeSource stream = new DebeziumChangeSource(new ConnectionSpec(db.url(), db.user(),
                Secret.none()), names, settings)) {
            stream.start(batches::add);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                running.add(writers.submit(() -> {
                    try (Connection c = db.connect(); Statement s = c.createStatement()) {
                        c.setAutoCommit(false);
                        while (writing.get()) {
                            s.executeUpdate("INSERT INTO events (campaign_id, event_type) VALUES (1, 'click')");
                            s.execute("SELECT pg_sleep(0.003)");
                            s.executeUpdate("INSERT INTO events (campaign_id, event_type) VALUES (2, 'impression')");
                            c.commit();
                            transactions.incrementAndGet();
                            Thread.sleep(2);
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> transactions.get() > 50);

            Set<String> visible = new HashSet<>();
            String marker;
            long blocked;
            try (ConsistentPoint point = taker(db, setup, 5).take()) {
                marker = point.marker();
                blocked = point.writesBlockedMillis();
                long before = transactions.get();
                try (Statement s = point.snapshot().createStatement();
                     ResultSet rs = s.executeQuery("SELECT id::text FROM events")) {
                    while (rs.next()) {
                        visible.add(rs.getString(1));
                    }
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> transactions.get() > before + 50);
                try (Statement s = point.snapshot().createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
                    rs.next();
                    assertEquals(visible.size(), rs.getLong(1), "the snapshot does not move while writers go on");
                }
            }
            writing.set(false);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            long total = count(db);
            await().atMost(Duration.ofSeconds(120)).until(() -> upserts(batches) >= total - INITIAL_ROWS);

            Set<String> beforeMarker = new HashSet<>();
            Set<String> afterMarker = new HashSet<>();
            boolean seen = false;
            for (ChangeBatch b : batches) {
                if (b.markers().contains(marker)) {
                    assertTrue(b.events().isEmpty(), "the marker's batch holds only the marker");
                    seen = true;
                    continue;
                }
                for (ChangeEvent e : b.events()) {
                    assertEquals(ChangeEvent.Kind.UPSERT, e.kind());
                    (seen ? afterMarker : beforeMarker).add(e.key().get(0));
                }
            }
            assertTrue(seen, "the marker came through the stream");
            Set<String> initial = new HashSet<>();
            for (int i = 1; i <= INITIAL_ROWS; i++) {
                initial.add(Integer.toString(i));
            }
            assertTrue(visible.containsAll(initial));
            Set<String> insertedVisible = new HashSet<>(visible);
            insertedVisible.removeAll(initial);
            System.out.printf("[ConsistentPointIT] %d rows inserted before the marker, %d after; writes blocked %d ms%n",
                    beforeMarker.size(), afterMarker.size(), blocked);
            assertTrue(beforeMarker.size() > 100 && afterMarker.size() > 100, "writes on both sides of the marker: "
                    + beforeMarker.size() + " and " + afterMarker.size());
            Set<String> streamedNotVisible = new HashSet<>(beforeMarker);
            streamedNotVisible.removeAll(insertedVisible);
            Set<String> visibleNotStreamed = new HashSet<>(insertedVisible);
            visibleNotStreamed.removeAll(beforeMarker);
            assertEquals(beforeMarker, insertedVisible, "the keys streamed before the marker are exactly the keys"
                    + " inserted that the snapshot sees; streamed before the marker but not visible: "
                    + streamedNotVisible + ", visible but not streamed before it: " + visibleNotStreamed);
            assertTrue(afterMarker.stream().noneMatch(visible::contains), "no key streamed after the marker is visible");
            assertTrue(blocked < 1000, "writes blocked " + blocked + " ms");
        } finally {
            writing.set(false);
            writers.shutdownNow();
        }
    }

    /**
     * Verification reads the point's snapshot, not the source as it is now: with the shadow equal to the source at the
     * point, the comparison stays equal while a write load changes the source (inserts, updates, deletes, key
     * updates), and a fresh snapshot of the same moment differs.
     */
    @Test
    void verificationComparesThePointsSnapshotWhileTheSourceMovesOn(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 5000);
        }
        VerifyFixture f = new VerifyFixture(db, "public.events").withShadow(VerifyFixture.range("created_at", "1 month"),
                true);
        ReplicationSetup setup = new ReplicationSetup(new Names(EVENTS, "partshift"));
        try (Connection c = db.connect()) {
            setup.create(c);
        }
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", db.user());
        try (ConsistentPoint point = taker(db, setup, 3).take();
             io.partshift.localpg.load.EventsWriteLoad load = new io.partshift.localpg.load.EventsWriteLoad(db.url(),
                     props, 2, Duration.ofSeconds(60))) {
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.stats().total() > 300);
            DataVerifier verifier = new DataVerifier(f.source, f.shadow, 1000);
            try (Connection shadowConnection = db.connect()) {
                VerificationReport atPoint = verifier.compare(point.snapshot(), shadowConnection);
                assertTrue(atPoint.equal(), atPoint.toString());
                assertEquals(5000, atPoint.sourceRows());
                try (Connection now = f.snapshot()) {
                    VerificationReport atNow = verifier.compare(now, shadowConnection);
                    assertTrue(!atNow.equal(), "the source has moved on: " + atNow);
                }
                assertTrue(verifier.compare(point.snapshot(), shadowConnection).equal(), "the point can be reused");
            }
            System.out.printf("[ConsistentPointIT] %d writes during verification%n", load.stop().total());
        }
    }

    @Test
    void aPointNotTakenLeavesNothingBehind(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 10);
        }
        ReplicationSetup setup = new ReplicationSetup(new Names(EVENTS, "partshift"));
        try (Connection c = db.connect()) {
            setup.create(c);
        }
        try (Connection blocker = db.connect()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().executeUpdate("UPDATE events SET note = 'held' WHERE id = 1");
            LockNotAcquiredException e = assertThrows(LockNotAcquiredException.class, () -> taker(db, setup, 2).take());
            assertTrue(e.getMessage().contains("could not lock public.events in SHARE mode in 2 attempts"),
                    e.getMessage());
            blocker.rollback();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND state LIKE 'idle in transaction%'")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "no snapshot transaction left open");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM partshift.heartbeat WHERE marker IS NOT NULL")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "no marker written");
            }
        }
    }

    private static long count(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long upserts(List<ChangeBatch> batches) {
        return batches.stream().mapToLong(b -> b.events().size()).sum();
    }
}
