package io.partshift.partitioning.lifecycle;

import io.partshift.config.TableRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A partitioned table in the tree (the root, or a partition that is partitioned again) with its direct partitions.
 *
 * @param partitionConstraint what {@code pg_get_partition_constraintdef} says about this table as a partition (its
 *                            own and its ancestors' bounds); empty for the root
 */
record LiveParent(TableRef name, long oid, LiveKey key, Optional<String> partitionConstraint,
                  List<LivePartition> partitions) {
    LiveParent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(partitionConstraint, "partitionConstraint");
        partitions = List.copyOf(partitions);
    }

    Optional<LivePartition> defaultPartition() {
        return partitions.stream().filter(LivePartition::isDefault).findFirst();
    }

    /** The partitions that are not DEFAULT, in name order. */
    List<LivePartition> bounded() {
        return partitions.stream().filter(p -> !p.isDefault()).toList();
    }

    /** Leaf partitions at every depth below this table. */
    int leafCount() {
        return partitions.stream().mapToInt(p -> p.subtree().map(LiveParent::leafCount).orElse(1)).sum();
    }

    /** Every partition below this table, depth first, each before its own partitions. */
    List<LivePartition> descendants() {
        List<LivePartition> all = new ArrayList<>();
        for (LivePartition p : partitions) {
            all.add(p);
            p.subtree().ifPresent(s -> all.addAll(s.descendants()));
        }
        return all;
    }

    /** Partitioned tables at every depth, this one first. */
    List<LiveParent> parents() {
        List<LiveParent> all = new ArrayList<>();
        all.add(this);
        partitions.forEach(p -> p.subtree().ifPresent(s -> all.addAll(s.parents())));
        return all;
    }

    /** How many levels of partitioning there are below this table (1 when no partition is partitioned again). */
    int depth() {
        return 1 + partitions.stream().mapToInt(p -> p.subtree().map(LiveParent::depth).orElse(0)).max().orElse(0);
    }
}
