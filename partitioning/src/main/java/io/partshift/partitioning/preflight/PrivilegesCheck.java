package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The connecting role can do everything the migration does, so it does not stop halfway: open a replication
 * connection (superuser or REPLICATION), create the shadow next to the source (CREATE on its schema), rename and
 * publish the source (ownership, directly or through a role it inherits), create its publication (CREATE on the
 * database, also needed for a new state schema) and keep its state (CREATE on an existing state schema).
 */
final class PrivilegesCheck extends NamedCheck {
    static final String NAME = "privileges";

    // Schemas are looked up by OID so a missing state schema reads as NULL instead of raising an error.
    private static final String QUERY = """
            SELECT (SELECT has_schema_privilege(n.oid, 'CREATE') AND has_schema_privilege(n.oid, 'USAGE')
                      FROM pg_namespace n WHERE n.nspname = ?) AS table_schema,
                   (SELECT has_schema_privilege(n.oid, 'CREATE') AND has_schema_privilege(n.oid, 'USAGE')
                      FROM pg_namespace n WHERE n.nspname = ?) AS state_schema,
                   pg_has_role(?, 'USAGE') AS owner, current_database() AS db
            """;

    PrivilegesCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        SourceTable table = context.source();
        ServerInfo server = context.server();
        String role = Identifiers.quote(server.currentUser());
        String schema = Identifiers.quote(table.ref().schema());
        String stateSchema = context.spec().target().stateSchema();
        List<String> missing = new ArrayList<>();
        if (!server.mayReplicate()) {
            missing.add("the REPLICATION attribute (ALTER ROLE " + role + " REPLICATION)");
        }
        try (PreparedStatement ps = context.connection().prepareStatement(QUERY)) {
            ps.setString(1, table.ref().schema());
            ps.setString(2, stateSchema);
            ps.setString(3, table.owner());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean("table_schema")) {
                    missing.add("CREATE on schema " + schema + " (GRANT USAGE, CREATE ON SCHEMA " + schema + " TO "
                            + role + ")");
                }
                if (!rs.getBoolean("owner")) {
                    String owner = Identifiers.quote(table.owner());
                    missing.add("ownership of " + table.ref().sql() + ", owned by " + owner + " (ALTER TABLE "
                            + table.ref().sql() + " OWNER TO " + role + ", or GRANT " + owner + " TO " + role + ")");
                }
                String db = Identifiers.quote(rs.getString("db"));
                if (!server.canCreateInDatabase()) {
                    missing.add("CREATE on database " + db + " for the publication" + (rs.getObject("state_schema")
                            == null ? " and the state schema " + Identifiers.quote(stateSchema) : "")
                            + " (GRANT CREATE ON DATABASE " + db + " TO " + role + ")");
                }
                if (rs.getObject("state_schema") != null && !rs.getBoolean("state_schema")) {
                    missing.add("CREATE on the state schema " + Identifiers.quote(stateSchema) + " (GRANT USAGE,"
                            + " CREATE ON SCHEMA " + Identifiers.quote(stateSchema) + " TO " + role + ")");
                }
            }
        }
        if (!missing.isEmpty()) {
            return CheckResult.fail(NAME, "role " + role + " lacks what the migration needs: "
                    + String.join("; ", missing) + ".");
        }
        return CheckResult.ok(NAME, "role " + role + (server.superuser() ? " is a superuser" : " may replicate,"
                + " owns " + table.ref().sql() + " and may create what the migration needs"));
    }
}
