package io.partshift.partitioning.lifecycle;

import io.partshift.config.BadInputException;
import io.partshift.config.NumericInterval;
import io.partshift.config.Options;
import io.partshift.config.PartitionInterval;
import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitioningSpec;
import io.partshift.config.TableRef;
import io.partshift.config.TimeInterval;
import io.partshift.partitioning.shadow.IntegerRanges;
import io.partshift.partitioning.shadow.TimeRanges;

import java.util.Optional;

/**
 * Refuses to maintain a table whose real partitioning is not what the spec describes, before anything is planned:
 * new partitions made from a spec that does not match would be refused by PostgreSQL halfway, or worse, fit.
 */
final class SpecMatch {
    private SpecMatch() {
    }

    static void check(LiveTree tree, PartitioningSpec spec) {
        LiveParent root = tree.root();
        TableRef table = root.name();
        requireOneColumn(root);
        if (!root.key().matches(spec.top().key())) {
            throw new BadInputException("the spec partitions " + table + " by " + spec.top().key() + ", but the table"
                    + " is partitioned by " + root.key().definition() + ": give maintain the spec the table was"
                    + " migrated with, or one whose " + Options.PARTITION_BY.flag() + " says how it is partitioned.");
        }
        if (root.depth() > 2) {
            throw new BadInputException(table + " is partitioned " + root.depth() + " levels deep: maintain handles one"
                    + " or two levels, as partshift partitions.");
        }
        for (LivePartition partition : root.partitions()) {
            if (partition.subtree().isEmpty()) {
                continue;
            }
            LiveParent sub = partition.subtree().get();
            requireOneColumn(sub);
            if (spec.sub().isEmpty()) {
                throw new BadInputException("partition " + partition.name() + " of " + table + " is partitioned again"
                        + " by " + sub.key().definition() + ", but the spec has no " + Options.SUBPARTITION_BY.flag()
                        + ": add " + Options.SUBPARTITION_BY.flag() + " \"" + sub.key().definition() + "\" with its"
                        + " settings, so new partitions are made the same way.");
            }
            if (!sub.key().matches(spec.sub().get().key())) {
                throw new BadInputException("the spec sub-partitions by " + spec.sub().get().key() + ", but partition "
                        + partition.name() + " of " + table + " is partitioned by " + sub.key().definition()
                        + ": give maintain the spec that describes the table.");
            }
        }
        requireType(tree, spec.top(), false);
        spec.sub().ifPresent(s -> requireType(tree, s, true));
    }

    private static void requireOneColumn(LiveParent parent) {
        if (!parent.key().isOneColumn()) {
            throw new BadInputException(parent.name() + " is partitioned by " + parent.key().definition() + ", more than"
                    + " one plain column: maintain handles one column per level, as partshift partitions.");
        }
    }

    /** A RANGE level's interval must fit its column's type: calendar intervals on dates, numbers on integers. */
    private static void requireType(LiveTree tree, PartitionLevel level, boolean sub) {
        String column = level.column();
        Optional<String> type = tree.baseType(column);
        if (type.isEmpty()) {
            throw new BadInputException((sub ? Options.SUBPARTITION_BY : Options.PARTITION_BY).flag() + " names column "
                    + column + ", which " + tree.root().name() + " does not have: check the spec.");
        }
        if (level.interval().isEmpty()) {
            return;
        }
        PartitionInterval interval = level.interval().get();
        String option = (sub ? Options.SUB_INTERVAL : Options.INTERVAL).flag();
        if (interval instanceof TimeInterval && TimeRanges.Kind.of(type.get()).isEmpty()) {
            throw new BadInputException(option + " " + interval + " needs a date or timestamp column, but " + column
                    + " is " + type.get() + ": give the spec the table was migrated with.");
        }
        if (interval instanceof NumericInterval && IntegerRanges.typeLimits(type.get()).isEmpty()) {
            throw new BadInputException(option + " " + interval + " needs an integer column, but " + column + " is "
                    + type.get() + ": give the spec the table was migrated with.");
        }
    }
}
