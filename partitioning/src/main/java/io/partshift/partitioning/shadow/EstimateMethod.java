package io.partshift.partitioning.shadow;

/** How the per-partition row counts of a plan were found. */
public enum EstimateMethod {
    /** Every row was counted (small tables). HASH partitions still get an even share of their parent's rows. */
    EXACT,
    /** Counted in a {@code TABLESAMPLE SYSTEM} sample and scaled to the table's row estimate. */
    SAMPLED
}
