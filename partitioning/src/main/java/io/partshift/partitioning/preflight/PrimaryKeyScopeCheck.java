package io.partshift.partitioning.preflight;

import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.PrimaryKey;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.ArrayList;
import java.util.List;

/**
 * Warns when the primary key loses strength. A partitioned table's primary key must contain the partition key, so a
 * key of (id) becomes (id, created_at): after cutover PostgreSQL no longer rejects a second row with the same id in
 * another partition. Harmless when ids only come from a sequence, a silent change when the application supplies them.
 */
final class PrimaryKeyScopeCheck extends NamedCheck {
    static final String NAME = "primary-key-scope";

    PrimaryKeyScopeCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        if (table.primaryKey().isEmpty()) {
            return CheckResult.skipped(NAME, "no primary key, see has-primary-key");
        }
        PrimaryKey pk = table.primaryKey().get();
        List<String> added = context.keyColumns().stream().filter(c -> !pk.columns().contains(c)).toList();
        if (added.isEmpty()) {
            return CheckResult.ok(NAME, "the primary key (" + String.join(", ", pk.columns())
                    + ") already contains the partition key");
        }
        List<String> widened = new ArrayList<>(pk.columns());
        widened.addAll(added);
        boolean generated = pk.columns().stream().allMatch(c -> table.column(c)
                .map(PrimaryKeyScopeCheck::fromSequence).orElse(false));
        return CheckResult.warn(NAME, "the primary key (" + String.join(", ", pk.columns()) + ") becomes ("
                + String.join(", ", widened) + ") on the partitioned table, so PostgreSQL will no longer reject a"
                + " duplicate " + String.join(", ", pk.columns()) + " in another partition"
                + (generated ? " (filled from a sequence, so only explicitly inserted values could collide)"
                : ": make sure the application never reuses a key"));
    }

    private static boolean fromSequence(Column column) {
        return column.isIdentity() || column.sequence().isPresent();
    }
}
