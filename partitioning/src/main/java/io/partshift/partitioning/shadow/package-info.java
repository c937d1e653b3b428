/**
 * Plans the partitioned shadow table and creates it. {@link io.partshift.partitioning.shadow.ShadowPlans} profiles
 * the partition keys (read-only), lays out the partitions and writes the exact DDL into a
 * {@link io.partshift.partitioning.shadow.ShadowPlan}; {@link io.partshift.partitioning.shadow.PlanRenderer} prints it
 * for {@code partshift plan}; {@link io.partshift.partitioning.shadow.ShadowCreator} is the only class here that
 * writes. Bounds and names are computed in plain Java so every rule has a unit test without a database.
 */
package io.partshift.partitioning.shadow;
