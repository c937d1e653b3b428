package io.partshift.partitioning.pruning;

import io.partshift.config.BadInputException;
import io.partshift.config.TableRef;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a query PostgreSQL refused (the user's to fix: bad input) from a database that failed (not the user's:
 * the {@link SQLException} stays, with the table named).
 */
final class QueryRejection {
    /** read_only_sql_transaction: the query writes, or calls something that does, such as nextval(). */
    private static final String READ_ONLY = "25006";
    /**
     * SQLSTATE classes that mean "this query is wrong": syntax and names (42), data (22), a subquery returning more
     * than one row (21), unsupported features (0A), unknown prepared statements (26), errors raised by functions the
     * query calls (P0, 38, 39, 2F).
     */
    private static final Set<String> QUERY_CLASSES = Set.of("42", "22", "21", "0A", "26", "P0", "38", "39", "2F");

    private QueryRejection() {
    }

    /** Returns the exception to throw: a {@link BadInputException} for the user's mistakes, else {@code e} with context. */
    static RuntimeException translate(SQLException e, TableRef table) throws SQLException {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals(READ_ONLY)) {
            return new BadInputException("--query changes data (" + serverMessage(e) + "): verify runs the query to"
                    + " measure it, so give a SELECT that only reads.", e);
        }
        if (state.length() == 5 && QUERY_CLASSES.contains(state.substring(0, 2))) {
            return new BadInputException("--query was rejected by PostgreSQL (" + serverMessage(e) + "): fix the query"
                    + " so that it runs on its own, e.g. in psql.", e);
        }
        throw new SQLException("EXPLAIN ANALYZE of the query on " + table + " failed: " + e.getMessage(), state, e);
    }

    /** PostgreSQL's own words, without pgjdbc's "ERROR:" and position lines, plus its hint when it gave one. */
    private static String serverMessage(SQLException e) {
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (m == null || m.getMessage() == null) {
            return e.getMessage();
        }
        String hint = m.getHint();
        return hint == null ? m.getMessage() : m.getMessage() + "; " + stripPeriod(hint);
    }

    private static String stripPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
