package io.partshift.pipeline.verify;

import io.partshift.config.Identifiers;
import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;
import io.partshift.pipeline.copy.KeyColumns;
import io.partshift.pipeline.copy.KeyRange;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Re-copies one primary-key range from the source snapshot into the shadow. The rows stream, in binary COPY format,
 * from the snapshot into a temporary table on the shadow's connection (one buffer at a time, never the range in
 * memory); then one shadow transaction deletes the range and inserts the temporary table's rows. Generated columns
 * are left to the shadow to compute; identity columns keep the source's values (OVERRIDING SYSTEM VALUE).
 */
public final class RangeRepair {
    private static final String TEMP = "pg_temp.partshift_repair";

    private final SourceTable source;
    private final TableRef shadow;
    private final String columns;
    private KeyColumns key;

    public RangeRepair(SourceTable source, TableRef shadow) {
        this.source = Objects.requireNonNull(source, "source");
        this.shadow = Objects.requireNonNull(shadow, "shadow");
        this.columns = source.columns().stream().filter(c -> !c.isGenerated()).map(Column::name)
                .map(Identifiers::quote).collect(Collectors.joining(", "));
    }

    /**
     * Makes the shadow's rows in {@code range} those of the snapshot. Either all of it is committed or nothing is.
     *
     * @param snapshot the source connection whose transaction holds the snapshot (read only is fine); it stays usable
     *                 when the shadow side fails
     * @param shadowConnection a connection outside any transaction; left with autocommit as it was
     * @return rows copied
     * @throws SQLException naming the range, when the rows cannot go into the shadow (no partition accepts one, say)
     */
    public long repair(Connection snapshot, Connection shadowConnection, KeyRange range) throws SQLException {
        KeyColumns k = key(snapshot);
        String copyOut = "COPY (SELECT " + columns + " FROM ONLY " + source.ref().sql() + " s WHERE "
                + literalWhere(snapshot, k, range) + ") TO STDOUT (FORMAT binary)";
        boolean autocommit = shadowConnection.getAutoCommit();
        shadowConnection.setAutoCommit(false);
        try {
            try (Statement s = shadowConnection.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE " + TEMP.substring("pg_temp.".length()) + " ON COMMIT DROP AS SELECT "
                        + columns + " FROM " + shadow.sql() + " WITH NO DATA");
            }
            long rows = stream(snapshot, shadowConnection, copyOut);
            try (PreparedStatement ps = shadowConnection.prepareStatement("DELETE FROM " + shadow.sql() + " s WHERE "
                    + k.where("s", range))) {
                k.bind(ps, 1, range);
                ps.executeUpdate();
            }
            try (Statement s = shadowConnection.createStatement()) {
                // Accepted (and a no-op) on tables without an identity column.
                s.executeUpdate("INSERT INTO " + shadow.sql() + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT "
                        + columns + " FROM " + TEMP);
            }
            shadowConnection.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(shadowConnection, e);
            if (e instanceof SQLException sql) {
                String what = RangeDiff.render(k.columns().stream().map(KeyColumns.Column::name).toList(), range);
                throw new SQLException("could not re-copy " + what + " of " + source.ref() + " into " + shadow + ": "
                        + oneLine(sql), sql.getSQLState(), sql);
            }
            throw e;
        } finally {
            shadowConnection.setAutoCommit(autocommit);
        }
    }

    /**
     * Streams the source's COPY into the temporary table. If the shadow side fails, the rest of the source's COPY is
     * read and dropped rather than cancelled: a cancel would abort the snapshot's transaction and lose the snapshot.
     */
    private static long stream(Connection snapshot, Connection shadowConnection, String copyOut) throws SQLException {
        CopyIn in = shadowConnection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + TEMP + " FROM STDIN (FORMAT binary)");
        CopyOut out;
        try {
            out = snapshot.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut);
        } catch (SQLException e) {
            in.cancelCopy();
            throw e;
        }
        try {
            byte[] buffer;
            while ((buffer = out.readFromCopy()) != null) {
                in.writeToCopy(buffer, 0, buffer.length);
            }
            return in.endCopy();
        } catch (SQLException e) {
            while (out.isActive() && out.readFromCopy() != null) {
                // drain: keeps the snapshot's transaction alive
            }
            if (in.isActive()) {
                in.cancelCopy();
            }
            throw e;
        }
    }

    /** COPY takes no parameters: the range's bounds as literals, escaped by the driver for this server's settings. */
    private static String literalWhere(Connection c, KeyColumns key, KeyRange range) throws SQLException {
        List<String> parts = new ArrayList<>();
        if (range.lower() != null) {
            parts.add(key.row("s") + " >= " + literalRow(c, key, range.lower()));
        }
        if (range.upper() != null) {
            parts.add(key.row("s") + " < " + literalRow(c, key, range.upper()));
        }
        return parts.isEmpty() ? "true" : String.join(" AND ", parts);
    }

    private static String literalRow(Connection c, KeyColumns key, List<String> values) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            literals.add("'" + pg.escapeLiteral(values.get(i)) + "'::text::" + key.columns().get(i).castType());
        }
        return "(" + String.join(", ", literals) + ")";
    }

    /** The server's message and detail on one log line, without the driver's "ERROR: " prefix. */
    static String oneLine(SQLException e) {
        return String.valueOf(e.getMessage()).replaceFirst("^ERROR: ", "").replaceAll("\\s*\\n\\s*", " ").strip();
    }

    private KeyColumns key(Connection c) throws SQLException {
        if (key == null) {
            key = KeyColumns.read(c, source.ref());
        }
        return key;
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
