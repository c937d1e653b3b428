package io.partshift.partitioning.pruning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partshift.config.BadInputException;
import io.partshift.config.TableRef;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Runs a query once under {@code EXPLAIN ANALYZE} and reports which partitions of a partitioned table it scanned.
 *
 * <p>ANALYZE really executes the query, so it runs in a transaction set READ ONLY (PostgreSQL refuses any write to a
 * table or sequence) and that transaction is always rolled back (which also undoes what READ ONLY still allows, such
 * as writes to temporary tables). It still takes as long as the query does: give the connection a statement_timeout
 * if that matters.
 */
public final class PruningCheck {
    private static final String EXPLAIN_ANALYZE = "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Checks how {@code query} prunes {@code partitionedTable}.
     *
     * @param c a connection in auto-commit mode; it is left in auto-commit mode, with nothing changed
     * @throws BadInputException     when the table is missing or not partitioned, or the query is empty, more than
     *                               one statement, not a read, or rejected by PostgreSQL
     * @throws IllegalStateException when {@code c} has a transaction open, which the rollback would throw away
     * @throws SQLException          when the database fails for reasons other than the input
     */
    public PruningReport check(Connection c, TableRef partitionedTable, String query) throws SQLException {
        Objects.requireNonNull(c, "connection");
        Objects.requireNonNull(partitionedTable, "partitionedTable");
        QueryText text = QueryText.of(query);
        if (!c.getAutoCommit()) {
            throw new IllegalStateException("the pruning check needs a connection in auto-commit mode: it rolls back"
                    + " its own transaction, which would throw away the caller's open one");
        }
        c.setAutoCommit(false);
        Throwable failure = null;
        try {
            execute(c, "SET TRANSACTION READ ONLY");
            PartitionTree tree = PartitionTree.read(c, partitionedTable);
            PlanFacts facts = PlanFacts.of(explain(c, EXPLAIN_ANALYZE, text, partitionedTable), tree);
            if (facts.present().isEmpty() && facts.subplansRemoved() == 0) {
                requireReads(c, text, tree);
            }
            return PruningReport.from(tree, facts);
        } catch (RuntimeException | SQLException | Error e) {
            failure = e;
            throw e;
        } finally {
            endTransaction(c, failure);
        }
    }

    /**
     * No leaf in the plan means either the planner pruned them all or the query never reads the table. Only the
     * second is a mistake (a typo'd table name would otherwise pass as "pruned"), so plan again, without running
     * anything, with pruning turned off: a query that reads the table then shows its leaves.
     */
    private static void requireReads(Connection c, QueryText text, PartitionTree tree) throws SQLException {
        execute(c, "SET LOCAL enable_partition_pruning = off");
        // Otherwise constraint exclusion would still drop partitions by their bounds.
        execute(c, "SET LOCAL constraint_exclusion = off");
        if (PlanFacts.leavesIn(explain(c, "EXPLAIN (VERBOSE, FORMAT JSON) ", text, tree.table()), tree).isEmpty()) {
            throw new BadInputException("--query does not read " + tree.table().sql() + ": its plan scans none of the"
                    + " table's " + tree.leaves().size() + " partitions even with pruning turned off, so give a query"
                    + " that selects from " + tree.table().sql() + ".");
        }
    }

    private static JsonNode explain(Connection c, String explain, QueryText text, TableRef table) throws SQLException {
        try (Statement st = c.createStatement()) {
            // The query is the user's text: no JDBC {escape} rewriting.
            st.setEscapeProcessing(false);
            try (ResultSet rs = st.executeQuery(explain + text.sql())) {
                rs.next();
                return JSON.readTree(rs.getString(1));
            }
        } catch (SQLException e) {
            throw QueryRejection.translate(e, table);
        } catch (IOException e) {
            throw new IllegalStateException("EXPLAIN of the query on " + table + " returned JSON that does not parse", e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Rolls back and restores auto-commit; a failure here is reported, but never hides the one that got us here. */
    private static void endTransaction(Connection c, Throwable failure) throws SQLException {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }
}
