package io.partshift.partitioning.lifecycle;

import io.partshift.config.TableRef;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One change {@code maintain} makes, planned before anything runs so that {@code --dry-run} shows all of it. */
public sealed interface MaintenanceStep permits MaintenanceStep.Create, MaintenanceStep.Expire {

    /** The partition the step creates or removes. */
    TableRef partition();

    /**
     * A new partition, created as a standalone table and attached, with the rows that belong in it moved out of its
     * parent's DEFAULT partition in the same transaction.
     *
     * @param clause           {@code FOR VALUES ...}
     * @param partitionBy      the new partition's own {@code PARTITION BY} clause when it is partitioned again
     * @param subPartitions    its partitions when it is partitioned again
     * @param defaultPartition the parent's DEFAULT partition, which may hold rows that belong in the new one
     * @param rowCondition     which rows belong in the new partition, over the parent's key
     * @param attachCheck      the CHECK that lets ATTACH skip scanning the new partition (the bound and the
     *                         parent's own partition constraint)
     * @param rowsInDefault    how many rows DEFAULT held for it when the plan was made (more may arrive)
     * @param replicaRole      moving rows must not fire the table's triggers or foreign-key actions, so the move
     *                         runs with {@code session_replication_role = replica}
     */
    record Create(TableRef partition, TableRef parent, String clause, Optional<String> partitionBy,
                  List<SubPartition> subPartitions, Optional<TableRef> defaultPartition, String rowCondition,
                  String attachCheck, long rowsInDefault, boolean replicaRole) implements MaintenanceStep {
        public Create {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(clause, "clause");
            Objects.requireNonNull(partitionBy, "partitionBy");
            subPartitions = List.copyOf(subPartitions);
            Objects.requireNonNull(defaultPartition, "defaultPartition");
            if (partitionBy.isPresent() == subPartitions.isEmpty()) {
                throw new IllegalArgumentException("a partitioned new partition needs sub-partitions, a leaf none");
            }
        }

        /** The same step with the move made safe from triggers and foreign-key actions. */
        Create withReplicaRole() {
            return new Create(partition, parent, clause, partitionBy, subPartitions, defaultPartition, rowCondition,
                    attachCheck, rowsInDefault, true);
        }

        /** Leaf partitions the step adds. */
        int leaves() {
            return subPartitions.isEmpty() ? 1 : subPartitions.size();
        }
    }

    /** One partition of a new partition that is partitioned again. */
    record SubPartition(TableRef name, String clause) {
        public SubPartition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(clause, "clause");
        }
    }

    /** How a partition past the retention window leaves its table. */
    enum DetachMode {
        /** {@code DETACH PARTITION ... CONCURRENTLY}: no lock that blocks queries; not in a transaction block. */
        CONCURRENTLY,
        /** A plain DETACH in a short transaction: PostgreSQL refuses CONCURRENTLY while a DEFAULT partition exists. */
        PLAIN,
        /** {@code DETACH PARTITION ... FINALIZE}: completes a concurrent detach that was interrupted. */
        FINALIZE
    }

    /**
     * A partition wholly older than the retention window: detached, then dropped or moved to the archive schema.
     *
     * @param descendants its own partitions at every depth (they move to the archive schema with it)
     * @param leaves      leaf partitions it takes away
     */
    record Expire(TableRef parent, TableRef partition, DetachMode mode, Optional<String> archiveSchema,
                  List<TableRef> descendants, int leaves) implements MaintenanceStep {
        public Expire {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(archiveSchema, "archiveSchema");
            descendants = List.copyOf(descendants);
        }
    }
}
