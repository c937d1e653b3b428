package io.partshift.partitioning.lifecycle;

import io.partshift.config.TableRef;
import io.partshift.partitioning.shadow.TimeRanges;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a DEFAULT partition holds, counted in the buckets one level partitions by: calendar days (UTC) for a date or
 * timestamp key, multiples of the step for an integer key, values for LIST. DEFAULT is meant to stay small, so these
 * read it whole; they run before any lock is taken. An optional condition narrows the rows (e.g. to those that
 * will move into one new partition, to lay out that partition's own partitions).
 */
final class DefaultRows {
    private DefaultRows() {
    }

    /** Rows per day of a finite date or timestamp key; infinite values never fit a RANGE partition. */
    static SortedMap<LocalDate, Long> days(Connection c, TableRef relation, String column, TimeRanges.Kind kind,
                                           String condition) throws SQLException {
        String day = switch (kind) {
            case TIMESTAMPTZ -> "(" + column + " AT TIME ZONE 'UTC')::date";
            case TIMESTAMP -> column + "::date";
            case DATE -> column;
        };
        // Epoch days read back the same for BC dates and years past 9999, which date text would not.
        String sql = "SELECT (" + day + ") - date '1970-01-01' AS epoch_day, count(*) FROM " + relation.sql()
                + " WHERE isfinite(" + column + ") AND (" + condition + ") GROUP BY 1 ORDER BY 1";
        SortedMap<LocalDate, Long> days = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                days.put(LocalDate.ofEpochDay(rs.getLong(1)), rs.getLong(2));
            }
        }
        return days;
    }

    /** Rows per multiple of {@code step} (the start of the integer RANGE partition each belongs in). */
    static SortedMap<BigInteger, Long> integerSlots(Connection c, TableRef relation, String column, BigInteger step,
                                                    String condition) throws SQLException {
        String sql = "SELECT floor(" + column + "::numeric / " + step + ")::numeric * " + step + " AS slot, count(*) FROM "
                + relation.sql() + " WHERE " + column + " IS NOT NULL AND (" + condition + ") GROUP BY 1 ORDER BY 1";
        SortedMap<BigInteger, Long> slots = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                slots.put(rs.getBigDecimal(1).toBigIntegerExact(), rs.getLong(2));
            }
        }
        return slots;
    }

    /**
     * Rows per non-NULL value, in the database's order, at most {@code limit} values (one more tells the caller
     * there are more than it can use).
     */
    static Map<String, Long> values(Connection c, TableRef relation, String column, String condition, int limit)
            throws SQLException {
        String sql = "SELECT " + column + "::text, count(*) FROM " + relation.sql() + " WHERE " + column
                + " IS NOT NULL AND (" + condition + ") GROUP BY " + column + " ORDER BY " + column + " LIMIT ?";
        Map<String, Long> values = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return values;
    }

    /** Rows matching {@code condition} ({@code true} for all). */
    static long count(Connection c, TableRef relation, String condition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + relation.sql() + " WHERE " + condition);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The largest value of an integer key among the rows matching {@code condition}; empty when there are none. */
    static Optional<BigInteger> max(Connection c, TableRef relation, String column, String condition)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(" + column + ")::numeric FROM " + relation.sql()
                + " WHERE " + condition);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.ofNullable(rs.getBigDecimal(1)).map(BigDecimal::toBigIntegerExact);
        }
    }
}
