package io.partshift.partitioning.lifecycle;

import io.partshift.config.TableRef;

import java.util.Objects;
import java.util.Optional;

/**
 * One partition as the catalog holds it.
 *
 * @param boundText     the bound as PostgreSQL prints it (session TimeZone UTC, DateStyle ISO)
 * @param bound         the parsed bound; empty when the parent's key is not one plain column
 * @param detachPending a {@code DETACH PARTITION ... CONCURRENTLY} was interrupted and needs {@code FINALIZE}
 * @param estimatedRows {@code reltuples}: -1 when the partition was never analyzed or vacuumed
 * @param totalBytes    {@code pg_total_relation_size} (0 for a partitioned partition, which stores nothing itself)
 * @param subtree       the partition's own partitions when it is partitioned again
 */
record LivePartition(TableRef name, long oid, String boundText, Optional<LiveBound> bound, boolean detachPending,
                     long estimatedRows, long totalBytes, Optional<LiveParent> subtree) {
    LivePartition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(boundText, "boundText");
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(subtree, "subtree");
    }

    boolean isDefault() {
        return boundText.equals("DEFAULT");
    }

    boolean isLeaf() {
        return subtree.isEmpty();
    }

    /** The parsed bound, for a parent whose key was checked to be one column. */
    LiveBound parsedBound() {
        return bound.orElseThrow(() -> new IllegalStateException(name + " has a bound over several columns"));
    }
}
