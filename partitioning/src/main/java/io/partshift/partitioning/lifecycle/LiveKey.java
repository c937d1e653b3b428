package io.partshift.partitioning.lifecycle;

import io.partshift.config.Identifiers;
import io.partshift.config.PartitionKey;
import io.partshift.config.PartitionMethod;
import io.partshift.partitioning.shadow.IntegerRanges;
import io.partshift.partitioning.shadow.TimeRanges;

import java.util.Objects;
import java.util.Optional;

/**
 * The partition key of one partitioned table in the tree.
 *
 * @param definition what {@code pg_get_partkeydef} prints, e.g. {@code RANGE (created_at)}
 * @param column     the key column when the key is one plain column; empty for several columns or an expression
 * @param baseType   the column's type as pg_type names it, domains resolved ({@code timestamptz}, {@code int8}, ...)
 */
record LiveKey(PartitionMethod method, String definition, Optional<String> column, Optional<String> baseType) {
    LiveKey {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(baseType, "baseType");
    }

    /** Whether the key is one plain column, the only kind partshift partitions by and maintains. */
    boolean isOneColumn() {
        return column.isPresent();
    }

    /** Whether the spec's key for this level is this one: same method, same column. */
    boolean matches(PartitionKey key) {
        return method == key.method() && column.map(key.column()::equals).orElse(false);
    }

    /** The key column quoted for SQL; only for a one-column key. */
    String columnSql() {
        return Identifiers.quote(column.orElseThrow(() -> new IllegalStateException(definition + " is not one column")));
    }

    Optional<TimeRanges.Kind> timeKind() {
        return baseType.flatMap(TimeRanges.Kind::of);
    }

    boolean isInteger() {
        return baseType.flatMap(IntegerRanges::typeLimits).isPresent();
    }
}
