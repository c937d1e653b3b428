package io.partshift.partitioning.shadow;

import io.partshift.config.BadInputException;
import io.partshift.config.Options;
import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitioningSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The guard against partition explosion: a typo'd interval or a high-cardinality LIST column must stop the plan
 * before anything is built. Level builders throw {@link Exceeded} as soon as they know a level alone is too big, so
 * they never materialise millions of bounds; {@link #refusal} turns that into the message for the operator.
 */
final class PartitionLimit {
    private PartitionLimit() {
    }

    /** A level or the whole plan has more leaf partitions than allowed. */
    static final class Exceeded extends RuntimeException {
        final long count;
        final boolean atLeast;

        Exceeded(long count, boolean atLeast) {
            super(null, null, false, false);
            this.count = count;
            this.atLeast = atLeast;
        }
    }

    static void check(long count, boolean atLeast, int maxPartitions) {
        if (count > maxPartitions) {
            throw new Exceeded(count, atLeast);
        }
    }

    static BadInputException refusal(Exceeded e, PartitioningSpec spec) {
        List<String> fixes = new ArrayList<>();
        fixes.addAll(fixesFor(spec.top(), false));
        spec.sub().ifPresent(sub -> fixes.addAll(fixesFor(sub, true)));
        fixes.add("raise " + Options.MAX_PARTITIONS.flag());
        return new BadInputException("the plan would create " + (e.atLeast ? "more than " + (e.count - 1) : e.count)
                + " leaf partitions, more than " + Options.MAX_PARTITIONS.flag() + " " + spec.maxPartitions()
                + ": " + String.join(", ", fixes.subList(0, fixes.size() - 1)) + " or " + fixes.get(fixes.size() - 1)
                + ".");
    }

    private static List<String> fixesFor(PartitionLevel level, boolean sub) {
        return switch (level.method()) {
            case RANGE -> List.of("use a bigger " + (sub ? Options.SUB_INTERVAL : Options.INTERVAL).flag());
            case HASH -> List.of("use a smaller " + (sub ? Options.SUB_MODULUS : Options.MODULUS).flag());
            case LIST -> sub
                    ? List.of("group " + level.column() + " values with " + Options.SUB_LIST_GROUP.flag())
                    : List.of("group " + level.column() + " values with " + Options.LIST_GROUP.flag(),
                    "sub-partition by HASH instead of giving each value a partition");
        };
    }
}
