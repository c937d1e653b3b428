package io.partshift.partitioning.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A partitioned table's real partition tree, read from the catalog in one transaction.
 *
 * @param root          the table itself
 * @param insertColumns the columns a row copy must name (not dropped, not generated), in table order
 * @param baseTypes     every column's type as pg_type names it, domains resolved, by column name
 */
record LiveTree(LiveParent root, List<String> insertColumns, Map<String, String> baseTypes) {
    LiveTree {
        Objects.requireNonNull(root, "root");
        insertColumns = List.copyOf(insertColumns);
        baseTypes = Map.copyOf(baseTypes);
    }

    Optional<String> baseType(String column) {
        return Optional.ofNullable(baseTypes.get(column));
    }
}
