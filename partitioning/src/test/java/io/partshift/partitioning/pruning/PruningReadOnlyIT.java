package io.partshift.partitioning.pruning;

import io.partshift.config.BadInputException;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static io.partshift.partitioning.pruning.PruningTables.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EXPLAIN ANALYZE executes the query; the check must leave the database exactly as it found it. */
@ExtendWith(PostgresExtension.class)
class PruningReadOnlyIT {
    private final PruningCheck check = new PruningCheck();

    @Test
    void aQueryCallingNextvalIsRefusedAndTheSequenceDoesNotMove(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        db.execute("CREATE SEQUENCE ticket", "SELECT nextval('ticket')");
        try (Connection c = db.connect()) {
            BadInputException e = assertThrows(BadInputException.class, () -> check.check(c, EVENTS,
                    "SELECT nextval('ticket'), id FROM events WHERE created_at < '2026-01-02 00:00+00'"));
            assertEquals("--query changes data (cannot execute nextval() in a read-only transaction): verify runs the"
                    + " query to measure it, so give a SELECT that only reads.", e.getMessage());
        }
        assertEquals(1, count(db, "SELECT last_value FROM ticket"));
    }

    @Test
    void whatReadOnlyStillAllowsIsRolledBack(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            // READ ONLY lets a query write to temporary tables: only the rollback undoes that.
            st.execute("CREATE TEMP TABLE seen (id bigint)");
            st.execute("CREATE FUNCTION pg_temp.remember(bigint) RETURNS bigint LANGUAGE sql VOLATILE"
                    + " AS 'INSERT INTO pg_temp.seen VALUES ($1) RETURNING id'");
            PruningReport r = check.check(c, EVENTS, "SELECT pg_temp.remember(id) FROM events"
                    + " WHERE created_at >= '2026-03-01 00:00+00' AND created_at < '2026-03-02 00:00+00'");
            assertEquals(PruningVerdict.PRUNED, r.verdict(), r::text);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM seen")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "the rows the query inserted were rolled back");
            }
            assertTrue(c.getAutoCommit());
            assertFalse(c.isReadOnly());
            try (ResultSet rs = st.executeQuery("SHOW transaction_read_only")) {
                rs.next();
                assertEquals("off", rs.getString(1), "the next transaction may write again");
            }
        }
        assertEquals(24000, count(db, "SELECT count(*) FROM events"));
    }

    @Test
    void aConnectionWithAnOpenTransactionIsNotTouched(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO events VALUES (-1, '2026-05-05 00:00+00', 'view', NULL)");
            }
            assertThrows(IllegalStateException.class, () -> check.check(c, EVENTS, "SELECT * FROM events"));
            c.commit();
        }
        assertEquals(24001, count(db, "SELECT count(*) FROM events"), "the caller's insert survived");
    }

    static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
