package io.partshift.config;

import java.util.Objects;
import java.util.Optional;

/**
 * How the shadow table is partitioned.
 *
 * @param top              the first level
 * @param sub              an optional second level, against partition explosion (e.g. LIST with HASH inside)
 * @param defaultPartition whether a DEFAULT partition takes rows no other partition accepts
 * @param premake          how many future RANGE partitions to create beyond today and the newest data
 * @param retention        how much history the lifecycle keeps (RANGE on time only); empty keeps everything
 * @param maxPartitions    refuse a plan with more leaf partitions than this (a guard against a typo'd interval)
 */
public record PartitioningSpec(PartitionLevel top, Optional<PartitionLevel> sub, boolean defaultPartition,
                               int premake, Optional<TimeInterval> retention, int maxPartitions) {
    public PartitioningSpec {
        Objects.requireNonNull(top, "top");
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(retention, "retention");
    }
}
