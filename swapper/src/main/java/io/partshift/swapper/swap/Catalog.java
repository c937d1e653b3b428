package io.partshift.swapper.swap;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Read-only catalog queries for the swap, on one connection whose search_path is empty for as long as this lives,
 * so that {@code pg_get_*def}, {@code pg_get_expr} and {@code regclass} print every name schema-qualified and the
 * definitions read here mean the same thing whatever search_path the swap later runs under. Inside the caller's
 * transaction the setting is local to it and restored on {@link #close()}; in autocommit mode the reads run in a
 * transaction of their own that is rolled back.
 */
final class Catalog implements AutoCloseable {
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final boolean ownTransaction;
    private final String previousSearchPath;

    private Catalog(Connection connection, boolean ownTransaction, String previousSearchPath) {
        this.connection = connection;
        this.ownTransaction = ownTransaction;
        this.previousSearchPath = previousSearchPath;
    }

    static Catalog open(Connection connection) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        boolean own = connection.getAutoCommit();
        if (own) {
            connection.setAutoCommit(false);
        }
        try {
            String previous = setSearchPath(connection, "");
            return new Catalog(connection, own, previous);
        } catch (SQLException | RuntimeException e) {
            if (own) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            throw e;
        }
    }

    <T> List<T> list(String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new SQLException("reading the catalog for the swap failed: " + e.getMessage() + " [" + firstLine(sql)
                    + "]", e.getSQLState(), e);
        }
    }

    <T> T one(String sql, Row<T> row, Object... params) throws SQLException {
        List<T> rows = list(sql, row, params);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size() + ": " + firstLine(sql));
        }
        return rows.get(0);
    }

    /** Which of {@code names} some relation in {@code schema} already has. */
    List<String> taken(String schema, Collection<String> names) throws SQLException {
        if (names.isEmpty()) {
            return List.of();
        }
        return list("SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname::text = ANY (?) ORDER BY 1", rs -> rs.getString(1), schema,
                connection.createArrayOf("text", names.toArray()));
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(o -> (String) o).toList();
    }

    @Override
    public void close() throws SQLException {
        if (ownTransaction) {
            try {
                connection.rollback();
            } finally {
                connection.setAutoCommit(true);
            }
        } else {
            setSearchPath(connection, previousSearchPath);
        }
    }

    /** Sets search_path for the current transaction only; returns the value it had. */
    private static String setSearchPath(Connection c, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT current_setting('search_path'), set_config('search_path', ?, true)")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String firstLine(String sql) {
        String trimmed = sql.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline) + " ...";
    }
}
