package io.partshift.pipeline.copy;

import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stripe into chunks by keyset: the next chunk's upper bound is the key {@code rows} rows past its lower
 * bound, found by walking the primary-key index from the lower bound (OFFSET within one chunk only, never over the
 * table). When fewer rows remain, the chunk ends where the stripe ends, open-ended for the last stripe, so rows
 * inserted beyond the largest key at start are copied too.
 */
final class KeyRangeChunker {
    private final KeyColumns key;
    private final TableRef table;

    KeyRangeChunker(KeyColumns key) {
        this.key = key;
        this.table = key.table();
    }

    /** The chunk starting at {@code lower} (null: the stripe's unbounded start) with at most {@code rows} rows now. */
    KeyRange next(Connection c, List<String> lower, KeyRange stripe, int rows) throws SQLException {
        KeyRange remaining = new KeyRange(lower, stripe.upper());
        String sql = "SELECT " + key.asText("s") + " FROM ONLY " + table.sql() + " s WHERE " + key.where("s", remaining)
                + " ORDER BY " + key.orderBy("s") + " LIMIT 1 OFFSET ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = key.bind(ps, 1, remaining);
            ps.setLong(i, rows);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return remaining;
                }
                List<String> upper = new ArrayList<>(key.size());
                for (int col = 1; col <= key.size(); col++) {
                    upper.add(rs.getString(col));
                }
                return new KeyRange(lower, upper);
            }
        } catch (SQLException e) {
            throw new SQLException("could not find the end of the next chunk of " + table + " from "
                    + remaining + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }
}
