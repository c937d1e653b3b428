package io.partshift.swapper.swap;

import io.partshift.config.Identifiers;

import java.sql.SQLException;
import java.util.List;

/**
 * Views bind to the tables they read by OID, so each view reading the leaving table is replaced with its own
 * definition, read with qualified names before the renames: run after them, the definition names the arriving
 * table. CREATE OR REPLACE keeps the view's OID, so its owner, grants, comments and the views built on it are
 * untouched and keep working; its options (security_barrier, security_invoker, check_option) would be reset, so they
 * are given again. Materialized views are refused: their rows are stored, and PostgreSQL can neither re-point one nor
 * replace its query, so recreating one would mean running its query under the swap's lock or leaving it empty
 * (preflight refuses them).
 */
final class DependentViews {
    private static final String VIEWS = """
            SELECT DISTINCT v.oid::regclass::text AS name, v.relkind::text, v.reloptions, pg_get_viewdef(v.oid) AS definition
              FROM pg_depend d
              JOIN pg_rewrite r ON r.oid = d.objid
              JOIN pg_class v ON v.oid = r.ev_class
             WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
               AND d.refobjid = ? AND v.oid <> ?
             ORDER BY 1
            """;

    private record View(String name, boolean materialized, List<String> options, String definition) {
    }

    private DependentViews() {
    }

    static void add(Catalog catalog, SwapSides sides, ScriptBuilder script) throws SQLException {
        List<View> views = catalog.list(VIEWS, rs -> new View(rs.getString("name"), rs.getString("relkind").equals("m"),
                Catalog.strings(rs.getArray("reloptions")), rs.getString("definition")), sides.leavingOid(),
                sides.leavingOid());
        List<String> materialized = views.stream().filter(View::materialized).map(View::name).toList();
        if (!materialized.isEmpty()) {
            throw new SwapRefusedException("materialized view" + (materialized.size() == 1 ? " " : "s ")
                    + String.join(", ", materialized) + " read" + (materialized.size() == 1 ? "s " : " ")
                    + sides.named().sql() + " by OID and cannot be re-pointed without rebuilding: drop "
                    + (materialized.size() == 1 ? "it" : "them") + " (DROP MATERIALIZED VIEW " + materialized.get(0)
                    + ") and create " + (materialized.size() == 1 ? "it" : "them") + " again after the cutover.");
        }
        for (View view : views) {
            script.add("CREATE OR REPLACE VIEW " + view.name() + options(view.options()) + " AS "
                    + withoutSemicolon(view.definition()), "view: " + view.name() + " reads " + sides.named());
            script.lock(view.name(), "ACCESS EXCLUSIVE", "view " + view.name() + " is replaced");
        }
    }

    /** {@code check_option=local} becomes {@code WITH (check_option = 'local')}: a literal fits every value. */
    private static String options(List<String> options) {
        if (options.isEmpty()) {
            return "";
        }
        return " WITH (" + String.join(", ", options.stream().map(o -> {
            int eq = o.indexOf('=');
            return Identifiers.quote(o.substring(0, eq)) + " = " + Identifiers.literal(o.substring(eq + 1));
        }).toList()) + ")";
    }

    private static String withoutSemicolon(String definition) {
        String trimmed = definition.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
