/**
 * The partition lifecycle: {@code partshift maintain} keeps a partitioned table healthy from the same spec that
 * migrated it, and {@code partshift partitions} reports on it.
 *
 * <p>Everything starts from the real partition tree in the catalog ({@link io.partshift.partitioning.lifecycle.LiveTree},
 * read by {@link io.partshift.partitioning.lifecycle.LiveTreeReader}), never from what partshift believes it created,
 * so tables partitioned by someone else under other names are maintained too. The
 * {@link io.partshift.partitioning.lifecycle.MaintenancePlanner} compares that tree with the spec at a given "now"
 * and writes a {@link io.partshift.partitioning.lifecycle.MaintenancePlan} (read-only); the
 * {@link io.partshift.partitioning.lifecycle.MaintenanceRunner} is the only class here that changes anything. New
 * partitions are named and bounded by the shadow planner's code ({@code Names}, {@code TimeRanges},
 * {@code ListNames}), so a partition made by {@code maintain} looks like one made by {@code plan}.
 */
package io.partshift.partitioning.lifecycle;
