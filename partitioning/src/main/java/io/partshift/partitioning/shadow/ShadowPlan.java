package io.partshift.partitioning.shadow;

import io.partshift.config.TableRef;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The partitioned shadow table as it will be created: the exact DDL in order, what the operator should know, and
 * the partitions with their estimated rows. Immutable; {@link PlanRenderer} prints it and {@link ShadowCreator}
 * runs it, so what {@code partshift plan} shows is what runs.
 *
 * @param scheme             the partitioning in words, e.g. {@code RANGE (created_at) every 1 month}
 * @param sourceBytes        the source's size with indexes and TOAST
 * @param searchPath         the search_path the source's definitions were read under; the DDL runs under it too,
 *                           because {@code pg_get_*def} leaves names visible on that path unqualified
 * @param createStatements   parent, partitions (bound order, DEFAULT last), indexes: one transaction, before the copy
 * @param postCopyStatements foreign keys: after the copy, before cutover
 * @param notes              decisions and warnings, one sentence each
 * @param partitions         every partition, parents before their sub-partitions
 * @param estimatedRows      the row count the estimates add up to
 * @param sequences          what cutover must do for sequence-backed columns
 * @param indexNames         the indexes the DDL creates on the shadow (they share the schema's namespace with tables)
 */
public record ShadowPlan(TableRef source, TableRef shadow, String scheme, long sourceBytes, String searchPath,
                         List<String> createStatements, List<String> postCopyStatements, List<String> notes,
                         List<PlannedPartition> partitions, EstimateMethod estimateMethod, long estimatedRows,
                         List<SequenceHandover> sequences, List<String> indexNames) {
    public ShadowPlan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(shadow, "shadow");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(searchPath, "searchPath");
        Objects.requireNonNull(estimateMethod, "estimateMethod");
        createStatements = List.copyOf(createStatements);
        postCopyStatements = List.copyOf(postCopyStatements);
        notes = List.copyOf(notes);
        partitions = List.copyOf(partitions);
        sequences = List.copyOf(sequences);
        indexNames = List.copyOf(indexNames);
    }

    /** The partitions that hold rows. */
    public List<PlannedPartition> leaves() {
        return partitions.stream().filter(PlannedPartition::isLeaf).toList();
    }

    /** Every relation name the create statements take in the shadow's schema. */
    public List<String> relationNames() {
        List<String> names = new ArrayList<>();
        names.add(shadow.name());
        partitions.forEach(p -> names.add(p.name().name()));
        names.addAll(indexNames);
        return names;
    }

    /** Names the plan would create that something in the schema already has; empty when the plan can run. */
    public List<String> conflicts(Connection connection) throws SQLException {
        return NameConflicts.find(connection, shadow.schema(), relationNames());
    }

    /** @throws io.partshift.config.BadInputException naming the relations in the way */
    public void requireNoConflicts(Connection connection) throws SQLException {
        List<String> conflicts = conflicts(connection);
        if (!conflicts.isEmpty()) {
            throw NameConflicts.refusal(shadow.schema(), conflicts);
        }
    }
}
