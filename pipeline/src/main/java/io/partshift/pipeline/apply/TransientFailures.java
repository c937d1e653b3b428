package io.partshift.pipeline.apply;

import java.sql.SQLException;
import java.util.Set;

/**
 * Which failures a retry of the whole batch can cure. Idempotent replay makes any retry safe; these are the ones
 * worth waiting for.
 */
final class TransientFailures {
    /**
     * 40001: a concurrent UPDATE moved the row to another partition (PostgreSQL reports this even in READ COMMITTED),
     * or a serializable conflict. 40P01: deadlock, the other side proceeds.
     */
    private static final Set<String> RETRY = Set.of("40001", "40P01");
    /** The server ended the session (admin shutdown, crash shutdown, cannot connect now): reconnect and retry. */
    private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02", "57P03");

    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        return failure instanceof SQLException e && e.getSQLState() != null
                && (RETRY.contains(e.getSQLState()) || isConnectionLoss(e));
    }

    /** Class 08 (connection exception) or the server ending the session: the connection cannot be reused. */
    static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || SESSION_ENDED.contains(state));
    }
}
