package io.partshift.partitioning.shadow;

import io.partshift.config.BadInputException;
import io.partshift.config.Identifiers;
import io.partshift.config.ListGroup;
import io.partshift.config.Options;
import io.partshift.config.PartitionLevel;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.IndexInfo;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads what the data says about a partition column: exact min and max for RANGE, the distinct values for LIST.
 * Only reads. min/max use PostgreSQL's index-backed min/max when an index leads with the column; distinct values
 * use a loose index scan when one does, and stop at the cap so a high-cardinality column is caught without reading
 * every value.
 */
final class KeyProfiler {
    private static final String TIME_FORMAT = "'YYYY-MM-DD HH24:MI:SS.US BC'";
    private final Connection connection;

    KeyProfiler(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * @param sub           whether this is the second level (only changes option names in messages)
     * @param maxPartitions LIST without groups reads at most one value more than this
     */
    KeyProfile profile(SourceTable source, PartitionLevel level, Column column, boolean sub, int maxPartitions)
            throws SQLException {
        Optional<TimeRanges.Kind> time = TimeRanges.Kind.of(column.baseType());
        return switch (level.method()) {
            case HASH -> KeyProfile.none();
            case RANGE -> time.isPresent() ? timeRange(source, column, time.get()) : integerRange(source, column);
            case LIST -> level.groups().isEmpty()
                    ? distinct(source, column, maxPartitions + 1)
                    : KeyProfile.ungrouped(ungrouped(source, column, level.groups(), sub));
        };
    }

    private KeyProfile integerRange(SourceTable source, Column column) throws SQLException {
        String c = Identifiers.quote(column.name());
        String sql = "SELECT min(" + c + ")::text, max(" + c + ")::text FROM " + source.ref().sql();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return KeyProfile.range(Optional.ofNullable(rs.getString(1)), Optional.ofNullable(rs.getString(2)), false);
        }
    }

    /**
     * Infinite values sort first and last, so a plain min/max finds them; only then is the finite range read again
     * (still index-backed: PostgreSQL turns min/max with a WHERE clause into an ordered index scan).
     */
    private KeyProfile timeRange(SourceTable source, Column column, TimeRanges.Kind kind) throws SQLException {
        KeyProfile all = timeRange(source, column, kind, false);
        return all.hasInfinite() ? timeRange(source, column, kind, true) : all;
    }

    private KeyProfile timeRange(SourceTable source, Column column, TimeRanges.Kind kind, boolean finiteOnly)
            throws SQLException {
        String c = Identifiers.quote(column.name());
        String utc = switch (kind) {
            case DATE -> "::timestamp";
            case TIMESTAMP -> "";
            case TIMESTAMPTZ -> " AT TIME ZONE 'UTC'";
        };
        String sql = "SELECT isfinite(min(" + c + ")) AND isfinite(max(" + c + ")),"
                + " to_char(min(" + c + ")" + utc + ", " + TIME_FORMAT + "),"
                + " to_char(max(" + c + ")" + utc + ", " + TIME_FORMAT + ")"
                + " FROM " + source.ref().sql() + (finiteOnly ? " WHERE isfinite(" + c + ")" : "");
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            boolean finite = rs.getBoolean(1) || rs.wasNull();
            return KeyProfile.range(Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3)),
                    finiteOnly || !finite);
        }
    }

    private KeyProfile distinct(SourceTable source, Column column, int cap) throws SQLException {
        String c = Identifiers.quote(column.name());
        String t = source.ref().sql();
        // With a btree index leading on the column, hop from value to value instead of reading every row.
        String sql = leadingBtree(source, column.name())
                ? "WITH RECURSIVE v(k) AS ((SELECT " + c + " FROM " + t + " WHERE " + c + " IS NOT NULL ORDER BY " + c
                + " LIMIT 1) UNION ALL SELECT (SELECT " + c + " FROM " + t + " WHERE " + c + " > v.k ORDER BY " + c
                + " LIMIT 1) FROM v WHERE v.k IS NOT NULL) SELECT k::text FROM v WHERE k IS NOT NULL LIMIT ?"
                : "SELECT d.k::text FROM (SELECT DISTINCT " + c + " AS k FROM " + t + " WHERE " + c
                + " IS NOT NULL) d ORDER BY d.k LIMIT ?";
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setInt(1, cap);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return KeyProfile.values(values, values.size() >= cap);
    }

    /** Up to six existing values that no group lists, compared by the column type's equality, as routing will. */
    private List<String> ungrouped(SourceTable source, Column column, List<ListGroup> groups, boolean sub)
            throws SQLException {
        String c = Identifiers.quote(column.name());
        String listed = groups.stream().flatMap(g -> g.values().stream()).map(Identifiers::literal)
                .collect(Collectors.joining(", "));
        String sql = "SELECT d.k::text FROM (SELECT DISTINCT " + c + " AS k FROM " + source.ref().sql()
                + " WHERE " + c + " NOT IN (" + listed + ")) d ORDER BY d.k LIMIT 6";
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("22")) {
                throw new BadInputException((sub ? Options.SUB_LIST_GROUP : Options.LIST_GROUP).flag()
                        + " has a value that is not a valid " + column.type() + " for column " + column.name()
                        + " (" + e.getMessage() + "): list values as the column stores them.", e);
            }
            throw e;
        }
        return values;
    }

    private static boolean leadingBtree(SourceTable source, String column) {
        for (IndexInfo index : source.indexes()) {
            if (index.valid() && !index.partial() && !index.columns().isEmpty()
                    && index.columns().get(0).equals(column) && index.definition().contains(" USING btree (")) {
                return true;
            }
        }
        return false;
    }
}
