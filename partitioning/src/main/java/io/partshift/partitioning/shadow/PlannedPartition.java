package io.partshift.partitioning.shadow;

import io.partshift.config.TableRef;

import java.util.Objects;

/**
 * One partition of the shadow table.
 *
 * @param parent        the shadow, or the top-level partition this sub-partition belongs to
 * @param bound         the {@code FOR VALUES ...} clause, or {@code DEFAULT}
 * @param isLeaf        holds rows itself (false for a top-level partition that is partitioned again)
 * @param estimatedRows rows the copy will put here (for a non-leaf, the sum of its leaves)
 */
public record PlannedPartition(TableRef name, TableRef parent, String bound, boolean isDefault, boolean isLeaf,
                               long estimatedRows) {
    public PlannedPartition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(bound, "bound");
    }
}
