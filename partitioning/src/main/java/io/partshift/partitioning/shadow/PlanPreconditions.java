package io.partshift.partitioning.shadow;

import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitioningSpec;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.ConstraintInfo;
import io.partshift.partitioning.catalog.SourceTable;

/**
 * What preflight already refuses, checked again where the planner depends on it. A failure here is a bug in the
 * caller (planning without preflight), so it is an IllegalStateException rather than a message for the operator,
 * and nothing is ever silently dropped from the shadow.
 */
final class PlanPreconditions {
    private PlanPreconditions() {
    }

    static void check(SourceTable source, PartitioningSpec spec) {
        require(source.relkind() == 'r' && !source.isPartition(), "is not a plain, unpartitioned table");
        require(source.primaryKey().isPresent(), "has no primary key");
        require(source.inboundForeignKeys().isEmpty(), "is referenced by foreign keys " + source.inboundForeignKeys());
        for (ConstraintInfo c : source.constraints()) {
            require(c.type() != 'x', "has exclusion constraint " + c.name());
            require(c.validated(), "has NOT VALID constraint " + c.name());
        }
        keyColumn(source, spec.top());
        spec.sub().ifPresent(sub -> keyColumn(source, sub));
    }

    static Column keyColumn(SourceTable source, PartitionLevel level) {
        Column column = source.column(level.column()).orElseThrow(() -> new IllegalStateException(
                source.ref() + " has no column " + level.column() + "; preflight should have refused the spec"));
        require(column.notNull(), "has a nullable partition key " + column.name());
        require(!column.isGenerated(), "has a generated partition key " + column.name());
        return column;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("the source table " + what + "; preflight should have refused it");
        }
    }
}
