package io.partshift.pipeline.apply;

import io.partshift.partitioning.catalog.Column;
import io.partshift.pipeline.stream.ChangeEvent;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connection to the shadow's database with the applier's statements prepared on it. It never commits on its own:
 * the applier decides when a batch is done. Replaced as a whole when the connection is lost, since prepared statements
 * die with their connection.
 */
final class ShadowSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowSession.class);
    /** Partial updates differ by the columns they carry; a table has few distinct sets (usually one per TOASTed column). */
    private static final int MAX_PARTIAL_STATEMENTS = 16;

    /**
     * Values arrive as PostgreSQL's default text output. Pinning the input settings to the defaults keeps a role or
     * database override (say IntervalStyle = sql_standard, which reads "-1 2:00" differently) from changing what the
     * text means.
     *
     * <p>Plans: every statement looks rows up by primary key, so the right plan is always a nested loop of index
     * probes, one per event and partition. Generic plans, because the parameters are whole arrays: a custom plan gains
     * nothing from seeing them and costs planning over every partition on every batch. Seq scans, hash and merge joins
     * and bitmap scans off, because the plan is made once, often while the copy has barely started: partitions that
     * look empty then make a hash join over seq scans of every partition look cheapest, and it would stay the plan
     * while the copy fills them, until autoanalyze invalidates it.
     */
    private static final List<String> SETTINGS = List.of("SET DateStyle = 'ISO, MDY'", "SET IntervalStyle = 'postgres'",
            "SET plan_cache_mode = 'force_generic_plan'", "SET enable_seqscan = off", "SET enable_hashjoin = off",
            "SET enable_mergejoin = off", "SET enable_bitmapscan = off");

    private final Connection connection;
    private final ApplyTarget target;
    private final ApplySql sql;
    private final PreparedStatement delete;
    private final PreparedStatement upsert;
    private PreparedStatement insertMissing;
    private final Map<List<Column>, PreparedStatement> partials = new LinkedHashMap<>(16, 0.75f, true);

    private ShadowSession(Connection connection, ApplyTarget target, ApplySql sql) throws SQLException {
        this.connection = connection;
        this.target = target;
        this.sql = sql;
        this.delete = prepare(sql.delete());
        this.upsert = prepare(sql.upsert());
    }

    static ShadowSession open(ShadowApplier.Connector connector, ApplyTarget target, ApplySql sql) throws SQLException {
        Connection connection = connector.connect();
        try {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                for (String setting : SETTINGS) {
                    st.execute(setting);
                }
            }
            connection.commit();
            return new ShadowSession(connection, target, sql);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    /** Applies the net changes inside the open transaction: deletes first, so a key freed here can be reused. */
    ApplyCounts apply(KeyedChanges changes) throws SQLException {
        ApplyCounts counts = ApplyCounts.NONE;
        if (!changes.deletes().isEmpty()) {
            bind(delete, BatchValues.keys(target, changes.deletes()));
            counts = counts.plus(new ApplyCounts(0, 0, 0, delete.executeUpdate(), 0));
        }
        if (!changes.upserts().isEmpty()) {
            bind(upsert, BatchValues.fullRows(target, changes.upserts()));
            try (ResultSet rs = upsert.executeQuery()) {
                rs.next();
                counts = counts.plus(new ApplyCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), 0, 0));
            }
        }
        int partialEvents = 0;
        long partialRows = 0;
        for (Map.Entry<Set<String>, List<ChangeEvent>> group : changes.partials().entrySet()) {
            List<ChangeEvent> events = group.getValue();
            partialEvents += events.size();
            List<Column> columns = BatchValues.partialColumns(target, events.get(0), group.getKey());
            if (columns.isEmpty()) {
                partialRows += events.size(); // it carries only identity columns: nothing to set, nothing to re-read
                continue;
            }
            PreparedStatement ps = partial(columns);
            bind(ps, BatchValues.rows(target, events, columns));
            int updated = ps.executeUpdate();
            partialRows += updated;
            counts = counts.plus(new ApplyCounts(0, 0, 0, 0, updated));
        }
        // Only when a partial update found no row (a key change that kept a TOASTed value) is the source read again:
        // one key per event after folding, so fewer rows updated than events means some key had no row.
        if (partialRows < partialEvents) {
            List<List<String>> keys = changes.partials().values().stream().flatMap(List::stream)
                    .map(ChangeEvent::key).toList();
            if (insertMissing == null) {
                insertMissing = prepare(sql.insertMissingFromSource());
            }
            bind(insertMissing, BatchValues.keys(target, keys));
            counts = counts.plus(new ApplyCounts(0, 0, insertMissing.executeUpdate(), 0, 0));
        }
        return counts;
    }

    void commit() throws SQLException {
        connection.commit();
    }

    void rollback() throws SQLException {
        connection.rollback();
    }

    /** Whether the connection is gone, whatever the error that revealed it said. */
    boolean isClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public void close() {
        closeQuietly(connection, null);
    }

    private PreparedStatement partial(List<Column> columns) throws SQLException {
        PreparedStatement ps = partials.get(columns);
        if (ps == null) {
            if (partials.size() >= MAX_PARTIAL_STATEMENTS) {
                var eldest = partials.entrySet().iterator().next();
                eldest.getValue().close();
                partials.remove(eldest.getKey());
            }
            ps = prepare(sql.partialUpdate(columns));
            partials.put(columns, ps);
        }
        return ps;
    }

    /** Server-side prepared from the first use: every batch runs the same few statements. */
    private PreparedStatement prepare(String text) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(text);
        if (ps.isWrapperFor(PGStatement.class)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(1);
        }
        return ps;
    }

    private void bind(PreparedStatement ps, String[][] arrays) throws SQLException {
        for (int i = 0; i < arrays.length; i++) {
            Array array = connection.createArrayOf("text", arrays[i]);
            ps.setArray(i + 1, array);
        }
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                LOG.warn("closing the applier's connection failed (the connection is dropped anyway): {}", e.toString());
            }
        }
    }
}
