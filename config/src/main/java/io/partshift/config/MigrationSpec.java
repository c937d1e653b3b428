package io.partshift.config;

import java.util.Objects;

/** Everything one migration needs, validated and immutable. */
public record MigrationSpec(TargetSpec target, PartitioningSpec partitioning, CopySpec copy, LagSpec lag,
                            CutoverSpec cutover, LogFormat logFormat) {
    public MigrationSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(partitioning, "partitioning");
        Objects.requireNonNull(copy, "copy");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(cutover, "cutover");
        Objects.requireNonNull(logFormat, "logFormat");
    }

    public TableRef table() {
        return target.table();
    }

    public ConnectionSpec connection() {
        return target.connection();
    }

    /** Every name this migration creates, derived in one place. */
    public Names names() {
        return new Names(target.table(), target.stateSchema());
    }
}
