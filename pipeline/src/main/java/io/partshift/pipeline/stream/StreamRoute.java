package io.partshift.pipeline.stream;

import io.partshift.config.Names;
import io.partshift.config.TableRef;

import java.util.List;
import java.util.Objects;

/**
 * One change stream: which table it reads, how its events identify a row, and the server-side and state objects that
 * belong to it alone. A migration has two: the forward stream (source to shadow, until cutover) and the reverse
 * stream (after cutover, the new partitioned table back into the old one, so a rollback loses nothing). Everything
 * a stream names comes from here, so the two can never share a slot, a publication, a heartbeat row or offsets.
 *
 * @param table            the table streamed, by the name it has while it is streamed (the reverse stream's
 *                         publication is made while the partitioned table still has the shadow's name; a publication
 *                         follows its table through a rename)
 * @param keyColumns       the columns whose values identify a row in every event, in order; empty means the table's
 *                         own primary key as the catalog has it when the stream starts. They must be part of the
 *                         table's primary key (its replica identity), or deletes would not carry them
 * @param slot             the logical replication slot
 * @param publication      the publication the slot reads
 * @param heartbeatKey     this stream's row in the heartbeat table (beats and markers), also the key of its offsets
 * @param stateSchema      the schema of partshift's state tables (heartbeat, offsets)
 * @param viaPartitionRoot whether the publication publishes a partitioned table's changes as changes of its root
 *                         ({@code publish_via_partition_root}); without it they would arrive under partition names
 */
public record StreamRoute(TableRef table, List<String> keyColumns, String slot, String publication, String heartbeatKey,
                          String stateSchema, boolean viaPartitionRoot) {
    /** What the reverse stream's heartbeat key adds to the table name, so it never meets the forward stream's row. */
    static final String REVERSE_HEARTBEAT_SUFFIX = " reverse";

    public StreamRoute {
        Objects.requireNonNull(table, "table");
        keyColumns = List.copyOf(keyColumns);
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(publication, "publication");
        Objects.requireNonNull(heartbeatKey, "heartbeatKey");
        Objects.requireNonNull(stateSchema, "stateSchema");
        if (keyColumns.stream().distinct().count() != keyColumns.size()) {
            throw new IllegalArgumentException("the key columns " + keyColumns + " of the stream of " + table
                    + " name a column twice");
        }
    }

    /**
     * The stream from the source into the shadow: the source table under its own name, keyed by its primary key, the
     * migration's slot and publication, heartbeat key {@code schema.table}.
     */
    public static StreamRoute forward(Names names) {
        return new StreamRoute(names.source(), List.of(), names.slot(), names.publication(), names.source().toString(),
                names.stateSchema(), false);
    }

    /**
     * The stream from the new partitioned table (which has the source's name after cutover) back into the old table.
     * Its events are keyed by the old table's primary key: the partitioned table's key is that plus the partition
     * key, so every event carries it, and a row that moves partition (a delete plus an insert via the root) is still
     * one key to the old table.
     *
     * @param oldTableKeyColumns the old (monolithic) table's primary-key columns, in key order
     */
    public static StreamRoute reverse(Names names, List<String> oldTableKeyColumns) {
        if (oldTableKeyColumns.isEmpty()) {
            throw new IllegalArgumentException("the reverse stream of " + names.source() + " needs the old table's"
                    + " primary-key columns to identify rows");
        }
        return new StreamRoute(names.source(), oldTableKeyColumns, names.reverseSlot(), names.reversePublication(),
                names.source() + REVERSE_HEARTBEAT_SUFFIX, names.stateSchema(), true);
    }

    /** The reverse stream's server objects only (slot, publication, heartbeat row), to drop them. */
    public static StreamRoute reverseObjects(Names names) {
        return new StreamRoute(names.source(), List.of(), names.reverseSlot(), names.reversePublication(),
                names.source() + REVERSE_HEARTBEAT_SUFFIX, names.stateSchema(), true);
    }

    /**
     * How logs and errors name this stream, e.g. {@code change stream of public.events from slot partshift_public_events}.
     */
    public String describe() {
        return "change stream of " + table + " from slot " + slot;
    }
}
