/**
 * The pruning check behind {@code partshift verify --query}: does PostgreSQL skip the partitions a query cannot
 * match? It runs the query once under {@code EXPLAIN ANALYZE} in a read-only transaction that is always rolled back,
 * then reads the plan: which leaf partitions were scanned, which were pruned while planning and which at run time,
 * and whether the query's conditions mention a partition key at all. A query that filters on the key yet scans every
 * partition is the failure {@code verify} exists to catch; one that never mentions the key is expected to scan
 * everything and is only reported.
 */
package io.partshift.partitioning.pruning;
