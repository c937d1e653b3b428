package io.partshift.pipeline.copy;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.pipeline.stream.ChangeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The applier's view of the copy (docs/design.md) against a real copier on a real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class CopyProgressIT {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    static ChangeEvent up(String... key) {
        return ChangeEvent.upsert(List.of(key), Map.of(), 1, Instant.EPOCH);
    }

    static ChangeEvent del(String... key) {
        return ChangeEvent.delete(List.of(key), 1, Instant.EPOCH);
    }

    /** ids 10, 20, ..., 1000, so chunks of 10 rows are [-inf, 110), [110, 210), ... */
    static CopyFixture numbers(TestDatabase db) throws SQLException {
        db.execute("CREATE TABLE nums (id bigint PRIMARY KEY, grp int NOT NULL, v text)",
                "INSERT INTO nums SELECT g * 10, g % 3, 'v' || g FROM generate_series(1, 100) g");
        return new CopyFixture(db, "public.nums").prepare(CopyFixture.hash("grp", 3));
    }

    /** Copies {@code chunks} chunks of {@code rows} rows with one stripe, then stops, as an interrupted process would. */
    static void copyChunks(CopyFixture f, int chunks, int rows) throws Exception {
        try (CopyProgress progress = f.load()) {
            AtomicReference<BulkCopier> copier = new AtomicReference<>();
            copier.set(f.copier(progress, 1, rows, (stripe, chunk, range, n) -> {
                if (chunk == chunks) {
                    copier.get().stop();
                }
            }));
            copier.get().run();
            assertEquals(chunks, progress.snapshot().chunksDone());
        }
    }

    /** A transaction holding a lock that makes the copier's INSERT into the shadow wait. */
    static Connection lockShadow(CopyFixture f) throws SQLException {
        Connection c = f.ds.getConnection();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE " + f.shadow.sql() + " IN SHARE MODE");
        }
        return c;
    }

    static long waitingInserts(CopyFixture f) throws SQLException {
        return f.value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO %'");
    }

    @Test
    void beforeTheCopyIsPlannedEveryEventIsSkipped(TestDatabase db) throws Exception {
        CopyFixture f = numbers(db);
        try (CopyProgress progress = f.load()) {
            assertEquals(List.of(), progress.toApply(List.of(up("10"), del("-5"), up("99999"))));
            assertEquals(CopySnapshot.State.NOT_STARTED, progress.snapshot().state());
        }
    }

    @Test
    void copiedKeysApplyNotStartedAreSkippedAndTheChunkInFlightHoldsItsKeys(TestDatabase db) throws Exception {
        CopyFixture f = numbers(db);
        copyChunks(f, 3, 10);
        try (CopyProgress progress = f.load()) { // a restarted process: state from the chunks table
            CopySnapshot.Stripe stripe = progress.snapshot().stripes().get(0);
            assertEquals(Optional.of(List.of("310")), stripe.watermark());
            assertEquals(30, stripe.copiedRows());
            assertEquals(List.of(up("50"), up("-7"), del("305")),
                    progress.toApply(List.of(up("50"), up("-7"), del("305"), up("310"), up("5000"))));

            Connection lock = lockShadow(f);
            AtomicReference<BulkCopier> copier = new AtomicReference<>();
            copier.set(f.copier(progress, 1, 10, (s, chunk, range, rows) -> {
                if (chunk == 4) {
                    copier.get().stop();
                }
            }));
            Future<?> copy = threads.submit(() -> {
                copier.get().run();
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingInserts(f) == 1); // chunk 4 [310, 410) in flight
            Future<List<ChangeEvent>> held = threads.submit(() -> progress.toApply(
                    List.of(up("350"), up("50"), up("600"), del("320"), up("410"))));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !held.isDone());
            assertEquals(List.of(up("200")), progress.toApply(List.of(up("200"), up("900"))),
                    "events outside the chunk in flight are not held up by it");
            assertEquals(CopySnapshot.State.COPYING, progress.snapshot().state());

            lock.rollback();
            lock.close();
            assertEquals(List.of(up("350"), up("50"), del("320")), held.get(10, TimeUnit.SECONDS),
                    "applied once chunk 4 committed, in their order; 600 and 410 were in chunks not started");
            copy.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(up("409")), progress.toApply(List.of(up("409"), up("410"))));
        }
    }

    @Test
    void afterTheCopyEveryEventApplies(TestDatabase db) throws Exception {
        CopyFixture f = numbers(db);
        f.copy(2, 10);
        try (CopyProgress progress = f.load()) {
            assertTrue(progress.isFinished());
            List<ChangeEvent> events = List.of(up("-1"), del("10"), up("123456789"));
            assertSame(events, progress.toApply(events), "no comparison at all");
            assertEquals(CopySnapshot.State.DONE, progress.snapshot().state());
        }
    }

    @Test
    void aLinguisticCollationIsClassifiedByPostgres(TestDatabase db) throws Exception {
        String icu = CopyFixture.icuCollation(db);
        assumeTrue(icu != null, "this PostgreSQL has no ICU collations");
        db.execute("CREATE TABLE words (w text COLLATE \"" + icu + "\" PRIMARY KEY, n int NOT NULL)",
                "INSERT INTO words SELECT chr(c) || chr(d), c * 100 + d FROM generate_series(65, 90) c,"
                        + " generate_series(97, 100) d",
                "INSERT INTO words SELECT chr(c) || chr(d), c * 100 + d FROM generate_series(97, 122) c,"
                        + " generate_series(65, 68) d");
        CopyFixture f = new CopyFixture(db, "public.words").prepare(CopyFixture.hash("n", 3));
        copyChunks(f, 4, 25);
        try (CopyProgress progress = f.load()) {
            String watermark = progress.snapshot().stripes().get(0).watermark().orElseThrow().get(0);
            List<String> keys = f.strings("SELECT w FROM words UNION ALL SELECT 'zz' UNION ALL SELECT ''");
            List<ChangeEvent> events = keys.stream().map(CopyProgressIT::up).toList();
            List<String> expected = f.strings("SELECT k FROM unnest(ARRAY[" + String.join(", ", keys.stream()
                    .map(k -> "'" + k + "'").toList()) + "]) WITH ORDINALITY AS u(k, o) WHERE k COLLATE \"" + icu
                    + "\" < '" + watermark + "' ORDER BY o");
            List<String> applied = new ArrayList<>();
            progress.toApply(events).forEach(e -> applied.add(e.key().get(0)));
            assertEquals(expected, applied);
            assertTrue(keys.stream().anyMatch(k -> (k.compareTo(watermark) < 0) != applied.contains(k)),
                    "Java's String order disagrees with the collation about some key: " + watermark + " " + applied);
            assertFalse(applied.contains("zz"));
        }
    }
}
