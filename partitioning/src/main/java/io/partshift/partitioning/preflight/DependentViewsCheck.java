package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.DependentView;
import io.partshift.partitioning.catalog.SourceTable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Views reading the source. A view binds to the table's OID, not its name, so after the rename swap it would keep
 * reading the old table; the swap replaces each view with its own definition (CREATE OR REPLACE VIEW keeps its OID,
 * grants and the views built on it), which only the view's owner may do. A materialized view cannot be re-pointed:
 * PostgreSQL cannot replace its query, and rebuilding it would run that query under the swap's lock or leave it
 * empty until refreshed, so it must be dropped before and created again after the migration.
 */
final class DependentViewsCheck extends NamedCheck {
    static final String NAME = "dependent-views";

    private static final String OWNER = """
            SELECT pg_has_role(c.relowner, 'USAGE'), pg_get_userbyid(c.relowner) FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?
            """;

    DependentViewsCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) throws SQLException {
        SourceTable table = context.source();
        String t = table.ref().sql();
        List<DependentView> views = table.dependentViews();
        if (views.isEmpty()) {
            return CheckResult.ok(NAME, "no views read " + t);
        }
        List<String> materialized = views.stream().filter(DependentView::materialized).map(v -> v.view().sql())
                .toList();
        if (!materialized.isEmpty()) {
            boolean one = materialized.size() == 1;
            return CheckResult.fail(NAME, "materialized view" + (one ? " " : "s ") + String.join(", ", materialized)
                    + (one ? " reads " : " read ") + t + ", and PostgreSQL can neither re-point a materialized view"
                    + " nor replace its query, so after the swap " + (one ? "it" : "they") + " would keep reading the"
                    + " old table: drop " + (one ? "it" : "them") + " before migrating (DROP MATERIALIZED VIEW "
                    + materialized.get(0) + ") and create " + (one ? "it" : "them") + " again after cutover.");
        }
        List<String> notOwned = new ArrayList<>();
        for (DependentView view : views) {
            try (PreparedStatement ps = context.connection().prepareStatement(OWNER)) {
                ps.setString(1, view.view().schema());
                ps.setString(2, view.view().name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        notOwned.add(view.view().sql() + " (owned by " + Identifiers.quote(rs.getString(2)) + ")");
                    }
                }
            }
        }
        if (!notOwned.isEmpty()) {
            return CheckResult.fail(NAME, "the cutover must replace view" + (notOwned.size() == 1 ? " " : "s ")
                    + String.join(", ", notOwned) + " to read the partitioned table, which only the owner may do: run"
                    + " the migration as the owner or grant the owner's role to "
                    + Identifiers.quote(context.server().currentUser()) + ".");
        }
        List<String> names = views.stream().map(v -> "view " + v.view().sql()).toList();
        return CheckResult.warn(NAME, String.join(", ", names) + (views.size() == 1 ? " reads " : " read ")
                + t + " by OID, so partshift recreates " + (views.size() == 1 ? "it" : "them")
                + " against the partitioned table at cutover; until then " + (views.size() == 1 ? "it keeps" : "they keep")
                + " reading the current table");
    }
}
