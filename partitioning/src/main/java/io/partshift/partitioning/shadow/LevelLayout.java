package io.partshift.partitioning.shadow;

import io.partshift.config.PartitionLevel;
import io.partshift.config.PartitionMethod;
import io.partshift.partitioning.catalog.Column;

import java.util.List;

/**
 * The partitions of one level, in bound order.
 *
 * @param withDefault whether this level has a DEFAULT partition (never under HASH, which PostgreSQL forbids)
 */
record LevelLayout(PartitionLevel level, Column column, List<Bound> bounds, boolean withDefault) {
    LevelLayout {
        bounds = List.copyOf(bounds);
    }

    /** Partitions at this level, counting DEFAULT. */
    int size() {
        return bounds.size() + (withDefault ? 1 : 0);
    }

    boolean isHash() {
        return level.method() == PartitionMethod.HASH;
    }
}
