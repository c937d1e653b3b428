package io.partshift.partitioning.lifecycle;

import io.partshift.config.MaintenanceSpec;
import io.partshift.localpg.CatalogSnapshot;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long transaction in the way: maintain gives up after its retries having changed nothing, and finishes later. */
@ExtendWith(PostgresExtension.class)
class LockTimeoutIT {
    @Test
    void aReaderOfDefaultMakesTheCreationGiveUpCleanly(TestDatabase db) throws Exception {
        db.execute(RangeMaintenanceIT.EVENTS);
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.events", "partition-by", "RANGE (created_at)",
                "interval", "1 month", "premake", "1", "maintain-lock-timeout", "100ms", "maintain-lock-retries", "2");
        CatalogSnapshot before = Lifecycle.snapshot(db);
        try (Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("SELECT count(*) FROM events_default"); // holds ACCESS SHARE on DEFAULT until rollback
            SQLException e = assertThrows(SQLException.class, () -> Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec));
            assertTrue(e.getMessage().startsWith("creating public.events_p2026_04 could not get its locks in 2 attempts"
                    + " of 100 ms each, so it changed nothing"), e.getMessage());
            blocker.rollback();
        }
        Lifecycle.assertUnchanged(db, before);
        assertEquals(1, Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec).outcomes().size(), "done once it is free");
    }

    @Test
    void anInterruptedConcurrentDetachIsFinishedByTheNextRun(TestDatabase db) throws Exception {
        db.execute(RangeMaintenanceIT.EVENTS, "DROP TABLE events_default");
        MaintenanceSpec spec = Lifecycle.spec(db, "table", "public.events", "partition-by", "RANGE (created_at)",
                "interval", "1 month", "premake", "0", "retention", "1 month", "no-default-partition", "true",
                "maintain-lock-timeout", "100ms", "maintain-lock-retries", "2");
        try (Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            st.execute("SELECT count(*) FROM events"); // the second phase of DETACH CONCURRENTLY waits for this
            SQLException e = assertThrows(SQLException.class, () -> Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec));
            assertTrue(e.getMessage().startsWith("detaching public.events_p2026_01 could not get its locks"), e.getMessage());
            blocker.rollback();
        }
        assertEquals(List.of("t"), Lifecycle.strings(db, "SELECT inhdetachpending FROM pg_inherits"
                + " WHERE inhrelid = 'events_p2026_01'::regclass"), "left half detached");
        MaintenanceResult next = Lifecycle.maintain(db, "2026-03-15T00:00:00Z", spec);
        assertEquals(MaintenanceStep.DetachMode.FINALIZE, ((MaintenanceStep.Expire) next.outcomes().get(0).step()).mode());
        assertEquals(0, Lifecycle.count(db, "SELECT count(*) FROM pg_class WHERE relname = 'events_p2026_01'"));
    }
}
