package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.InboundForeignKey;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.List;

/**
 * No foreign key references the source. A foreign key binds to the referenced table's OID, so after the rename swap
 * it would keep checking the old table; and it could not be moved to the partitioned table unless that had a unique
 * key on the referenced columns, which must then include the partition key. Self-references count too.
 */
final class InboundForeignKeysCheck extends NamedCheck {
    static final String NAME = "inbound-foreign-keys";

    InboundForeignKeysCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        String t = table.ref().sql();
        List<InboundForeignKey> keys = table.inboundForeignKeys();
        if (keys.isEmpty()) {
            return CheckResult.ok(NAME, "no foreign keys reference " + t);
        }
        List<String> described = keys.stream().map(k -> Identifiers.quote(k.name()) + " on " + k.from().sql()
                + " (" + k.definition() + ")").toList();
        List<String> drops = keys.stream().map(k -> "ALTER TABLE " + k.from().sql() + " DROP CONSTRAINT "
                + Identifiers.quote(k.name())).toList();
        return CheckResult.fail(NAME, "foreign key" + (keys.size() == 1 ? " " : "s ") + String.join(", ", described)
                + (keys.size() == 1 ? " references " : " reference ") + t + " and would keep pointing at the old"
                + " table after the swap: drop " + (keys.size() == 1 ? "it" : "them") + " before migrating ("
                + String.join("; ", drops) + ") and recreate " + (keys.size() == 1 ? "it" : "them") + " afterwards"
                + " against a unique key that includes the partition key " + String.join(", ", context.keyColumns())
                + ".");
    }
}
