package io.partshift.swapper;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import io.partshift.pipeline.state.ControlRequests;
import io.partshift.pipeline.state.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What stops a cutover: a lock that cannot be taken in time, and data that differs and cannot be repaired. */
@ExtendWith(PostgresExtension.class)
class CutoverGateIT {
    @Test
    void aLongTransactionMakesCutoverRetryAndGiveUpWithoutBlockingWritersLongerThanTheTimeout(TestDatabase db)
            throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 5_000);
        }
        try (LifecycleHarness h = new LifecycleHarness(db, "partition-by", "HASH (id)", "modulus", "4",
                "cutover", "postpone", "lock-timeout", "300ms", "lock-retries", "3");
             Connection blocker = db.connect()) {
            h.start(TableLifecycle.Goal.RUN);
            h.awaitStoredPhase(Phase.CONVERGED, Duration.ofMinutes(2));
            // A reporting query left open: it holds ACCESS SHARE until it ends, which the rename's lock must wait for.
            blocker.setAutoCommit(false);
            long blockerPid;
            try (Statement s = blocker.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    blockerPid = rs.getLong(1);
                }
                s.executeQuery("SELECT count(*) FROM public.events").close();
            }
            LedgerWriter writer = h.ledger();
            writer.start();
            ControlRequests.Result refused = h.ask(ControlRequests.Action.CUTOVER, Duration.ofMinutes(2));
            writer.stop();
            assertFalse(refused.ok(), refused::text);
            assertTrue(refused.text().contains(Long.toString(blockerPid)), () -> "names the blocker: " + refused.text());
            assertTrue(writer.acknowledged() > 10, "the writer kept writing meanwhile");
            // Each of the 3 attempts queues writers behind the lock for at most its 300 ms timeout.
            assertTrue(writer.maxLatencyMillis() < 2_000, () -> "a write waited " + writer.maxLatencyMillis() + " ms");
            assertEquals(Phase.CONVERGED, h.storedPhase());
            h.assertRelkind("public.events", "r");
            try (Connection c = db.connect()) {
                writer.assertNothingLostIn(c, "public.events");
            }

            blocker.rollback();
            ControlRequests.Result done = h.ask(ControlRequests.Action.CUTOVER, Duration.ofMinutes(2));
            assertTrue(done.ok(), done::text);
            assertEquals(Phase.CUT_OVER, h.storedPhase());
            h.assertRelkind("public.events", "p");
        }
    }

    @Test
    void aDifferenceThatCannotBeRepairedBlocksCutoverAndARepairableOneDoesNot(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 3_000);
        }
        try (LifecycleHarness h = new LifecycleHarness(db, "partition-by", "RANGE (created_at)", "interval", "1 month",
                "cutover", "postpone")) {
            h.start(TableLifecycle.Goal.RUN);
            h.awaitStoredPhase(Phase.CONVERGED, Duration.ofMinutes(2));
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("UPDATE public.events_partshift SET note = 'tampered' WHERE id = 42");
                // Row 42 cannot be written back into the shadow while this trigger exists, so repair fails.
                s.execute("CREATE FUNCTION public.refuse_42() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$BEGIN IF NEW.id = 42 THEN RAISE EXCEPTION 'no 42 here'; END IF; RETURN NEW; END$$");
                s.execute("CREATE TRIGGER refuse_42 BEFORE INSERT ON public.events_partshift FOR EACH ROW"
                        + " EXECUTE FUNCTION public.refuse_42()");
            }
            ControlRequests.Result verified = h.ask(ControlRequests.Action.VERIFY, Duration.ofMinutes(2));
            assertFalse(verified.ok(), verified::text);
            ControlRequests.Result refused = h.ask(ControlRequests.Action.CUTOVER, Duration.ofMinutes(2));
            assertFalse(refused.ok(), refused::text);
            assertTrue(refused.text().startsWith("no cutover"), refused::text);
            assertEquals(Phase.CONVERGED, h.storedPhase());
            h.assertRelkind("public.events", "r");

            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER refuse_42 ON public.events_partshift");
            }
            ControlRequests.Result done = h.ask(ControlRequests.Action.CUTOVER, Duration.ofMinutes(2));
            assertTrue(done.ok(), done::text);
            h.assertRelkind("public.events", "p");
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT note IS DISTINCT FROM 'tampered' FROM public.events WHERE id = 42")) {
                assertTrue(rs.next() && rs.getBoolean(1), "the repaired row came from the source");
            }
        }
    }
}
