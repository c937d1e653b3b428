package io.partshift.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the partition lifecycle ({@code maintain}, {@code partitions}) needs beyond the partitioning itself; how many
 * partitions to premake and how much history to keep are part of {@link PartitioningSpec}.
 *
 * @param archiveSchema     where partitions past the retention window go instead of being dropped
 * @param maxPartitionBytes the size above which the partitions report warns about a partition
 * @param lockTimeout       the longest one maintenance step waits for a lock
 * @param lockRetries       attempts of a step whose lock timed out
 */
public record LifecycleSpec(Optional<String> archiveSchema, OptionalLong maxPartitionBytes, Duration lockTimeout,
                            int lockRetries) {
    public LifecycleSpec {
        Objects.requireNonNull(archiveSchema, "archiveSchema");
        Objects.requireNonNull(maxPartitionBytes, "maxPartitionBytes");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (lockRetries < 1) {
            throw new IllegalArgumentException("lockRetries must be at least 1");
        }
    }

    /** The defaults: no archive, no size warning, the declared lock timeout and retries. */
    public static LifecycleSpec defaults() {
        return new LifecycleSpec(Optional.empty(), OptionalLong.empty(),
                Options.MAINTAIN_LOCK_TIMEOUT.defaultValue().orElseThrow(),
                Options.MAINTAIN_LOCK_RETRIES.defaultValue().orElseThrow());
    }
}
