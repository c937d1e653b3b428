package io.partshift.swapper;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import io.partshift.localpg.load.EventsWriteLoad;
import io.partshift.pipeline.state.ControlRequests;
import io.partshift.pipeline.state.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migration up/down round trip under concurrent writers: migrate and cut over, write, roll back, write, migrate
 * and cut over again, finalize. After every swap the table the application writes holds every write the database
 * acknowledged (a ledger writer counts them), and whenever the writers pause the two tables are equal row by row.
 */
@ExtendWith(PostgresExtension.class)
class RoundTripIT {
    @Test
    void migrateRollbackMigrateAgainLosesNothing(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 20_000);
        }
        try (LifecycleHarness h = new LifecycleHarness(db, "partition-by", "RANGE (created_at)", "interval",
                "1 month")) {
            // 1. migrate + automatic cutover under writers
            LedgerWriter ledger = h.ledger();
            EventsWriteLoad load = h.writeLoad();
            ledger.start();
            load.start();
            h.start(io.partshift.swapper.TableLifecycle.Goal.RUN);
            h.awaitStoredPhase(Phase.CUT_OVER, Duration.ofMinutes(4));
            h.assertRelkind("public.events", "p");
            h.assertRelkind("public.events_partshift_old", "r");
            Thread.sleep(2_000); // the writers now write the partitioned table
            stop(load);
            ledger.stop();
            try (Connection c = db.connect()) {
                ledger.assertNothingLostIn(c, "public.events");
            }
            h.lifecycle().awaitCaughtUp(Duration.ofSeconds(60));
            h.assertEqual("public.events", "public.events_partshift_old");

            // 2. rollback under writers
            LedgerWriter back = h.ledger();
            load = h.writeLoad();
            back.start();
            load.start();
            Thread.sleep(1_000);
            ControlRequests.Result rolledBack = h.ask(ControlRequests.Action.ROLLBACK, Duration.ofMinutes(2));
            assertTrue(rolledBack.ok(), rolledBack::text);
            h.awaitEnd(Duration.ofSeconds(60));
            assertTrue(h.storedPhase() == Phase.ROLLED_BACK);
            h.assertRelkind("public.events", "r");
            h.assertRelkind("public.events_partshift", "p");
            Thread.sleep(1_000); // the writers now write the original table again
            stop(load);
            back.stop();
            try (Connection c = db.connect()) {
                back.assertNothingLostIn(c, "public.events");
            }

            // 3. migrate again under writers: the rolled-back leftovers are cleared, and it cuts over again
            LedgerWriter again = h.ledger();
            load = h.writeLoad();
            again.start();
            load.start();
            h.start(io.partshift.swapper.TableLifecycle.Goal.RUN);
            h.awaitStoredPhase(Phase.CUT_OVER, Duration.ofMinutes(4));
            Thread.sleep(1_000);
            stop(load);
            again.stop();
            try (Connection c = db.connect()) {
                again.assertNothingLostIn(c, "public.events");
            }
            h.assertRelkind("public.events", "p");
            h.lifecycle().awaitCaughtUp(Duration.ofSeconds(60));
            h.assertEqual("public.events", "public.events_partshift_old");

            // 4. finalize: the owner lets go, then the old table, slots and state go
            ControlRequests.Result finalized = h.ask(ControlRequests.Action.FINALIZE, Duration.ofMinutes(1));
            assertTrue(finalized.ok(), finalized::text);
            h.awaitEnd(Duration.ofSeconds(60));
            try (Connection c = db.connect()) {
                new Finalize(h.spec().target(), false).run(c);
            }
            h.assertRelkind("public.events_partshift_old", "");
            h.assertRelkind("public.events", "p");
            try (Connection c = db.connect(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM pg_replication_slots")) {
                rs.next();
                assertTrue(rs.getLong(1) == 0, "no slot left behind");
            }
        }
    }

    private static void stop(EventsWriteLoad load) throws InterruptedException {
        EventsWriteLoad.Stats stats = load.stop();
        assertTrue(stats.total() > 50, () -> "the load wrote too little to prove anything: " + stats);
    }
}
