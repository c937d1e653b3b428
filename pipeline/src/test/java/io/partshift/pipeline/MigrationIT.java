package io.partshift.pipeline;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import io.partshift.localpg.load.EventsTable;
import io.partshift.localpg.load.EventsWriteLoad;
import io.partshift.pipeline.state.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole online migration under a concurrent write load (inserts, updates, partition-key and primary-key
 * updates, TOAST-keeping updates, NULLs, deletes, far-future rows): the shadow must equal the source row by row.
 */
@ExtendWith(PostgresExtension.class)
class MigrationIT {

    @Test
    void rangeMigrationUnderWriteLoadEndsEqual(TestDatabase db) throws Exception {
        migrateUnderLoad(db, "partition-by", "RANGE (created_at)", "interval", "1 month");
    }

    @Test
    void listMigrationUnderWriteLoadEndsEqual(TestDatabase db) throws Exception {
        migrateUnderLoad(db, "partition-by", "LIST (campaign_id)");
    }

    @Test
    void hashMigrationUnderWriteLoadEndsEqual(TestDatabase db) throws Exception {
        migrateUnderLoad(db, "partition-by", "HASH (id)", "modulus", "8");
    }

    @Test
    void twoLevelMigrationUnderWriteLoadEndsEqual(TestDatabase db) throws Exception {
        migrateUnderLoad(db, "partition-by", "RANGE (created_at)", "interval", "3 months",
                "subpartition-by", "HASH (campaign_id)", "sub-modulus", "4");
    }

    @Test
    void aQuietTableConvergesUnderTheDefaultCutoverLag(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 5_000);
        }
        // Heartbeats alone must keep the measured lag under the default 500 ms for the whole window.
        try (MigrationHarness harness = new MigrationHarness(db, "public.events", "partition-by", "HASH (id)",
                "modulus", "4", "cutover-lag", "500ms", "converge-window", "3s")) {
            Migration migration = harness.start();
            harness.awaitPhase(Phase.CONVERGED, Duration.ofMinutes(1));
            assertTrue(migration.lag().orElseThrow().lagMillis().getAsLong() < 500, () -> "lag " + migration.lag());
            harness.assertShadowEqualsSource();
        }
    }

    private static void migrateUnderLoad(TestDatabase db, String... options) throws Exception {
        try (Connection c = db.connect()) {
            EventsTable.create(c, 30_000);
        }
        try (MigrationHarness harness = new MigrationHarness(db, "public.events", options)) {
            EventsWriteLoad load = harness.writeLoad(2);
            load.start();
            Thread.sleep(500);
            Migration migration = harness.start();
            harness.awaitPhase(Phase.CONVERGED, Duration.ofMinutes(3));
            Thread.sleep(1_000);
            EventsWriteLoad.Stats stats = load.stop();
            assertTrue(stats.total() > 100, () -> "the load wrote too little to prove anything: " + stats);
            migration.awaitCaughtUp(Duration.ofSeconds(60));
            harness.assertShadowEqualsSource();
        }
    }
}
