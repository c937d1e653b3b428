package io.partshift.partitioning.lifecycle;

import io.partshift.config.BadInputException;
import io.partshift.config.PartitionMethod;
import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.PartitionedTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a partitioned table's real tree from the catalog ({@code pg_inherits}, {@code pg_get_expr(relpartbound)},
 * {@code pg_partitioned_table}) in one read-only transaction. Bounds are printed with TimeZone UTC and DateStyle
 * ISO, so a timestamptz bound reads {@code '2026-03-01 00:00:00+00'} whatever the session would otherwise say.
 */
final class LiveTreeReader {
    private static final String KEY = """
            SELECT pt.partstrat, pt.partnatts, pt.partexprs IS NOT NULL AS has_expressions,
                   pg_get_partkeydef(pt.partrelid) AS definition, a.attname, bt.typname AS base_type,
                   pg_get_partition_constraintdef(pt.partrelid) AS partition_constraint
              FROM pg_partitioned_table pt
              LEFT JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
              LEFT JOIN pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
             WHERE pt.partrelid = ?""";
    private static final String PARTITIONS = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, pg_get_expr(c.relpartbound, c.oid) AS bound,
                   i.inhdetachpending, c.reltuples::bigint AS reltuples,
                   coalesce(pg_total_relation_size(c.oid), 0) AS total_bytes
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE i.inhparent = ?
             ORDER BY n.nspname, c.relname""";
    private static final String COLUMNS = """
            SELECT a.attname, a.attgenerated <> '' AS generated, bt.typname AS base_type
              FROM pg_attribute a
              JOIN pg_type t ON t.oid = a.atttypid
              JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
             WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum""";

    private LiveTreeReader() {
    }

    /**
     * @param c a connection in autocommit mode; left in autocommit mode
     * @throws BadInputException when the table does not exist or is not partitioned
     */
    static LiveTree read(Connection c, TableRef table) throws SQLException {
        if (!c.getAutoCommit()) {
            throw new IllegalStateException("reading the partition tree needs a connection in autocommit mode");
        }
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                st.execute("SET LOCAL TimeZone = 'UTC'");
                st.execute("SET LOCAL DateStyle = 'ISO, YMD'");
            }
            long oid = PartitionedTables.oid(c, table, "partition maintenance works on partitioned tables, so migrate"
                    + " it first (partshift migrate) or give --table a partitioned one.");
            LiveParent root = parent(c, table, oid);
            List<String> insertColumns = new ArrayList<>();
            Map<String, String> baseTypes = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        baseTypes.put(rs.getString("attname"), rs.getString("base_type"));
                        if (!rs.getBoolean("generated")) {
                            insertColumns.add(rs.getString("attname"));
                        }
                    }
                }
            }
            return new LiveTree(root, insertColumns, baseTypes);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static LiveParent parent(Connection c, TableRef name, long oid) throws SQLException {
        LiveKey key;
        Optional<String> constraint;
        try (PreparedStatement ps = c.prepareStatement(KEY)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException(name + " has no row in pg_partitioned_table");
                }
                PartitionMethod method = switch (rs.getString("partstrat")) {
                    case "r" -> PartitionMethod.RANGE;
                    case "l" -> PartitionMethod.LIST;
                    case "h" -> PartitionMethod.HASH;
                    default -> throw new IllegalStateException("unknown partition strategy of " + name);
                };
                boolean oneColumn = rs.getInt("partnatts") == 1 && !rs.getBoolean("has_expressions");
                key = new LiveKey(method, rs.getString("definition"),
                        oneColumn ? Optional.of(rs.getString("attname")) : Optional.empty(),
                        oneColumn ? Optional.of(rs.getString("base_type")) : Optional.empty());
                constraint = Optional.ofNullable(rs.getString("partition_constraint"));
            }
        }
        List<LivePartition> partitions = new ArrayList<>();
        List<Boolean> partitioned = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PARTITIONS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String boundText = rs.getString("bound");
                    partitions.add(new LivePartition(new TableRef(rs.getString("nspname"), rs.getString("relname")),
                            rs.getLong("oid"), boundText,
                            key.isOneColumn() ? Optional.of(BoundText.parse(boundText)) : Optional.empty(),
                            rs.getBoolean("inhdetachpending"), rs.getLong("reltuples"), rs.getLong("total_bytes"),
                            Optional.empty()));
                    partitioned.add(rs.getString("relkind").equals("p"));
                }
            }
        }
        List<LivePartition> withSubtrees = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            LivePartition p = partitions.get(i);
            withSubtrees.add(partitioned.get(i) ? new LivePartition(p.name(), p.oid(), p.boundText(), p.bound(),
                    p.detachPending(), p.estimatedRows(), p.totalBytes(), Optional.of(parent(c, p.name(), p.oid())))
                    : p);
        }
        return new LiveParent(name, oid, key, constraint, withSubtrees);
    }
}
