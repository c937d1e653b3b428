package io.partshift.pipeline.apply;

import io.partshift.config.MigrationSpec;
import io.partshift.config.PartitionLevel;
import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the applier needs to know about the shadow, derived once from the source's catalog record and the spec.
 *
 * @param source       the source table, read again for rows a partial update cannot rebuild
 * @param shadow       the partitioned table the events are applied to
 * @param key          the source's primary-key columns, in key order: the identity of a row in every event
 * @param partitionKey the partition-key columns that are not part of {@code key}; the shadow's primary key is
 *                     {@code key} plus these, so a row whose values here change moves partition. Empty when the
 *                     source's key already holds the partition key (then such a change is a key change, streamed as
 *                     a delete plus a create)
 * @param writable     every column the applier writes, in table order: all but generated columns
 */
record ShadowShape(TableRef source, TableRef shadow, List<Column> key, List<Column> partitionKey, List<Column> writable) {
    ShadowShape {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(shadow, "shadow");
        key = List.copyOf(key);
        partitionKey = List.copyOf(partitionKey);
        writable = List.copyOf(writable);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the applier needs the source's primary key to identify rows of " + shadow);
        }
    }

    static ShadowShape of(SourceTable source, MigrationSpec spec) {
        List<String> keyNames = source.primaryKey().orElseThrow(() -> new IllegalArgumentException(source.ref()
                + " has no primary key: the applier identifies rows by it (preflight should have refused the table)"))
                .columns();
        List<Column> key = keyNames.stream().map(name -> column(source, name)).toList();
        List<Column> partitionKey = new ArrayList<>();
        List<PartitionLevel> levels = new ArrayList<>();
        levels.add(spec.partitioning().top());
        spec.partitioning().sub().ifPresent(levels::add);
        for (PartitionLevel level : levels) {
            Column column = column(source, level.column());
            if (!keyNames.contains(column.name()) && !partitionKey.contains(column)) {
                partitionKey.add(column);
            }
        }
        List<Column> writable = source.columns().stream().filter(c -> !c.isGenerated()).toList();
        return new ShadowShape(source.ref(), spec.names().shadow(), key, partitionKey, writable);
    }

    private static Column column(SourceTable source, String name) {
        return source.column(name).orElseThrow(() -> new IllegalArgumentException(source.ref() + " has no column "
                + name + " (named by its primary key or the partitioning spec)"));
    }

    /**
     * Identity GENERATED ALWAYS columns: an insert must say OVERRIDING SYSTEM VALUE, and an update can only set them
     * to DEFAULT, so they are never in a SET list.
     */
    List<Column> identityAlways() {
        return writable.stream().filter(c -> c.identity() == 'a').toList();
    }

    /** Writable columns an UPDATE may set. */
    List<Column> updatable() {
        return writable.stream().filter(c -> c.identity() != 'a').toList();
    }

    boolean isWritable(String column) {
        return writable.stream().anyMatch(c -> c.name().equals(column));
    }
}
