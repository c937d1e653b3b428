/**
 * Reads a source table from PostgreSQL's catalog into immutable records. Only reads: nothing here writes, so
 * {@code plan} can use it on a production database. Everything later stages decide (preflight, shadow DDL,
 * cutover) works from these records rather than querying the catalog again.
 */
package io.partshift.partitioning.catalog;
