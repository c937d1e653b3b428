package io.partshift.partitioning.pruning;

import io.partshift.config.BadInputException;
import io.partshift.config.TableRef;
import io.partshift.localpg.junit.PostgresExtension;
import io.partshift.localpg.junit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;

import static io.partshift.partitioning.pruning.PruningTables.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way the table or the query can be wrong ends in one sentence saying what and how to fix it. */
@ExtendWith(PostgresExtension.class)
class PruningBadInputIT {
    private final PruningCheck check = new PruningCheck();

    private String refusal(TestDatabase db, TableRef table, String query) throws Exception {
        try (Connection c = db.connect()) {
            BadInputException e = assertThrows(BadInputException.class, () -> check.check(c, table, query));
            assertTrue(c.getAutoCommit(), "the connection is handed back in auto-commit mode after a refusal");
            return e.getMessage();
        }
    }

    @Test
    void aPlainTable(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE plain_events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL)");
        assertEquals("public.plain_events is a plain table, not a partitioned table: this checks partition pruning"
                        + " on partitioned tables, so give --table one of those.",
                refusal(db, new TableRef("public", "plain_events"), "SELECT * FROM plain_events"));
    }

    @Test
    void aView(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        db.execute("CREATE VIEW recent_events AS SELECT * FROM events WHERE created_at > '2026-06-01 00:00+00'");
        assertEquals("public.recent_events is a view, not a partitioned table: this checks partition pruning on"
                        + " partitioned tables, so give --table one of those.",
                refusal(db, new TableRef("public", "recent_events"), "SELECT * FROM recent_events"));
    }

    @Test
    void aMissingTable(TestDatabase db) throws Exception {
        assertEquals("table public.nope does not exist: check the schema and name given to --table.",
                refusal(db, new TableRef("public", "nope"), "SELECT * FROM nope"));
    }

    @Test
    void aPartitionedTableWithoutPartitions(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE empty_events (id bigint, created_at timestamptz) PARTITION BY RANGE (created_at)");
        assertEquals("public.empty_events has no partitions yet, so there is nothing to prune: create or attach its"
                        + " partitions first.",
                refusal(db, new TableRef("public", "empty_events"), "SELECT * FROM empty_events"));
    }

    @Test
    void aSyntaxError(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        assertEquals("--query was rejected by PostgreSQL (syntax error at or near \"FORM\"): fix the query so that it"
                        + " runs on its own, e.g. in psql.",
                refusal(db, EVENTS, "SELECT * FORM events WHERE created_at > now()"));
    }

    @Test
    void anUnknownColumn(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        assertEquals("--query was rejected by PostgreSQL (column \"create_at\" does not exist; Perhaps you meant to"
                        + " reference the column \"events.created_at\"): fix the query so that it runs on its own,"
                        + " e.g. in psql.",
                refusal(db, EVENTS, "SELECT * FROM events WHERE create_at > now()"));
    }

    @Test
    void aDelete(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        assertEquals("--query is a DELETE statement: verify runs the query to measure it, so give a SELECT (or"
                        + " WITH ... SELECT) that only reads.",
                refusal(db, EVENTS, "DELETE FROM events WHERE created_at < '2026-02-01 00:00+00'"));
    }

    @Test
    void aDeleteHiddenInAWithQueryIsStoppedByReadOnly(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        assertEquals("--query changes data (cannot execute SELECT in a read-only transaction): verify runs the"
                        + " query to measure it, so give a SELECT that only reads.",
                refusal(db, EVENTS, "WITH gone AS (DELETE FROM events WHERE created_at < '2026-02-01 00:00+00'"
                        + " RETURNING id) SELECT count(*) FROM gone"));
        assertEquals(24000, PruningReadOnlyIT.count(db, "SELECT count(*) FROM events"));
    }

    @Test
    void twoStatements(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        assertEquals("--query holds 2 statements: give exactly one SELECT, without other statements before or after"
                        + " it.",
                refusal(db, EVENTS, "SELECT count(*) FROM events; DELETE FROM events"));
        assertEquals(24000, PruningReadOnlyIT.count(db, "SELECT count(*) FROM events"));
    }

    @Test
    void anEmptyQuery(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        assertTrue(refusal(db, EVENTS, "  ").startsWith("--query is empty: "));
    }

    @Test
    void aQueryThatDoesNotReadTheTable(TestDatabase db) throws Exception {
        PruningTables.monthlyEvents(db, false);
        db.execute("CREATE TABLE other (id int)");
        assertEquals("--query does not read public.events: its plan scans none of the table's 12 partitions even"
                        + " with pruning turned off, so give a query that selects from public.events.",
                refusal(db, EVENTS, "SELECT * FROM other WHERE id = 1"));
    }
}
