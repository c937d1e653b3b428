package io.partshift.pipeline.copy;

import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the key space into stripes of about equal rows, so parallel copiers finish together. The split points are
 * quantiles of a page sample ({@code TABLESAMPLE SYSTEM}, a few hundred pages whatever the table's size), sorted by
 * PostgreSQL in the key's order. Stripe 0 starts below every key and the last stripe ends above every key.
 */
final class StripeSplitter {
    /** Pages to sample: enough for quantiles within a percent or so, cheap on any table. */
    static final int SAMPLE_PAGES = 500;

    private final KeyColumns key;
    private final TableRef table;

    StripeSplitter(KeyColumns key) {
        this.key = key;
        this.table = key.table();
    }

    /** At most {@code stripes} ranges covering every key; fewer when the table has too few rows to split. */
    List<KeyRange> split(Connection c, int stripes) throws SQLException {
        if (stripes < 1) {
            throw new IllegalArgumentException("copy parallelism must be at least 1, not " + stripes);
        }
        List<List<String>> points = stripes == 1 ? List.of() : splitPoints(c, stripes);
        List<KeyRange> ranges = new ArrayList<>();
        List<String> lower = null;
        for (List<String> point : points) {
            ranges.add(new KeyRange(lower, point));
            lower = point;
        }
        ranges.add(new KeyRange(lower, null));
        return ranges;
    }

    /**
     * The sampled keys where the bucket {@code (rn - 1) * stripes / count} changes: at most {@code stripes - 1}
     * distinct keys in ascending order (a primary key has no duplicates).
     */
    private List<List<String>> splitPoints(Connection c, int stripes) throws SQLException {
        String sample = String.format(java.util.Locale.ROOT, "%.9f", percent(c));
        String sql = "SELECT " + key.asText("q") + " FROM (SELECT " + key.columnList("s")
                + ", row_number() OVER w AS rn, count(*) OVER () AS cnt FROM ONLY " + table.sql() + " s"
                + " TABLESAMPLE SYSTEM (" + sample + ") REPEATABLE (0) WINDOW w AS (ORDER BY " + key.orderBy("s")
                + ")) q WHERE q.rn > 1 AND (q.rn - 1) * ? / q.cnt <> (q.rn - 2) * ? / q.cnt ORDER BY q.rn";
        List<List<String>> points = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, stripes);
            ps.setLong(2, stripes);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> point = new ArrayList<>(key.size());
                    for (int col = 1; col <= key.size(); col++) {
                        point.add(rs.getString(col));
                    }
                    points.add(point);
                }
            }
        } catch (SQLException e) {
            throw new SQLException("could not sample the keys of " + table + " to split the copy into " + stripes
                    + " stripes: " + e.getMessage(), e.getSQLState(), e);
        }
        return points;
    }

    /** The share of pages that makes about {@link #SAMPLE_PAGES}; all of a small table. */
    private double percent(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_relation_size(?::text::regclass)"
                + " / current_setting('block_size')::bigint")) {
            ps.setString(1, table.sql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long pages = Math.max(1, rs.getLong(1));
                return Math.min(100.0, 100.0 * SAMPLE_PAGES / pages);
            }
        }
    }
}
