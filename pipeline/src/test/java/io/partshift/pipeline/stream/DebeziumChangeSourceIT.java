package io.partshift.pipeline.stream;

import io.partshift.config.ConnectionSpec;
import io.partshift.config.Names;
import io.partshift.config.Secret;
import io.partshift.config.TableRef;
import io.partshift.localpg.LocalPostgres;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The change source's contract with the applier: order, acknowledgement, resume, failure, heartbeats, markers. */
@ExtendWith(PostgresExtension.class)
class DebeziumChangeSourceIT {

    private static StreamFixture orders(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
        return new StreamFixture(db, "orders").setUp();
    }

    private static void insert(TestDatabase db, int from, int to) throws Exception {
        db.execute("INSERT INTO orders SELECT i, 'n' || i FROM generate_series(" + from + ", " + to + ") i");
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }

    @Test
    void deliversCommittedChangesInOrderAndStoresTheOffsetInTheStateSchema(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        db.execute("INSERT INTO orders VALUES (0, 'before start')"); // committed after the slot: delivered too
        CollectingHandler handler = new CollectingHandler();
        try (DebeziumChangeSource source = f.started(handler)) {
            assertTrue(source.isRunning());
            db.execute("INSERT INTO orders VALUES (1, 'a'), (2, 'b')",
                    "UPDATE orders SET note = 'c' WHERE id = 1",
                    "DELETE FROM orders WHERE id = 2",
                    "BEGIN", "INSERT INTO orders VALUES (3, NULL)", "UPDATE orders SET id = 4 WHERE id = 3", "COMMIT");
            List<ChangeEvent> events = handler.awaitEvents(8);
            assertEquals(List.of("0", "1", "2", "1", "-2", "3", "-3", "4"), CollectingHandler.ids(events));
            assertEquals("c", events.get(3).row().get("note"));
            assertTrue(events.get(7).row().containsKey("note") && events.get(6).row().get("note") == null);
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).lsn() >= events.get(i - 1).lsn(), "commit order");
            }
            await().atMost(CollectingHandler.WAIT).until(() -> storedOffsets(db).contains("\"lsn\""));
            assertFalse(source.failure().isPresent());
        }
    }

    @Test
    void aNewSourceResumesExactlyAfterTheLastAcknowledgedBatch(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        CollectingHandler first = new CollectingHandler();
        try (DebeziumChangeSource source = f.started(first)) {
            for (int i = 1; i <= 50; i++) {
                db.execute("INSERT INTO orders VALUES (" + i + ", 'x')");
            }
            first.awaitEvents(50);
        }
        insert(db, 51, 3000);
        db.execute("UPDATE orders SET note = 'y' WHERE id <= 10");
        CollectingHandler second = new CollectingHandler();
        try (DebeziumChangeSource ignored = f.started(second)) {
            List<ChangeEvent> events = second.awaitEvents(2960);
            List<String> expected = new ArrayList<>(range(51, 3000));
            expected.addAll(range(1, 10));
            assertEquals(expected, CollectingHandler.ids(events), "no gap, nothing acknowledged comes again");
        }
        assertEquals(range(1, 50), CollectingHandler.ids(first.events()));
    }

    @Test
    void aFailingHandlerStopsTheSourceAndItsBatchComesAgainOnRestart(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        CollectingHandler failing = new CollectingHandler().failOn(b -> b.events().stream()
                .anyMatch(e -> e.key().get(0).equals("20")));
        DebeziumChangeSource source = f.started(failing);
        insert(db, 1, 10);
        failing.awaitEvents(10);
        insert(db, 11, 30);
        await().atMost(CollectingHandler.WAIT).until(() -> source.failure().isPresent());
        assertSame(IllegalStateException.class, source.failure().get().getClass());
        assertTrue(source.failure().get().getMessage().startsWith("test handler refuses"), source.failure().get().toString());
        await().atMost(CollectingHandler.WAIT).until(() -> !source.isRunning());
        awaitNoLingering(threadsBefore); // the engine shut its pools down by itself, before any close()
        long t0 = System.nanoTime();
        source.close();
        source.close();
        assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "close() after a failure returns");

        List<String> acknowledged = CollectingHandler.ids(failing.events());
        List<String> refused = CollectingHandler.ids(failing.failedBatches().get(0).events());
        assertTrue(refused.contains("20"));
        CollectingHandler second = new CollectingHandler();
        try (DebeziumChangeSource ignored = f.started(second)) {
            List<String> all = new ArrayList<>(acknowledged);
            all.addAll(CollectingHandler.ids(second.awaitEvents(30 - acknowledged.size())));
            assertEquals(range(1, 30), all, "resumes right after the last acknowledged batch");
            assertEquals(refused.get(0), CollectingHandler.ids(second.events()).get(0), "the refused batch comes again");
        }
    }

    /**
     * A primary-key update is a delete and a create at one LSN. With one record per batch, a restart between the two
     * must still deliver the create (Debezium resumes after the stored LSN, which would skip it).
     */
    @Test
    void aKeyUpdateSplitAcrossBatchesSurvivesARestart(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        CollectingHandler first = new CollectingHandler().failOn(b -> b.events().stream()
                .anyMatch(e -> e.kind() == ChangeEvent.Kind.UPSERT && e.key().get(0).equals("2")));
        DebeziumChangeSource.Settings oneRecordBatches = DebeziumChangeSource.Settings.defaults().withMaxBatchSize(1)
                .withHeartbeatInterval(Duration.ofMillis(200));
        DebeziumChangeSource source = new DebeziumChangeSource(f.spec(), f.names, oneRecordBatches);
        source.start(first);
        insert(db, 1, 1);
        db.execute("UPDATE orders SET id = 2 WHERE id = 1");
        await().atMost(CollectingHandler.WAIT).until(() -> source.failure().isPresent());
        source.close();
        assertEquals(List.of("1", "-1"), CollectingHandler.ids(first.events()));

        CollectingHandler second = new CollectingHandler();
        try (DebeziumChangeSource ignored = f.started(second)) {
            assertEquals(List.of("-1", "2"), CollectingHandler.ids(second.awaitEvents(2)),
                    "the delete comes again with the create it belongs to");
        }
    }

    /** The applier must know: pgoutput sends the new row of a key change without its unchanged TOASTed values. */
    @Test
    void aKeyUpdateOfARowWithAToastedValueCreatesThePartialNewRow(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        CollectingHandler handler = new CollectingHandler();
        try (DebeziumChangeSource ignored = f.started(handler)) {
            db.execute("INSERT INTO orders SELECT 1, string_agg(md5(g::text), '') FROM generate_series(1, 5000) g",
                    "UPDATE orders SET id = 2 WHERE id = 1");
            List<ChangeEvent> events = handler.awaitEvents(3);
            assertEquals(List.of("1", "-1", "2"), CollectingHandler.ids(events));
            assertEquals(Set.of("note"), events.get(2).unavailable());
            assertEquals(List.of("id"), List.copyOf(events.get(2).row().keySet()));
        }
    }

    @Test
    void heartbeatsMoveThePositionWhenOnlyOtherTablesChange(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        db.execute("CREATE TABLE busy (id int)");
        CollectingHandler handler = new CollectingHandler();
        try (DebeziumChangeSource ignored = f.started(handler)) {
            db.execute("INSERT INTO busy SELECT generate_series(1, 50000)");
            long afterBusy = f.currentWalLsn();
            await().atMost(CollectingHandler.WAIT).until(() -> handler.position() > afterBusy);
            assertTrue(handler.events().isEmpty());
            assertTrue(handler.batches().get(handler.batches().size() - 1).lastCommitTime().isPresent());
            // The slot follows: WAL of the busy table is released without any change to the source.
            await().atMost(CollectingHandler.WAIT).until(() -> f.confirmedFlushLsn() > afterBusy);
        }
    }

    @Test
    void markersComeBackAfterEverythingCommittedBeforeThem(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        CollectingHandler handler = new CollectingHandler();
        try (DebeziumChangeSource ignored = f.started(handler); Connection c = db.connect()) {
            insert(db, 1, 500);
            f.setup.mark(c, "caught-up-1");
            await().atMost(CollectingHandler.WAIT).until(() -> handler.markers().contains("caught-up-1"));
            int batchWithMarker = -1;
            List<ChangeBatch> batches = handler.batches();
            for (int i = 0; i < batches.size() && batchWithMarker < 0; i++) {
                batchWithMarker = batches.get(i).markers().contains("caught-up-1") ? i : -1;
            }
            int eventsUpToMarker = 0;
            for (int i = 0; i <= batchWithMarker; i++) {
                eventsUpToMarker += batches.get(i).events().size();
            }
            assertEquals(500, eventsUpToMarker, "every change committed before the marker came with or before it");
            Thread.sleep(1000); // heartbeats clear the marker: it is reported once
            assertEquals(List.of("caught-up-1"), handler.markers());
        }
    }

    @Test
    void theSlotFreesWalOnlyAfterAcknowledgement(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        CountDownLatch release = new CountDownLatch(1);
        CollectingHandler collected = new CollectingHandler();
        ChangeBatchHandler holding = batch -> {
            if (!batch.events().isEmpty()) {
                release.await(2, TimeUnit.MINUTES);
            }
            collected.handle(batch);
        };
        try (DebeziumChangeSource ignored = f.started(holding)) {
            long before = f.confirmedFlushLsn();
            insert(db, 1, 100);
            long afterInsert = f.currentWalLsn();
            Thread.sleep(3000);
            assertTrue(f.confirmedFlushLsn() < afterInsert, "nothing confirmed while the handler holds the batch");
            assertTrue(f.confirmedFlushLsn() >= before);
            release.countDown();
            collected.awaitEvents(100);
            await().atMost(CollectingHandler.WAIT).until(() -> f.confirmedFlushLsn() >= afterInsert);
        }
    }

    @Test
    void startRefusesAMissingSlotInsteadOfLettingDebeziumCreateOne(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
        StreamFixture f = new StreamFixture(db, "orders");
        try (DebeziumChangeSource source = f.source()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.start(new CollectingHandler()));
            assertTrue(e.getMessage().contains("replication slot " + f.names.slot() + " does not exist"), e.getMessage());
        }
        try (Connection c = db.connect()) {
            assertFalse(f.setup.exists(c));
        }
    }

    @Test
    void startRefusesAMissingPublication(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        db.execute("DROP PUBLICATION " + f.names.publication());
        try (DebeziumChangeSource source = f.source()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.start(new CollectingHandler()));
            assertTrue(e.getMessage().contains("publication " + f.names.publication()), e.getMessage());
        }
    }

    @Test
    void startReportsDebeziumsOwnFailure(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        String role = db.createRole("LOGIN"); // may read the catalog, may not stream
        db.execute("GRANT USAGE ON SCHEMA partshift TO " + role, "GRANT SELECT ON ALL TABLES IN SCHEMA partshift TO " + role);
        ConnectionSpec spec = new ConnectionSpec(db.url(), role, Secret.none());
        // No retries: Debezium takes a refused walsender for a passing connection problem and would retry it.
        DebeziumChangeSource.Settings noRetries = DebeziumChangeSource.Settings.defaults().withMaxRetries(0);
        try (DebeziumChangeSource source = new DebeziumChangeSource(spec, f.names, noRetries)) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.start(new CollectingHandler()));
            assertTrue(e.getMessage().contains("did not start") && e.getMessage().contains("replication role"),
                    e.getMessage());
            assertTrue(source.failure().isPresent());
            assertFalse(source.isRunning());
            awaitNoLingering(before);
        }
    }

    @Test
    void startRefusesAServerWithoutLogicalDecoding() throws Exception {
        try (LocalPostgres server = LocalPostgres.start(LocalPostgres.Settings.defaults().withSetting("wal_level", "replica"))) {
            server.createDatabase("app");
            try (Connection c = server.connect("app"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            }
            Names names = new Names(new TableRef("public", "orders"), "partshift");
            ConnectionSpec spec = new ConnectionSpec(server.jdbcUrl("app"), server.superuser(), Secret.none());
            try (DebeziumChangeSource source = new DebeziumChangeSource(spec, names)) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> source.start(new CollectingHandler()));
                assertTrue(e.getMessage().contains("wal_level is replica"), e.getMessage());
            }
        }
    }

    /** Trust authentication ignores the password, so a made-up one reaches every component without failing login. */
    @Test
    void thePasswordIsNeverLogged(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        String password = "pw-" + java.util.UUID.randomUUID();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level level = root.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(ch.qos.logback.classic.Level.INFO); // what production logs, Debezium's configuration dump included
        try {
            ConnectionSpec spec = new ConnectionSpec(db.url(), db.user(), Secret.of(password));
            CollectingHandler handler = new CollectingHandler();
            try (DebeziumChangeSource source = new DebeziumChangeSource(spec, f.names, DebeziumChangeSource.Settings
                    .defaults().withHeartbeatInterval(Duration.ofMillis(200)))) {
                source.start(handler);
                insert(db, 1, 3);
                handler.awaitEvents(3);
            }
        } finally {
            root.setLevel(level);
            root.detachAppender(appender);
        }
        assertTrue(appender.list.size() > 20, "Debezium logged its start: " + appender.list.size());
        for (ch.qos.logback.classic.spi.ILoggingEvent e : appender.list) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            assertFalse(text.contains(password), "logged by " + e.getLoggerName() + ": " + text);
        }
    }

    @Test
    void closeLeavesNoThreadThatKeepsTheJvmAlive(TestDatabase db) throws Exception {
        StreamFixture f = orders(db);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (DebeziumChangeSource source = f.started(new CollectingHandler())) {
            insert(db, 1, 10);
            assertTrue(source.isRunning());
        }
        awaitNoLingering(before);
    }

    /** Polled here, not with awaitility, whose own polling thread would count. */
    static void awaitNoLingering(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!lingering(before).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), lingering(before), "threads left running that would keep the JVM alive");
    }

    static List<String> lingering(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                .map(Thread::getName).collect(Collectors.toList());
    }

    private static String storedOffsets(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(key || ' ' || value, ';') FROM partshift.offsets"
                     + " WHERE source = 'public.orders'")) {
            rs.next();
            return String.valueOf(rs.getString(1));
        }
    }
}
