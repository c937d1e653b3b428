/**
 * Change sources: where the source table's committed changes come from (Debezium's embedded Postgres connector
 * first; Kafka later), turned into {@link io.partshift.pipeline.stream.ChangeEvent}s that carry PostgreSQL text
 * values, so the applier binds them with casts to the column types and never reinterprets them.
 */
package io.partshift.pipeline.stream;
