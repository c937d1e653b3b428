package io.partshift.partitioning.preflight;

import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source is a plain table: not partitioned already, not a partition of another table, and not part of table
 * inheritance, whose children's rows a rename swap would silently leave behind.
 */
final class NotPartitionedCheck extends NamedCheck {
    static final String NAME = "not-partitioned";

    private static final String PARENTS = """
            SELECT n.nspname, p.relname FROM pg_inherits i
              JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
             WHERE i.inhrelid = ? ORDER BY 1, 2
            """;
    private static final String CHILDREN = """
            SELECT n.nspname, c.relname FROM pg_inherits i
              JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE i.inhparent = ? ORDER BY 1, 2
            """;

    NotPartitionedCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        SourceTable table = context.source();
        String t = table.ref().sql();
        if (table.isPartition()) {
            String parent = String.join(", ", related(context, PARENTS, table.oid()));
            return CheckResult.fail(NAME, t + " is a partition of " + parent + ": to repartition it on its own,"
                    + " detach it first with ALTER TABLE " + parent + " DETACH PARTITION " + t + ".");
        }
        if (table.isPartitioned()) {
            return CheckResult.fail(NAME, t + " is already a partitioned table: partshift converts an ordinary table,"
                    + " so add partitions to it with CREATE TABLE ... PARTITION OF " + t + " instead.");
        }
        if (table.inheritance()) {
            List<String> parents = related(context, PARENTS, table.oid());
            if (!parents.isEmpty()) {
                return CheckResult.fail(NAME, t + " inherits from " + String.join(", ", parents) + ", and a renamed"
                        + " replacement would drop out of that hierarchy: remove it with ALTER TABLE " + t
                        + " NO INHERIT " + parents.get(0) + " before migrating.");
            }
            List<String> children = related(context, CHILDREN, table.oid());
            return CheckResult.fail(NAME, t + " has inheritance children (" + String.join(", ", children) + ") whose"
                    + " rows partshift would not move: move their rows into " + t + " and detach them with"
                    + " ALTER TABLE " + children.get(0) + " NO INHERIT " + t + " first.");
        }
        return CheckResult.ok(NAME, t + " is an ordinary table, in no partition or inheritance hierarchy");
    }

    private static List<String> related(PreflightContext context, String sql, long oid) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = context.connection().prepareStatement(sql)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(new TableRef(rs.getString(1), rs.getString(2)).sql());
                }
            }
        }
        return names;
    }
}
