package io.partshift.config;

/** PostgreSQL's declarative partitioning methods, spelled as in {@code PARTITION BY}. */
public enum PartitionMethod {
    RANGE, LIST, HASH
}
