package io.partshift.pipeline.copy;

import io.partshift.config.TableRef;
import io.partshift.pipeline.state.StateSchema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes one source's rows of the {@code chunks} table (numbering in package-info): what a restarted copier
 * resumes from. Loading checks that each stripe's chunks follow on from each other, so a gap or an overlap is
 * reported instead of silently missing or recopying rows.
 */
final class ChunkStore {
    /** One stripe as persisted: its bounds, how far it got, and the rows it copied. */
    record StripeRecord(int stripe, KeyRange range, long chunksDone, List<String> watermark, long rows) {
        boolean done() {
            return chunksDone > 0 && Objects.equals(watermark, range.upper());
        }
    }

    private final StateSchema schema;
    private final TableRef source;

    ChunkStore(StateSchema schema, TableRef source) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The stripes in key order; empty when the copy was never planned. */
    List<StripeRecord> load(Connection c) throws SQLException {
        List<KeyRange> stripes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT stripe, lower_key, upper_key FROM " + schema.chunks()
                + " WHERE source = ? AND chunk = 0 ORDER BY stripe")) {
            ps.setString(1, source.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) != stripes.size()) {
                        throw inconsistent("stripe " + stripes.size() + " is missing");
                    }
                    stripes.add(new KeyRange(key(rs.getArray(2)), key(rs.getArray(3))));
                }
            }
        }
        List<StripeRecord> records = new ArrayList<>();
        for (int s = 0; s < stripes.size(); s++) {
            records.add(new StripeRecord(s, stripes.get(s), 0, stripes.get(s).lower(), 0));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT stripe, chunk, lower_key, upper_key, rows FROM "
                + schema.chunks() + " WHERE source = ? AND chunk > 0 ORDER BY stripe, chunk")) {
            ps.setString(1, source.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int stripe = rs.getInt(1);
                    long chunk = rs.getLong(2);
                    KeyRange range = new KeyRange(key(rs.getArray(3)), key(rs.getArray(4)));
                    if (stripe < 0 || stripe >= records.size()) {
                        throw inconsistent("chunk " + chunk + " " + range + " belongs to stripe " + stripe
                                + ", which was never planned");
                    }
                    StripeRecord r = records.get(stripe);
                    if (chunk != r.chunksDone() + 1 || !Objects.equals(range.lower(), r.watermark()) || r.done()) {
                        throw inconsistent("stripe " + stripe + " chunk " + chunk + " " + range + " does not follow"
                                + " chunk " + r.chunksDone() + " ending at " + bound(r.watermark()));
                    }
                    records.set(stripe, new StripeRecord(stripe, r.range(), chunk, range.upper(),
                            r.rows() + rs.getLong(5)));
                }
            }
        }
        return records;
    }

    /** Persists the stripes (chunk 0 rows) in one transaction, before any chunk is copied. */
    void saveStripes(Connection c, List<KeyRange> stripes) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema.chunks()
                + " (source, stripe, chunk, lower_key, upper_key, rows, millis) VALUES (?, ?, 0, ?, ?, 0, 0)")) {
            for (int s = 0; s < stripes.size(); s++) {
                ps.setString(1, source.toString());
                ps.setInt(2, s);
                ps.setArray(3, array(c, stripes.get(s).lower()));
                ps.setArray(4, array(c, stripes.get(s).upper()));
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("could not record the " + stripes.size() + " copy stripes of " + source + " in "
                    + schema.chunks() + ": " + e.getMessage(), e.getSQLState(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Records a copied chunk, in the caller's transaction: the chunk's rows and its row commit together. */
    void recordChunk(Connection c, int stripe, long chunk, KeyRange range, long rows, long millis)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema.chunks()
                + " (source, stripe, chunk, lower_key, upper_key, rows, millis) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, source.toString());
            ps.setInt(2, stripe);
            ps.setLong(3, chunk);
            ps.setArray(4, array(c, range.lower()));
            ps.setArray(5, array(c, range.upper()));
            ps.setLong(6, rows);
            ps.setLong(7, millis);
            ps.executeUpdate();
        }
    }

    private IllegalStateException inconsistent(String what) {
        return new IllegalStateException("the copy state of " + source + " in " + schema.chunks() + " is inconsistent: "
                + what + "; the copy cannot resume safely: drop the shadow's rows and that table's rows for "
                + source + " and copy again");
    }

    private static String bound(List<String> key) {
        return key == null ? "the unbounded start" : KeyRange.text(key);
    }

    private static Array array(Connection c, List<String> key) throws SQLException {
        return key == null ? null : c.createArrayOf("text", key.toArray());
    }

    private static List<String> key(Array array) throws SQLException {
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }
}
