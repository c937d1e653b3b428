package io.partshift.swapper.swap;

import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.partshift.swapper.swap.SwapFixture.EVENTS;
import static io.partshift.swapper.swap.SwapFixture.NAMES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How long the swap holds the application's table, and why the foreign keys are added in two phases. By default
 * 100k rows; the measurement in the report: {@code -Dpartshift.bench.rows=1000000}.
 */
@ExtendWith(PostgresExtension.class)
class SwapDurationIT {
    private static final Logger LOG = LoggerFactory.getLogger(SwapDurationIT.class);
    private static final int ROWS = Integer.getInteger("partshift.bench.rows", 100_000);
    /** Scans of the leaf partitions and of their indexes (a check may read an index only) in this session. */
    private static final String LEAF_SCANS = "SELECT coalesce(sum(pg_stat_get_xact_numscans(r)), 0) FROM ("
            + "SELECT relid AS r FROM pg_partition_tree('%1$s') WHERE isleaf UNION ALL SELECT i.indexrelid"
            + " FROM pg_index i WHERE i.indrelid IN (SELECT relid FROM pg_partition_tree('%1$s') WHERE isleaf)) s";

    @Test
    void theSwapHoldsTheTableForMillisecondsAndTheForeignKeysAttachWithoutAScan(TestDatabase db) throws Exception {
        SwapFixture fx = new SwapFixture(db).createSource(ROWS);
        fx.createAndFillShadow();
        db.execute("VACUUM ANALYZE events_partshift");

        long validatingUnderTheLock;
        long scansWhenValidatingUnderTheLock;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("LOCK TABLE " + NAMES.shadow().sql() + " IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            st.execute("ALTER TABLE " + NAMES.shadow().sql() + " ADD CONSTRAINT events_campaign_id_fkey"
                    + " FOREIGN KEY (campaign_id) REFERENCES campaigns (id)");
            validatingUnderTheLock = millis(start);
            scansWhenValidatingUnderTheLock = count(st, LEAF_SCANS.formatted(NAMES.shadow().sql()));
            c.rollback();
        }

        long readMillis;
        long runMillis;
        long commitMillis;
        int steps;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            // The orchestration can read once before taking the lock, to refuse early; that also warms the driver.
            SwapStatements.forward(c, NAMES);
            st.execute("LOCK TABLE " + EVENTS.sql() + ", " + NAMES.shadow().sql() + " IN ACCESS EXCLUSIVE MODE");
            long locked = System.nanoTime();
            SwapScript script = SwapStatements.forward(c, NAMES);
            readMillis = millis(locked);
            long run = System.nanoTime();
            SwapFixture.run(st, script.steps());
            runMillis = millis(run);
            long commit = System.nanoTime();
            c.commit();
            commitMillis = millis(commit);
            steps = script.steps().size();
        }

        long validateMillis = 0;
        long attachMillis = 0;
        long scansWhenAttaching = -1;
        List<SwapStep> after;
        try (Connection c = db.connect()) {
            after = SwapStatements.afterSwap(c, NAMES);
        }
        for (SwapStep step : after) {
            // A session of its own per step: a backend sums scan counts over its transactions until it reports them.
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                long start = System.nanoTime();
                st.execute(step.sql());
                if (step.sql().contains("VALIDATE")) {
                    validateMillis += millis(start);
                } else {
                    attachMillis += millis(start);
                    scansWhenAttaching = count(st, LEAF_SCANS.formatted(EVENTS.sql()));
                }
                c.commit();
            }
        }
        long total = readMillis + runMillis + commitMillis;
        LOG.info("{} rows: the forward swap ({} steps) held ACCESS EXCLUSIVE for {} ms (catalog reads {} ms,"
                        + " statements {} ms, commit {} ms); adding the foreign key under the lock instead would take"
                        + " {} ms ({} partition scans); after the swap: validating the partitions {} ms (writers go on),"
                        + " attaching to the parent {} ms ({} scans)", ROWS, steps, total, readMillis, runMillis,
                commitMillis, validatingUnderTheLock, scansWhenValidatingUnderTheLock, validateMillis, attachMillis,
                scansWhenAttaching);

        assertTrue(total < 5_000, "the swap held the table for " + total + " ms");
        assertTrue(scansWhenValidatingUnderTheLock > 0, "the probe sees a validating scan");
        assertEquals(0, scansWhenAttaching, "attaching validated partition keys reads no partition");
        assertEquals("t", fx.string("SELECT convalidated FROM pg_constraint WHERE contype = 'f'"
                + " AND conrelid = 'public.events'::regclass"));
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
