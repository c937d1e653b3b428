package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arriving table ends with exactly the leaving table's row-level security: the same policies (a policy it has
 * that the leaving table lacks is dropped, since a permissive one would widen access) and the same ENABLE and FORCE
 * switches. Policies are read with {@code pg_get_expr}, whose column references are relative to the table, so they
 * mean the same on either. The leaving table keeps its own: turning them off would open the old rows to every role
 * that still has grants on it.
 */
final class RowSecurity {
    private static final String POLICIES = """
            SELECT p.polname::text, p.polcmd::text, p.polpermissive,
                   array(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END
                           FROM unnest(p.polroles) r ORDER BY 1) AS roles,
                   pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
              FROM pg_policy p WHERE p.polrelid = ? ORDER BY p.polname
            """;
    private static final String SWITCHES = """
            SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = ?
            """;

    private RowSecurity() {
    }

    static void add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        String table = sides.named().sql();
        Map<String, String> want = policies(catalog, sides.leavingOid());
        Map<String, String> have = policies(catalog, sides.arrivingOid());
        for (Map.Entry<String, String> policy : have.entrySet()) {
            if (!policy.getValue().equals(want.get(policy.getKey()))) {
                script.add("DROP POLICY " + Identifiers.quote(policy.getKey()) + " ON " + table,
                        "row security: policy " + policy.getKey() + " of " + sides.arriving() + " differs, dropped");
            }
        }
        for (Map.Entry<String, String> policy : want.entrySet()) {
            if (!policy.getValue().equals(have.get(policy.getKey()))) {
                script.add("CREATE POLICY " + Identifiers.quote(policy.getKey()) + " ON " + table + policy.getValue(),
                        "row security: policy " + policy.getKey());
            }
        }
        boolean[] leaving = switches(catalog, sides.leavingOid());
        boolean[] arriving = switches(catalog, sides.arrivingOid());
        if (leaving[0] != arriving[0]) {
            script.add("ALTER TABLE " + table + (leaving[0] ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY",
                    "row security: " + (leaving[0] ? "enabled" : "disabled"));
        }
        if (leaving[1] != arriving[1]) {
            script.add("ALTER TABLE " + table + (leaving[1] ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY",
                    "row security: " + (leaving[1] ? "forced on the owner too" : "not forced on the owner"));
        }
    }

    /** Policy name to everything after {@code CREATE POLICY name ON table}. */
    private static Map<String, String> policies(Catalog catalog, long table) throws SQLException {
        Map<String, String> policies = new LinkedHashMap<>();
        for (String[] row : catalog.list(POLICIES, rs -> new String[] {rs.getString(1), body(rs.getString(2),
                rs.getBoolean(3), Catalog.strings(rs.getArray(4)), rs.getString(5), rs.getString(6))}, table)) {
            policies.put(row[0], row[1]);
        }
        return policies;
    }

    private static String body(String command, boolean permissive, List<String> roles, String qual, String withCheck) {
        String forCommand = switch (command) {
            case "r" -> "SELECT";
            case "a" -> "INSERT";
            case "w" -> "UPDATE";
            case "d" -> "DELETE";
            default -> "ALL";
        };
        return " AS " + (permissive ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + forCommand + " TO "
                + String.join(", ", roles) + (qual == null ? "" : " USING (" + qual + ")")
                + (withCheck == null ? "" : " WITH CHECK (" + withCheck + ")");
    }

    private static boolean[] switches(Catalog catalog, long table) throws SQLException {
        return catalog.one(SWITCHES, rs -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}, table);
    }
}
