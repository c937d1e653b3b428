package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Warns about what belongs to the source table rather than to its rows and is only moved at cutover: triggers (not
 * created on the shadow during the backfill, so copied and replayed rows do not fire them a second time), row-level
 * security, and membership in other publications (their subscribers see the switch; {@link PublicationsCheck} says
 * whether they can follow).
 */
final class CarriedOverCheck extends NamedCheck {
    static final String NAME = "carried-over";

    CarriedOverCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        List<String> items = new ArrayList<>();
        if (!table.triggers().isEmpty()) {
            items.add("trigger" + (table.triggers().size() == 1 ? " " : "s ") + String.join(", ", table.triggers()
                    .stream().map(t -> Identifiers.quote(t.name()) + (t.enabled() ? "" : " (disabled)")).toList()));
        }
        if (table.rlsEnabled()) {
            items.add("row-level security and its policies");
        }
        // partshift's own publications are leftovers, reported by their own check.
        Set<String> own = Set.of(context.spec().names().publication(), context.spec().names().reversePublication());
        List<String> publications = table.publications().stream().filter(p -> !own.contains(p)).toList();
        if (!publications.isEmpty()) {
            items.add("membership in publication" + (publications.size() == 1 ? " " : "s ")
                    + String.join(", ", publications));
        }
        if (items.isEmpty()) {
            return CheckResult.ok(NAME, "no triggers, row-level security or other publications to carry over");
        }
        return CheckResult.warn(NAME, table.ref().sql() + " has " + String.join("; ", items) + ", which partshift"
                + " carries over to the partitioned table at cutover, not before (so the backfill fires no trigger"
                + " twice); check them on the new table after the swap" + (table.triggers().isEmpty() ? ""
                : " (a row trigger then fires on the partition the row is in, so TG_TABLE_NAME names the partition)"));
    }
}
