package io.partshift.localpg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything in one database that partshift could change, as sorted text: schemas, relations (kind,
 * persistence, replica identity, owner, privileges, partitioning), columns, constraints, indexes, triggers,
 * sequences with their last value, row counts of tables, publications and their tables, this database's
 * replication slots, views and what they depend on, functions and extensions. Tests of refused or rolled-back
 * migrations compare two snapshots to prove the database is exactly as it was.
 *
 * <p>Not covered: table contents beyond row counts, types, policies, rules, statistics objects, comments, and
 * cluster-wide objects other than this database's slots.
 */
public final class CatalogSnapshot {

    private final List<String> lines;

    private CatalogSnapshot(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    /**
     * Reads the catalog of the database {@code c} is connected to. With autocommit on, it reads in one
     * REPEATABLE READ transaction (so the row counts agree with each other) and leaves the connection as it
     * found it; inside the caller's transaction it reads there and restores the search_path it changed.
     */
    public static CatalogSnapshot take(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        String searchPath = null;
        SQLException failure = null;
        try {
            if (autoCommit) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            searchPath = setSearchPath(c, ""); // every name pg_get_*def prints comes out schema-qualified
            return new CatalogSnapshot(CatalogQueries.collect(c));
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            try {
                if (autoCommit) {
                    c.rollback();
                    c.setTransactionIsolation(isolation);
                    c.setAutoCommit(true);
                } else if (searchPath != null) { // a local setting: restore it for the rest of the caller's transaction
                    setSearchPath(c, searchPath);
                }
            } catch (SQLException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    /** Sets search_path for the current transaction and returns the value it had. */
    private static String setSearchPath(Connection c, String value) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('search_path'), set_config('search_path', '"
                     + value.replace("'", "''") + "', true)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** One object per line; the first word says which kind, the second names it. */
    public String text() {
        return String.join("\n", lines);
    }

    public List<String> lines() {
        return lines;
    }

    /**
     * The lines that differ, this snapshot's as {@code - ...} and {@code other}'s as {@code + ...}: read this
     * as "before" and other as "after". Empty when the snapshots are equal.
     */
    public String diff(CatalogSnapshot other) {
        Set<String> mine = new LinkedHashSet<>(lines);
        Set<String> theirs = new LinkedHashSet<>(other.lines);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (!theirs.contains(line)) {
                out.append("- ").append(line).append('\n');
            }
        }
        for (String line : other.lines) {
            if (!mine.contains(line)) {
                out.append("+ ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CatalogSnapshot other && lines.equals(other.lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
