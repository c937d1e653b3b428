package io.partshift.config;

import java.util.Objects;

/** Everything {@code partshift maintain} needs: the table, how it is partitioned, and the lifecycle settings. */
public record MaintenanceSpec(TargetSpec target, PartitioningSpec partitioning, LifecycleSpec lifecycle) {
    public MaintenanceSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(partitioning, "partitioning");
        Objects.requireNonNull(lifecycle, "lifecycle");
    }

    public TableRef table() {
        return target.table();
    }

    /** The names partshift gives the table's partitions, derived in one place. */
    public Names names() {
        return new Names(target.table(), target.stateSchema());
    }
}
