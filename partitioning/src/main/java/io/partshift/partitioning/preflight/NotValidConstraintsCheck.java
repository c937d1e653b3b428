package io.partshift.partitioning.preflight;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.catalog.ConstraintInfo;
import io.partshift.partitioning.catalog.IndexInfo;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.List;

/**
 * Nothing on the source is half-built. A NOT VALID constraint promises nothing about old rows, but the shadow cannot
 * keep that promise loose: PostgreSQL 15 refuses a NOT VALID foreign key on a partitioned table, and a CHECK is
 * enforced by every freshly created partition, so one old row that violates it would stop the copy halfway.
 * Validating first finds such rows before anything starts. An invalid index (left by a failed CREATE INDEX
 * CONCURRENTLY) enforces nothing on the source but would be rebuilt on the shadow as if it did.
 */
final class NotValidConstraintsCheck extends NamedCheck {
    static final String NAME = "not-valid-constraints";

    NotValidConstraintsCheck() {
        super(NAME, true);
    }

    @Override
    public CheckResult run(PreflightContext context) {
        SourceTable table = context.source();
        String t = table.ref().sql();
        List<ConstraintInfo> notValid = table.constraints().stream()
                .filter(c -> (c.type() == 'c' || c.type() == 'f') && !c.validated()).toList();
        if (!notValid.isEmpty()) {
            List<String> names = notValid.stream().map(c -> Identifiers.quote(c.name())).toList();
            return CheckResult.fail(NAME, "constraint" + (names.size() == 1 ? " " : "s ") + String.join(", ", names)
                    + " on " + t + (names.size() == 1 ? " is" : " are") + " NOT VALID, and the partitioned table"
                    + " would enforce " + (names.size() == 1 ? "it" : "them") + " on every copied row: validate "
                    + (names.size() == 1 ? "it" : "them") + " first (this does not block writes), e.g. ALTER TABLE " + t
                    + " VALIDATE CONSTRAINT " + names.get(0) + ", or drop " + (names.size() == 1 ? "it" : "them") + ".");
        }
        List<IndexInfo> invalid = table.indexes().stream().filter(i -> !i.valid()).toList();
        if (!invalid.isEmpty()) {
            List<String> names = invalid.stream()
                    .map(i -> Identifiers.quote(table.ref().schema()) + "." + Identifiers.quote(i.name())).toList();
            return CheckResult.fail(NAME, "index" + (names.size() == 1 ? " " : "es ") + String.join(", ", names)
                    + " on " + t + (names.size() == 1 ? " is" : " are") + " invalid (a CREATE INDEX CONCURRENTLY"
                    + " failed): rebuild with REINDEX INDEX CONCURRENTLY " + names.get(0) + " or remove with"
                    + " DROP INDEX CONCURRENTLY " + names.get(0) + " first.");
        }
        return CheckResult.ok(NAME, "all constraints and indexes are valid");
    }
}
