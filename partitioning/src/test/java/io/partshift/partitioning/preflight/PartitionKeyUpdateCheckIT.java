package io.partshift.partitioning.preflight;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.partshift.partitioning.preflight.CheckResult.Status.WARN;
import static io.partshift.partitioning.preflight.Checks.assertResult;
import static io.partshift.partitioning.preflight.Checks.monthly;
import static io.partshift.partitioning.preflight.Checks.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(PostgresExtension.class)
class PartitionKeyUpdateCheckIT {
    private final PartitionKeyUpdateCheck check = new PartitionKeyUpdateCheck();

    @Test
    void alwaysWarnsAboutSerializationFailuresOnKeyUpdates(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)");

        CheckResult result = run(check, db, monthly(db, "events", "created_at"));

        assertResult(result, WARN, "UPDATE that changes created_at", "another partition", "40001", "READ COMMITTED",
                "retries");
        assertFalse(result.message().contains("triggers"), result.message());
    }

    @Test
    void namesTheUpdateTriggersThatAMoveSkips(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at date NOT NULL)",
                "CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "CREATE TRIGGER update_stamp BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION noop()",
                "CREATE TRIGGER on_change AFTER UPDATE OF created_at ON events FOR EACH ROW EXECUTE FUNCTION noop()");

        assertResult(run(check, db, monthly(db, "events", "created_at")), WARN,
                "fires DELETE and INSERT triggers, not the UPDATE trigger on_change");
        assertFalse(run(check, db, monthly(db, "events", "created_at")).message().contains("update_stamp"),
                "an INSERT trigger named update_... is not an UPDATE trigger");
    }

    /** What the warning says, shown on a partitioned table: the waiting UPDATE fails instead of following the row. */
    @Test
    void theWarnedAboutFailureIsReal(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE p (id bigint, created_at date, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)",
                "CREATE TABLE p_jan PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')",
                "CREATE TABLE p_feb PARTITION OF p FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')",
                "INSERT INTO p VALUES (1, '2024-01-15')");
        try (Connection mover = db.connect(); Statement st = mover.createStatement()) {
            mover.setAutoCommit(false);
            st.execute("UPDATE p SET created_at = '2024-02-15' WHERE id = 1");
            CompletableFuture<Void> concurrent = CompletableFuture.runAsync(() -> {
                try {
                    db.execute("UPDATE p SET id = id WHERE id = 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLockWait(db); // only an UPDATE queued behind the mover's row lock sees the move
            mover.commit();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> concurrent.get(10, TimeUnit.SECONDS));
            SQLException cause = assertInstanceOf(SQLException.class, failed.getCause().getCause());
            assertEquals("40001", cause.getSQLState(), cause.getMessage());
        }
    }

    private static void awaitLockWait(TestDatabase db) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the concurrent UPDATE never waited for the row lock");
    }
}
