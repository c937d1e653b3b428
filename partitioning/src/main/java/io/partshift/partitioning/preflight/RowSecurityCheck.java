package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The migrating role sees every row. With FORCE ROW LEVEL SECURITY the table's policies apply to its owner too, so a
 * role that only owns the table would copy just the rows the policies show it, silently, and after cutover the
 * reverse stream's writes to the old table (which keeps its policies) would be filtered or refused. Superusers and
 * roles with BYPASSRLS are exempt. Without FORCE the owner is exempt, and a role that is not the owner fails
 * {@code privileges}.
 */
final class RowSecurityCheck extends NamedCheck {
    static final String NAME = "row-security";

    private static final String QUERY = """
            SELECT c.relrowsecurity AND c.relforcerowsecurity AS forced,
                   (SELECT r.rolsuper OR r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user) AS bypasses
              FROM pg_class c WHERE c.oid = ?
            """;

    RowSecurityCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        SourceTable table = context.source();
        String t = table.ref().sql();
        String role = Identifiers.quote(context.server().currentUser());
        try (PreparedStatement ps = context.connection().prepareStatement(QUERY)) {
            ps.setLong(1, table.oid());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean("forced")) {
                    return CheckResult.ok(NAME, "row-level security does not apply to " + role + " on " + t);
                }
                if (rs.getBoolean("bypasses")) {
                    return CheckResult.ok(NAME, t + " forces row-level security, which " + role + " bypasses");
                }
            }
        }
        return CheckResult.fail(NAME, t + " has FORCE ROW LEVEL SECURITY, so its policies apply to " + role + " too and"
                + " the copy would silently leave out the rows they hide: run the migration as a role with BYPASSRLS"
                + " (ALTER ROLE " + role + " BYPASSRLS, as a superuser) or as a superuser.");
    }
}
