package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.ConstraintInfo;
import io.partshift.partitioning.catalog.IndexInfo;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.ArrayList;
import java.util.List;

/**
 * Every uniqueness rule can live on the partitioned table. PostgreSQL enforces uniqueness only per partition, so a
 * partitioned table accepts a UNIQUE constraint or unique index only when its key columns include every
 * partition-key column, and it accepts no exclusion constraints at all. The primary key is extended with the
 * partition key instead (see primary-key-scope).
 */
final class UniqueConstraintsCheck extends NamedCheck {
    static final String NAME = "unique-constraints";

    UniqueConstraintsCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        String t = table.ref().sql();
        List<ConstraintInfo> exclusions = table.constraintsOfType('x');
        if (!exclusions.isEmpty()) {
            List<String> names = exclusions.stream().map(c -> Identifiers.quote(c.name())).toList();
            return CheckResult.fail(NAME, t + " has exclusion constraint" + (names.size() == 1 ? " " : "s ")
                    + String.join(", ", names) + ", which a partitioned table cannot carry: drop "
                    + (names.size() == 1 ? "it" : "them") + " before migrating (" + drops(t, names)
                    + ") and enforce the rule another way.");
        }
        List<String> keys = context.keyColumns();
        List<IndexInfo> blocking = new ArrayList<>();
        for (IndexInfo index : table.indexes()) {
            if (index.unique() && !index.primary() && !index.columns().containsAll(keys)) {
                blocking.add(index);
            }
        }
        if (blocking.isEmpty()) {
            long unique = table.indexes().stream().filter(i -> i.unique() && !i.primary()).count();
            return CheckResult.ok(NAME, unique == 0 ? "no unique constraints besides the primary key"
                    : unique + " unique index(es) already include the partition key");
        }
        List<String> described = blocking.stream().map(i -> (i.constraint() != null ? "unique constraint " : "unique index ")
                + Identifiers.quote(i.name()) + " (" + String.join(", ", i.columns().stream()
                .map(c -> c.isEmpty() ? "<expression>" : c).toList()) + ")").toList();
        List<String> statements = new ArrayList<>();
        for (IndexInfo index : blocking) {
            statements.add(index.constraint() != null
                    ? "ALTER TABLE " + t + " DROP CONSTRAINT " + Identifiers.quote(index.constraint())
                    : "DROP INDEX CONCURRENTLY " + Identifiers.quote(table.ref().schema()) + "."
                            + Identifiers.quote(index.name()));
        }
        boolean one = blocking.size() == 1;
        String keyList = String.join(", ", keys);
        return CheckResult.fail(NAME, String.join(", ", described) + " on " + t + (one ? " does" : " do")
                + " not contain the partition key " + keyList + ", and a partitioned table can only enforce uniqueness"
                + " that includes it: include " + keyList + " in " + (one ? "it" : "them") + " or drop "
                + (one ? "it" : "them") + " before migrating (" + String.join("; ", statements) + ").");
    }

    private static String drops(String table, List<String> constraints) {
        return String.join("; ", constraints.stream().map(c -> "ALTER TABLE " + table + " DROP CONSTRAINT " + c).toList());
    }
}
