package io.partshift.pipeline;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import io.partshift.localpg.load.EventsWriteLoad;
import io.partshift.pipeline.state.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults while streaming: a lost replication connection is survived; a slot dropped behind partshift's back is not. */
@ExtendWith(PostgresExtension.class)
class StreamFaultsIT {

    @Test
    void killedReplicationConnectionsAreRestartedAndTheShadowStillEqualsTheSource(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 10_000);
        }
        try (MigrationHarness harness = new MigrationHarness(db, "public.events", "partition-by", "HASH (id)",
                "modulus", "4")) {
            EventsWriteLoad load = harness.writeLoad(2);
            load.start();
            Migration migration = harness.start();
            harness.awaitPhase(Phase.CONVERGED, Duration.ofMinutes(2));
            for (int i = 0; i < 2; i++) {
                db.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                        + " WHERE slot_name = 'partshift_public_events' AND active_pid IS NOT NULL");
                Thread.sleep(3_000);
            }
            load.stop();
            migration.awaitCaughtUp(Duration.ofSeconds(90));
            harness.assertShadowEqualsSource();
        }
    }

    @Test
    void aSlotDroppedBehindItsBackFailsTheMigrationWithTheReasonAndRefusesToResume(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 2_000);
        }
        MigrationHarness harness = new MigrationHarness(db, "public.events", "partition-by", "HASH (id)", "modulus", "4");
        harness.start();
        harness.awaitPhase(Phase.CONVERGED, Duration.ofMinutes(2));
        dropSlot(db);
        AssertionError failed = assertThrows(AssertionError.class, () -> harness.awaitPhase(Phase.PREPARED, Duration.ofMinutes(1)));
        assertTrue(String.valueOf(failed.getCause()).contains("was dropped"), () -> String.valueOf(failed.getCause()));
        assertEquals("FAILED", scalar(db, "SELECT phase FROM partshift.migrations"));
        assertTrue(scalar(db, "SELECT error FROM partshift.migrations").contains("abort"));

        MigrationHarness again = new MigrationHarness(db, "public.events", "partition-by", "HASH (id)", "modulus", "4");
        again.start();
        AssertionError refused = assertThrows(AssertionError.class, () -> again.awaitPhase(Phase.CONVERGED, Duration.ofMinutes(1)));
        assertTrue(String.valueOf(refused.getCause()).contains("is gone"), () -> String.valueOf(refused.getCause()));
    }

    private static void dropSlot(TestDatabase db) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                db.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                                + " WHERE slot_name = 'partshift_public_events' AND active_pid IS NOT NULL",
                        "SELECT pg_drop_replication_slot('partshift_public_events')");
                return;
            } catch (java.sql.SQLException inUse) {
                if (System.nanoTime() > deadline) {
                    throw inUse;
                }
                Thread.sleep(50);
            }
        }
    }

    private static String scalar(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
