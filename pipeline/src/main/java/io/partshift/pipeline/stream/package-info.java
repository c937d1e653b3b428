/**
 * Change sources: where the source table's committed changes come from (Debezium's embedded Postgres connector
 * first; Kafka later), turned into {@link io.partshift.pipeline.stream.ChangeEvent}s that carry PostgreSQL text
 * values, so the applier binds them with casts to the column types and never reinterprets them.
 *
 * <p>{@link io.partshift.pipeline.stream.StreamRoute} says which stream: forward (source to shadow) or, after
 * cutover, reverse (the new partitioned table back into the old one, published via its partition root).
 * {@link io.partshift.pipeline.stream.ReplicationSetup} makes a route's server side (heartbeat row, publication, then
 * the slot); {@link io.partshift.pipeline.stream.DebeziumChangeSource} reads it. Around Debezium:
 * {@code DebeziumProperties} (every setting, once), {@code StreamPrecheck} (what Debezium would hide or get wrong),
 * {@code DebeziumBatches} (records to batches, and what may be acknowledged), {@code DebeziumValues} with
 * {@code PgTemporal} and {@code PgLiterals} (Debezium's encodings back to PostgreSQL text),
 * {@link io.partshift.pipeline.stream.PgTextConverter} (keeps PostgreSQL's text where Debezium's encoding loses
 * information) and {@link io.partshift.pipeline.stream.JdbcOffsetStore} (offsets in the state schema).
 */
package io.partshift.pipeline.stream;
