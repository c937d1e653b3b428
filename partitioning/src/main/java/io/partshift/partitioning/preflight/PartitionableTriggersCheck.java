package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source's triggers can live on a partitioned table, where cutover recreates them. PostgreSQL 15 refuses one
 * kind there: a FOR EACH ROW trigger with a transition table (REFERENCING OLD/NEW TABLE), so the swap could not
 * carry it over.
 */
final class PartitionableTriggersCheck extends NamedCheck {
    static final String NAME = "partitionable-triggers";

    private static final String QUERY = """
            SELECT tgname::text FROM pg_trigger
             WHERE tgrelid = ? AND NOT tgisinternal AND (tgtype & 1) = 1
               AND (tgoldtable IS NOT NULL OR tgnewtable IS NOT NULL)
             ORDER BY 1
            """;

    PartitionableTriggersCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        SourceTable table = context.source();
        String t = table.ref().sql();
        List<String> triggers = new ArrayList<>();
        try (PreparedStatement ps = context.connection().prepareStatement(QUERY)) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    triggers.add(Identifiers.quote(rs.getString(1)));
                }
            }
        }
        if (triggers.isEmpty()) {
            return CheckResult.ok(NAME, "every trigger on " + t + " can be recreated on the partitioned table");
        }
        boolean one = triggers.size() == 1;
        return CheckResult.fail(NAME, "trigger" + (one ? " " : "s ") + String.join(", ", triggers) + " on " + t
                + (one ? " fires" : " fire") + " FOR EACH ROW with a transition table, which PostgreSQL does not"
                + " support on a partitioned table, so cutover could not recreate " + (one ? "it" : "them")
                + ": make " + (one ? "it" : "them") + " FOR EACH STATEMENT (the transition table holds all the"
                + " statement's rows) or drop " + (one ? "it" : "them") + " before migrating.");
    }
}
