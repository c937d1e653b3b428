package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.IndexInfo;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.Optional;

/**
 * The source has a primary key: the copier walks the table in key ranges and the change applier finds the row an
 * UPDATE or DELETE meant by it; without one neither can tell rows apart.
 */
final class HasPrimaryKeyCheck extends NamedCheck {
    static final String NAME = "has-primary-key";

    HasPrimaryKeyCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        String t = table.ref().sql();
        if (table.primaryKey().isPresent()) {
            return CheckResult.ok(NAME, "primary key " + Identifiers.quote(table.primaryKey().get().name()) + " ("
                    + String.join(", ", table.primaryKey().get().columns()) + ")");
        }
        // A valid unique index over NOT NULL columns can become the primary key without rebuilding anything.
        Optional<IndexInfo> candidate = table.indexes().stream()
                .filter(i -> i.unique() && i.valid() && !i.partial() && !i.hasExpressions())
                .filter(i -> i.columns().stream().allMatch(c -> table.column(c).map(Column::notNull).orElse(false)))
                .findFirst();
        if (candidate.isPresent()) {
            return CheckResult.fail(NAME, t + " has no primary key, which the copier and the change applier need"
                    + " to tell rows apart: promote its unique index with ALTER TABLE " + t + " ADD PRIMARY KEY USING"
                    + " INDEX " + Identifiers.quote(candidate.get().name()) + ".");
        }
        return CheckResult.fail(NAME, t + " has no primary key, which the copier and the change applier need to tell"
                + " rows apart: add one without a long lock (CREATE UNIQUE INDEX CONCURRENTLY ... ON " + t + " (...),"
                + " then ALTER TABLE " + t + " ADD PRIMARY KEY USING INDEX ...).");
    }
}
