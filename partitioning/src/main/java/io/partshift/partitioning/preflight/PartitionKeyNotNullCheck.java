package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.ConstraintInfo;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every partition-key column is guaranteed NOT NULL. PostgreSQL puts the key columns into the partitioned table's
 * primary key, and primary-key columns cannot hold NULL: existing NULLs could not be copied at all, and a NULL the
 * application writes during the migration would stop it, so a nullable column fails even while it holds none.
 */
final class PartitionKeyNotNullCheck extends NamedCheck {
    static final String NAME = "partition-key-not-null";
    // pg_get_constraintdef's spelling of a plain not-null check; the constraint's column list tells which column.
    private static final Pattern NOT_NULL_CHECK =
            Pattern.compile("CHECK \\(\\((\"(?:[^\"]|\"\")+\"|[^\\s()\"]+) IS NOT NULL\\)\\)");

    PartitionKeyNotNullCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        SourceTable table = context.source();
        String t = table.ref().sql();
        for (String name : context.keyColumns()) {
            Optional<Column> column = table.column(name);
            if (column.isEmpty() || column.get().notNull() || hasNotNullCheck(table, name)) {
                continue; // a missing column is partition-key-exists's to report
            }
            String col = Identifiers.quote(name);
            // The one check that reads rows: only a count tells the operator how much data needs fixing. It runs
            // only for a nullable key column, and an index on the column makes it cheap.
            long nulls = countNulls(context, t, col);
            if (nulls > 0) {
                return CheckResult.fail(NAME, "column " + col + " of " + t + " is NULL in " + nulls + " row"
                        + (nulls == 1 ? "" : "s") + ", which the partitioned table's primary key cannot hold: fill "
                        + (nulls == 1 ? "it" : "them") + " (UPDATE " + t + " SET " + col + " = ... WHERE " + col
                        + " IS NULL) and then make the"
                        + " column NOT NULL, or partition by another column.");
            }
            String constraint = Identifiers.quote(table.ref().name() + "_" + name + "_not_null");
            return CheckResult.fail(NAME, "column " + col + " of " + t + " allows NULL, and a NULL written during the"
                    + " migration would stop it because the key becomes part of the primary key: declare it not null"
                    + " without a long lock with ALTER TABLE " + t + " ADD CONSTRAINT " + constraint + " CHECK (" + col
                    + " IS NOT NULL) NOT VALID; ALTER TABLE " + t + " VALIDATE CONSTRAINT " + constraint + ";");
        }
        return CheckResult.ok(NAME, "partition key " + String.join(", ", context.keyColumns()) + " cannot be NULL");
    }

    /** A validated {@code CHECK (col IS NOT NULL)} proves no NULL exists or can be written, like attnotnull. */
    private static boolean hasNotNullCheck(SourceTable table, String column) {
        List<ConstraintInfo> checks = table.constraintsOfType('c');
        for (ConstraintInfo check : checks) {
            Matcher m = NOT_NULL_CHECK.matcher(check.definition());
            if (check.validated() && m.matches() && check.columns().equals(List.of(column))) {
                return true;
            }
        }
        return false;
    }

    private static long countNulls(PreflightContext context, String table, String column) throws SQLException {
        try (Statement st = context.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table + " WHERE " + column + " IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
