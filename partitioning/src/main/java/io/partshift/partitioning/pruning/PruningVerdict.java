package io.partshift.partitioning.pruning;

/** What the plan says about pruning. Only {@link #NOT_PRUNED} makes {@code verify} exit non-zero. */
public enum PruningVerdict {
    /** Fewer partitions were scanned than exist, because the query filters on a partition key. */
    PRUNED,
    /** The query filters on a partition key, yet every partition was scanned: the condition could not prune. */
    NOT_PRUNED,
    /** No condition on a partition key reached the partition scans, so scanning every partition is expected. */
    NO_KEY_FILTER,
    /**
     * The table has a single partition, which the query filters on and scanned. With nothing to skip, scanning it
     * shows neither success nor failure, so this is reported as such rather than as {@code PRUNED}. (Had the planner
     * skipped that one partition, the verdict is {@code PRUNED}: that is real pruning.)
     */
    SINGLE_PARTITION;

    /** Whether {@code verify} should fail for this verdict. */
    public boolean failed() {
        return this == NOT_PRUNED;
    }
}
