package io.partshift.partitioning.shadow;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link ShadowPlan}: the only writer in this package. The create statements run in one transaction, so a
 * failure leaves nothing behind; a short lock_timeout keeps the DDL from queueing the application's queries behind
 * it should something hold a conflicting lock.
 */
public final class ShadowCreator {
    /** Creating new tables needs no lock others hold for long; foreign keys lock the referenced tables briefly. */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

    private final Connection connection;

    /** @param connection in autocommit mode: the creator owns its transactions */
    public ShadowCreator(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * Creates the shadow, its partitions and indexes in one transaction, after checking that no name is taken.
     *
     * @throws io.partshift.config.BadInputException when a relation already has a planned name
     * @throws SQLException                          naming the statement that failed; everything was rolled back
     */
    public void create(ShadowPlan plan) throws SQLException {
        plan.requireNoConflicts(connection);
        run(plan, plan.createStatements(), "creating the shadow table " + plan.shadow());
    }

    /** Adds what must wait for the backfill (the foreign keys), in one transaction. Call after the copy. */
    public void applyPostCopy(ShadowPlan plan) throws SQLException {
        applyPostCopy(plan.shadow(), plan.searchPath(), plan.postCopyStatements());
    }

    /**
     * The same, from what a migration stored when it planned (a resumed run does not plan again).
     *
     * @param searchPath the search_path the plan was made under ({@link ShadowPlan#searchPath()})
     */
    public void applyPostCopy(io.partshift.config.TableRef shadow, String searchPath, List<String> statements)
            throws SQLException {
        if (!statements.isEmpty()) {
            run(searchPath, statements, "adding the foreign keys to " + shadow);
        }
    }

    /** The session settings each transaction starts with; {@link PlanRenderer} prints the same ones. */
    static List<String> preamble(ShadowPlan plan) {
        return preamble(plan.searchPath());
    }

    private static List<String> preamble(String searchPath) {
        String path = searchPath.isBlank() || searchPath.equals("\"\"") ? "''" : searchPath;
        return List.of("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT.toSeconds() + "s'",
                "SET LOCAL search_path TO " + path);
    }

    private void run(ShadowPlan plan, List<String> statements, String what) throws SQLException {
        run(plan.searchPath(), statements, what);
    }

    private void run(String searchPath, List<String> statements, String what) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException(what + " needs a connection in autocommit mode, so that it owns the"
                    + " transaction it commits");
        }
        connection.setAutoCommit(false);
        int done = 0;
        String current = null;
        try (Statement st = connection.createStatement()) {
            for (String setting : preamble(searchPath)) {
                current = setting;
                st.execute(setting);
            }
            for (String sql : statements) {
                current = sql;
                st.execute(sql);
                done++;
            }
            current = "COMMIT";
            connection.commit();
        } catch (SQLException e) {
            rollback(e);
            throw new SQLException(what + " failed at statement " + (done + 1) + " of " + statements.size()
                    + " and was rolled back, so nothing changed: " + firstLine(current) + ": " + e.getMessage(),
                    e.getSQLState(), e);
        } catch (RuntimeException e) {
            rollback(e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void rollback(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String firstLine(String sql) {
        int newline = sql.indexOf('\n');
        return newline < 0 ? sql : sql.substring(0, newline) + " ...";
    }
}
