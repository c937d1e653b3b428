package io.partshift.pipeline.apply;

import io.partshift.config.MigrationSpec;
import io.partshift.config.PartitionLevel;
import io.partshift.config.TableRef;
import io.partshift.partitioning.catalog.Column;
import io.partshift.partitioning.catalog.SourceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the applier needs to know about the table it writes, derived once from catalog records. Two directions use
 * it: {@link #forward} (source into the partitioned shadow, until cutover) and {@link #reverse} (after cutover, the
 * new partitioned table back into the old monolithic one, so a rollback loses nothing).
 *
 * @param readBack the table the events come from, read again for rows a partial update cannot rebuild (a key change
 *                 that kept a TOASTed value); it has every column of {@code table} under the same names
 * @param table    the table the events are applied to
 * @param key      the columns that identify a row in every event, in key order, typed as {@code table} has them
 * @param movable  columns outside {@code key} whose change moves a row to another partition of {@code table}: its
 *                 primary key is {@code key} plus these, so the applier deletes the row wherever it is before
 *                 inserting the new version. Empty when {@code table} is not partitioned or its key holds the
 *                 partition key (then such a change is a key change, streamed as a delete plus a create)
 * @param writable every column the applier writes, in table order: all but generated columns
 */
public record ApplyTarget(TableRef readBack, TableRef table, List<Column> key, List<Column> movable,
                          List<Column> writable) {
    public ApplyTarget {
        Objects.requireNonNull(readBack, "readBack");
        Objects.requireNonNull(table, "table");
        key = List.copyOf(key);
        movable = List.copyOf(movable);
        writable = List.copyOf(writable);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the applier needs key columns to identify rows of " + table);
        }
    }

    /**
     * Source into shadow: rows are identified by the source's primary key; the shadow's partition keys that are not
     * part of it are movable; a missing row is read back from the source.
     *
     * @param source the source table as the catalog reader read it: its column types are what values are cast to
     * @param spec   names the shadow and its partition keys
     */
    public static ApplyTarget forward(SourceTable source, MigrationSpec spec) {
        List<Column> key = primaryKey(source);
        List<Column> movable = new ArrayList<>();
        List<PartitionLevel> levels = new ArrayList<>();
        levels.add(spec.partitioning().top());
        spec.partitioning().sub().ifPresent(levels::add);
        for (PartitionLevel level : levels) {
            Column column = column(source, level.column());
            if (!key.contains(column) && !movable.contains(column)) {
                movable.add(column);
            }
        }
        return new ApplyTarget(source.ref(), spec.names().shadow(), key, movable, writable(source));
    }

    /**
     * The new partitioned table back into the old one after cutover: rows are identified by the old table's primary
     * key, which is part of the new table's (that adds the partition key), so every event carries it; the old table
     * is not partitioned, so nothing moves; a missing row is read back from the new table.
     *
     * @param newTable the partitioned table the application now writes (the reverse stream's table)
     * @param oldTable the old monolithic table the changes go back to
     * @throws IllegalArgumentException when the old table's key is not part of the new table's primary key, or the two
     *                                  tables do not have the same written columns
     */
    public static ApplyTarget reverse(SourceTable newTable, SourceTable oldTable) {
        List<Column> key = primaryKey(oldTable);
        List<String> newKey = newTable.primaryKey().orElseThrow(() -> new IllegalArgumentException(newTable.ref()
                + " has no primary key, so its deletes would not carry the key of " + oldTable.ref())).columns();
        List<String> missing = key.stream().map(Column::name).filter(k -> !newKey.contains(k)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the primary key " + newKey + " of " + newTable.ref() + " lacks "
                    + missing + " of the primary key of " + oldTable.ref() + ", so its changes cannot name the old"
                    + " table's rows");
        }
        Set<String> newColumns = names(writable(newTable));
        Set<String> oldColumns = names(writable(oldTable));
        if (!newColumns.equals(oldColumns)) {
            Set<String> onlyNew = new TreeSet<>(newColumns);
            onlyNew.removeAll(oldColumns);
            Set<String> onlyOld = new TreeSet<>(oldColumns);
            onlyOld.removeAll(newColumns);
            throw new IllegalArgumentException(newTable.ref() + " and " + oldTable.ref() + " differ in their written"
                    + " (not generated) columns: only in the new table " + onlyNew + ", only in the old " + onlyOld
                    + "; the reverse stream can only copy rows between tables with the same columns");
        }
        return new ApplyTarget(newTable.ref(), oldTable.ref(), key, List.of(), writable(oldTable));
    }

    private static List<Column> primaryKey(SourceTable table) {
        List<String> names = table.primaryKey().orElseThrow(() -> new IllegalArgumentException(table.ref()
                + " has no primary key: the applier identifies rows by it (preflight should have refused the table)"))
                .columns();
        return names.stream().map(name -> column(table, name)).toList();
    }

    private static List<Column> writable(SourceTable table) {
        return table.columns().stream().filter(c -> !c.isGenerated()).toList();
    }

    private static Set<String> names(List<Column> columns) {
        Set<String> names = new TreeSet<>();
        columns.forEach(c -> names.add(c.name()));
        return names;
    }

    private static Column column(SourceTable table, String name) {
        return table.column(name).orElseThrow(() -> new IllegalArgumentException(table.ref() + " has no column "
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
