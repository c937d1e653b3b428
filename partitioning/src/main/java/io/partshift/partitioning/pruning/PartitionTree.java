package io.partshift.partitioning.pruning;

import io.partshift.config.BadInputException;
import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.PartitionedTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A partitioned table as the pruning check needs it: its leaf partitions (at any depth) and the key columns of every
 * partitioned table in its tree, so that with LIST + HASH both the top key and the sub-partition key count.
 */
record PartitionTree(TableRef table, List<TableRef> leaves, KeyColumns keys) {
    private static final String LEAVES = """
            SELECT n.nspname, c.relname
            FROM pg_partition_tree(?::oid::regclass) t
            JOIN pg_class c ON c.oid = t.relid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE t.isleaf
            ORDER BY n.nspname, c.relname""";
    /** Every column of every partitioned table in the tree, with whether it is a plain key column. */
    private static final String KEY_COLUMNS = """
            SELECT pg_get_partkeydef(pt.partrelid) AS keydef, a.attname,
                   a.attnum = ANY (pt.partattrs::int2[]) AS direct, pt.partexprs IS NOT NULL AS has_expressions
            FROM pg_partition_tree(?::oid::regclass) t
            JOIN pg_partitioned_table pt ON pt.partrelid = t.relid
            JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum > 0 AND NOT a.attisdropped""";

    PartitionTree {
        leaves = List.copyOf(leaves);
    }

    /**
     * Reads the tree of {@code table}.
     *
     * @throws BadInputException when the table does not exist, is not partitioned or has no partitions
     */
    static PartitionTree read(Connection c, TableRef table) throws SQLException {
        long oid = PartitionedTables.oid(c, table, "this checks partition pruning on partitioned tables, so give"
                + " --table one of those.");
        List<TableRef> leaves = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LEAVES)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leaves.add(new TableRef(rs.getString(1), rs.getString(2)));
                }
            }
        }
        if (leaves.isEmpty()) {
            throw new BadInputException(table.sql() + " has no partitions yet, so there is nothing to prune: create or"
                    + " attach its partitions first.");
        }
        return new PartitionTree(table, leaves, keyColumns(c, oid));
    }

    private static KeyColumns keyColumns(Connection c, long oid) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(KEY_COLUMNS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString("attname");
                    // An expression key such as (date_trunc('day', created_at)) names its columns only in its text.
                    if (rs.getBoolean("direct")
                            || rs.getBoolean("has_expressions") && KeyColumns.mentions(rs.getString("keydef"), column)) {
                        names.add(column);
                    }
                }
            }
        }
        return new KeyColumns(names);
    }
}
