package io.partshift.partitioning.preflight;

import io.partshift.partitioning.catalog.DependentView;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.List;

/**
 * Warns about views reading the source. A view binds to the table's OID, not its name, so after the rename swap it
 * would keep reading the old table; partshift recreates them at cutover, and until then they show the source as usual.
 */
final class DependentViewsCheck extends NamedCheck {
    static final String NAME = "dependent-views";

    DependentViewsCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        List<DependentView> views = table.dependentViews();
        if (views.isEmpty()) {
            return CheckResult.ok(NAME, "no views read " + table.ref().sql());
        }
        List<String> names = views.stream()
                .map(v -> (v.materialized() ? "materialized view " : "view ") + v.view().sql()).toList();
        return CheckResult.warn(NAME, String.join(", ", names) + (views.size() == 1 ? " reads " : " read ")
                + table.ref().sql() + " by OID, so partshift recreates " + (views.size() == 1 ? "it" : "them")
                + " against the partitioned table at cutover; until then " + (views.size() == 1 ? "it keeps" : "they keep")
                + " reading the current table");
    }
}
