package io.partshift.pipeline.apply;

import io.partshift.pipeline.stream.Lsn;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.pipeline.stream.ChangeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures on a real PostgreSQL: the transient ones (a concurrent partition move, a deadlock, a lost connection) are
 * retried until the batch applies; the others stop with the key and LSNs that explain them and apply nothing.
 */
@ExtendWith(PostgresExtension.class)
class ApplierFailuresIT {

    @Test
    void aRowMovedByAConcurrentSessionIsRetriedAfterTheSerializationFailure(TestDatabase db) throws Exception {
        ApplyFixture fx = monthly(db);
        List<ChangeEvent> update = fx.change("UPDATE events SET amount = 42 WHERE id = 10");
        try (ShadowApplier applier = fx.applier(); Connection other = db.connect()) {
            other.setAutoCommit(false);
            execute(other, "UPDATE " + fx.shadow() + " SET amount = 1 WHERE id = 10");
            CompletableFuture<Void> applying = CompletableFuture.runAsync(() -> apply(applier, update));
            awaitApplierWaitingForALock(fx);
            // Moving the locked row to another partition fails the waiting UPDATE with 40001, even in READ COMMITTED.
            execute(other, "UPDATE " + fx.shadow() + " SET created_at = created_at - interval '3 months' WHERE id = 10");
            other.commit();
            applying.get(30, TimeUnit.SECONDS);
            assertEquals(1, applier.retries());
        }
        fx.assertSame();
    }

    @Test
    void theLoserOfADeadlockRetriesTheWholeBatch(TestDatabase db) throws Exception {
        ApplyFixture fx = monthly(db);
        List<ChangeEvent> batch = fx.change("DELETE FROM events WHERE id = 20", "UPDATE events SET amount = 7 WHERE id = 30");
        try (ShadowApplier applier = fx.applier(); Connection other = db.connect()) {
            other.setAutoCommit(false);
            execute(other, "SET deadlock_timeout = '60s'"); // so the applier is the one that detects the deadlock
            execute(other, "UPDATE " + fx.shadow() + " SET amount = 1 WHERE id = 30");
            // The applier deletes 20 first, then waits for 30; the other session then wants 20.
            CompletableFuture<Void> applying = CompletableFuture.runAsync(() -> apply(applier, batch));
            awaitApplierWaitingForALock(fx);
            execute(other, "DELETE FROM " + fx.shadow() + " WHERE id = 20");
            other.commit();
            applying.get(30, TimeUnit.SECONDS);
            assertEquals(1, applier.retries());
        }
        fx.assertSame();
    }

    @Test
    void aLostConnectionIsReopenedAndTheBatchReapplied(TestDatabase db) throws Exception {
        ApplyFixture fx = monthly(db);
        try (ShadowApplier applier = fx.applier()) {
            applier.apply(fx.change("UPDATE events SET amount = 1 WHERE id < 10"));
            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + ApplyFixture.APPLIER_NAME + "'");
            applier.apply(fx.change("UPDATE events SET amount = 2 WHERE id < 20"));
            assertEquals(1, applier.retries());
        }
        fx.assertSame();
    }

    @Test
    void aBadValueStopsTheBatchNamingItsKeyAndNothingIsApplied(TestDatabase db) throws Exception {
        ApplyFixture fx = monthly(db);
        List<ChangeEvent> batch = new ArrayList<>(fx.change("UPDATE events SET amount = 3 WHERE id < 5"));
        Map<String, String> row = new LinkedHashMap<>(batch.get(2).row());
        row.put("qty", "-1"); // the domain positive_int refuses it
        ChangeEvent bad = ChangeEvent.upsert(batch.get(2).key(), row, batch.get(batch.size() - 1).lsn() + 1,
                Instant.now());
        batch.add(bad);
        String before = fx.strings("SELECT t::text FROM " + fx.shadow() + " t ORDER BY id");
        try (ShadowApplier applier = fx.applier()) {
            SQLException e = assertThrows(SQLException.class, () -> applier.apply(batch));
            assertEquals("23514", e.getSQLState());
            assertTrue(e.getMessage().contains("public.events_partshift"), e.getMessage());
            assertTrue(e.getMessage().contains("key " + bad.key() + " at LSN " + Lsn.format(bad.lsn())), e.getMessage());
            assertTrue(e.getMessage().contains("(LSN " + Lsn.format(batch.get(0).lsn()) + " to "
                    + Lsn.format(bad.lsn()) + ")"), e.getMessage());
            assertEquals(0, applier.retries());
            assertEquals(before, fx.strings("SELECT t::text FROM " + fx.shadow() + " t ORDER BY id"),
                    "nothing of the batch is applied");
            // The applier is still usable: the next batch applies.
            applier.apply(batch.subList(0, batch.size() - 1));
        }
        fx.assertSame();
    }

    @Test
    void aBatchThatConflictsOnlyWhenFoldedIsAppliedInOrder(TestDatabase db) throws Exception {
        ApplyFixture fx = new ApplyFixture(db);
        fx.createSource("bigint", "id", 50, "UPDATE events SET created_at = '2026-01-15 00:00+00', \"Note Text\" ="
                        + " CASE id WHEN 1 THEN 'one' ELSE 'two' END WHERE id IN (1, 2)",
                "ALTER TABLE events ADD CONSTRAINT events_note_uq UNIQUE (\"Note Text\", created_at)");
        fx.createShadow(ApplySpecs.partitioning(ApplySpecs.range("created_at", "1 month"), 1), true);
        // Swapping two unique values takes three steps at the source; folded per key it is one step each, which the
        // unique constraint refuses while the other row still holds the value.
        List<ChangeEvent> swap = fx.change("UPDATE events SET \"Note Text\" = 'tmp' WHERE id = 1",
                "UPDATE events SET \"Note Text\" = 'one' WHERE id = 2",
                "UPDATE events SET \"Note Text\" = 'two' WHERE id = 1");
        assertEquals(3, swap.size());
        try (ShadowApplier applier = fx.applier()) {
            applier.apply(swap);
            assertEquals(1, applier.inOrderBatches());
            assertEquals(0, applier.retries());
        }
        fx.assertSame();
    }

    @Test
    void anIdentityAlwaysColumnOutsideTheKeyIsWrittenEvenWhenItChanges(TestDatabase db) throws Exception {
        ApplyFixture fx = new ApplyFixture(db);
        fx.createSource("bigint", "id", 50, "ALTER TABLE events ADD COLUMN ticket bigint GENERATED ALWAYS AS IDENTITY");
        fx.createShadow(ApplySpecs.partitioning(ApplySpecs.range("created_at", "1 month"), 1), true);
        try (ShadowApplier applier = fx.applier()) {
            applier.apply(fx.change("UPDATE events SET amount = 5 WHERE id < 10", "INSERT INTO events (id, created_at,"
                    + " country, campaign_id) VALUES (900, '2026-02-02 00:00+00', 'DE', 1)"));
            fx.assertSame();
            assertEquals(0, applier.inOrderBatches());
            // An UPDATE cannot set it, so the set-based apply fails and the in-order one deletes and inserts the row.
            applier.apply(fx.change("UPDATE events SET ticket = DEFAULT, amount = 6 WHERE id IN (5, 900)"));
            assertEquals(1, applier.inOrderBatches());
        }
        fx.assertSame();
    }

    @Test
    void anEventThatDoesNotFitTheTableIsRefusedBeforeAnythingIsWritten(TestDatabase db) throws Exception {
        ApplyFixture fx = monthly(db);
        List<ChangeEvent> batch = new ArrayList<>(fx.change("DELETE FROM events WHERE id = 3"));
        batch.add(ChangeEvent.upsert(List.of("4"), Map.of("id", "4"), 99, Instant.now()));
        try (ShadowApplier applier = fx.applier()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> applier.apply(batch));
            assertTrue(e.getMessage().contains("key [4]"), e.getMessage());
            assertEquals(1, fx.longValue("SELECT count(*) FROM " + fx.shadow() + " WHERE id = 3"));
        }
    }

    private static ApplyFixture monthly(TestDatabase db) throws Exception {
        ApplyFixture fx = new ApplyFixture(db);
        fx.createSource("bigint", "id", 100);
        fx.createShadow(ApplySpecs.partitioning(ApplySpecs.range("created_at", "1 month"), 1), true);
        return fx;
    }

    private static void awaitApplierWaitingForALock(ApplyFixture fx) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> fx.longValue(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + ApplyFixture.APPLIER_NAME
                        + "' AND wait_event_type = 'Lock'") == 1);
    }

    private static void apply(ShadowApplier applier, List<ChangeEvent> events) {
        try {
            applier.apply(events);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
