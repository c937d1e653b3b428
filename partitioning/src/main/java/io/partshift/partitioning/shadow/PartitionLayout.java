package io.partshift.partitioning.shadow;

import io.partshift.config.Names;
import io.partshift.config.TableRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Combines one or two levels into the shadow's partitions, named through {@link Names}, in the order they are
 * created: bound order, each partitioned parent followed by its sub-partitions, DEFAULT last at each level. A
 * top-level DEFAULT stays a plain leaf even with a second level: it is the catch-all, and splitting it would only
 * spread the rows nobody planned for.
 */
final class PartitionLayout {
    /** Marks a DEFAULT partition in {@link Slot#top()} or {@link Slot#sub()}. */
    static final int DEFAULT = -1;
    /** Marks "no second level" in {@link Slot#sub()}. */
    static final int NONE = -2;

    /**
     * One partition and where it sits: the index of its bound at each level ({@link #DEFAULT}, or {@link #NONE} for
     * a level it is not split by).
     *
     * @param partitionBy the {@code PARTITION BY} clause of a partition that is partitioned again
     */
    record Slot(TableRef name, TableRef parent, Optional<Bound> bound, int top, int sub, boolean isLeaf,
                Optional<String> partitionBy) {
        String clause() {
            return bound.map(Bound::clause).orElse("DEFAULT");
        }

        boolean isDefault() {
            return bound.isEmpty();
        }
    }

    private PartitionLayout() {
    }

    /** @throws PartitionLimit.Exceeded when there are more leaves than {@code maxPartitions} */
    static List<Slot> build(Names names, TableRef shadow, LevelLayout top, Optional<LevelLayout> sub,
                            int maxPartitions) {
        long leaves = sub.map(s -> (long) top.bounds().size() * s.size()).orElse((long) top.bounds().size())
                + (top.withDefault() ? 1 : 0);
        PartitionLimit.check(leaves, false, maxPartitions);
        List<Slot> slots = new ArrayList<>();
        Optional<String> partitionBy = sub.map(s -> s.level().key().sql());
        for (int t = 0; t < top.bounds().size(); t++) {
            Bound bound = top.bounds().get(t);
            TableRef name = names.partition(bound.suffix());
            slots.add(new Slot(name, shadow, Optional.of(bound), t, NONE,
                    sub.isEmpty(), partitionBy));
            if (sub.isPresent()) {
                LevelLayout level = sub.get();
                for (int s = 0; s < level.bounds().size(); s++) {
                    Bound subBound = level.bounds().get(s);
                    slots.add(new Slot(names.subPartition(name, subBound.suffix()), name, Optional.of(subBound), t, s,
                            true, Optional.empty()));
                }
                if (level.withDefault()) {
                    slots.add(new Slot(names.subPartition(name, "default"), name, Optional.empty(), t, DEFAULT, true,
                            Optional.empty()));
                }
            }
        }
        if (top.withDefault()) {
            slots.add(new Slot(names.partition("default"), shadow, Optional.empty(), DEFAULT, NONE, true,
                    Optional.empty()));
        }
        return slots;
    }
}
