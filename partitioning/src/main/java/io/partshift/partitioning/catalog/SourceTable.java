package io.partshift.partitioning.catalog;

import io.partshift.config.TableRef;

import java.util.List;
import java.util.Optional;

/**
 * Everything partshift needs to know about the table it migrates, read once from the catalog.
 *
 * @param relkind         {@code r} table, {@code p} partitioned table, {@code v} view, {@code f} foreign table...
 * @param isPartition     the table is itself a partition of another table
 * @param inheritance     the table takes part in table inheritance (has parents or children)
 * @param persistence     {@code p} permanent, {@code u} unlogged, {@code t} temporary
 * @param replicaIdentity {@code d} default, {@code n} nothing, {@code f} full, {@code i} index
 * @param rowEstimate     {@code reltuples}, or -1 when the table was never analyzed
 * @param publications    publications the source is a member of (explicitly or FOR ALL TABLES)
 * @param rlsEnabled      row level security is enabled on the source
 */
public record SourceTable(TableRef ref, long oid, char relkind, boolean isPartition, boolean inheritance,
                          char persistence, char replicaIdentity, String owner, long rowEstimate, long totalBytes,
                          List<Column> columns, Optional<PrimaryKey> primaryKey, List<IndexInfo> indexes,
                          List<ConstraintInfo> constraints, List<InboundForeignKey> inboundForeignKeys,
                          List<TriggerInfo> triggers, List<DependentView> dependentViews, List<String> publications,
                          boolean rlsEnabled, Optional<String> comment) {
    public SourceTable {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        constraints = List.copyOf(constraints);
        inboundForeignKeys = List.copyOf(inboundForeignKeys);
        triggers = List.copyOf(triggers);
        dependentViews = List.copyOf(dependentViews);
        publications = List.copyOf(publications);
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public boolean isPartitioned() {
        return relkind == 'p';
    }

    public List<ConstraintInfo> constraintsOfType(char type) {
        return constraints.stream().filter(c -> c.type() == type).toList();
    }
}
