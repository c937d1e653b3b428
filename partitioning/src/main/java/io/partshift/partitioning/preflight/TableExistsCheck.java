package io.partshift.partitioning.preflight;

import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The named relation exists and is a table: views, sequences and the like have no rows of their own to move. */
final class TableExistsCheck extends NamedCheck {
    static final String NAME = "table-exists";

    // The usual cause of a missing table is a schema or case mismatch, so name the tables that would have matched.
    private static final String SIMILAR = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE lower(c.relname) = lower(?) AND c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\\_%'
             ORDER BY 1, 2 LIMIT 5
            """;

    TableExistsCheck() {
        super(NAME, false);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        TableRef ref = context.spec().table();
        if (context.table().isEmpty()) {
            List<String> similar = similar(context, ref);
            if (similar.isEmpty()) {
                return CheckResult.fail(NAME, "table " + ref.sql() + " does not exist in this database: check the"
                        + " --table name (as schema.table) and that --url points at the right database.");
            }
            return CheckResult.fail(NAME, "table " + ref.sql() + " does not exist, but " + String.join(" and ", similar)
                    + " does: pass that name as --table, in double quotes if it has capital letters.");
        }
        SourceTable table = context.table().get();
        String kind = kind(table.relkind());
        if (kind != null) {
            return CheckResult.fail(NAME, ref.sql() + " is a " + kind + ", and partshift can only partition an"
                    + " ordinary table: pass a table as --table (for a view, the table it reads from).");
        }
        return CheckResult.ok(NAME, ref.sql() + " is a table");
    }

    /** What a non-table relation is, or null for an ordinary or partitioned table. */
    private static String kind(char relkind) {
        return switch (relkind) {
            case 'r', 'p' -> null;
            case 'v' -> "view";
            case 'm' -> "materialized view";
            case 'f' -> "foreign table";
            case 'S' -> "sequence";
            case 'i', 'I' -> "index";
            case 'c' -> "composite type";
            case 't' -> "TOAST table";
            default -> "relation of kind '" + relkind + "'";
        };
    }

    private static List<String> similar(PreflightContext context, TableRef ref) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = context.connection().prepareStatement(SIMILAR)) {
            ps.setString(1, ref.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(new TableRef(rs.getString(1), rs.getString(2)).sql());
                }
            }
        }
        return names;
    }
}
