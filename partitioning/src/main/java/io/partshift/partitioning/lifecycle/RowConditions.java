package io.partshift.partitioning.lifecycle;

import io.partshift.config.Identifiers;
import io.partshift.partitioning.shadow.Bound;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows one bound accepts, as SQL over the key column, written the way PostgreSQL writes a partition constraint
 * ({@code col IS NOT NULL AND col >= lower AND col < upper}) so that a CHECK of this text lets ATTACH PARTITION prove
 * the bound without scanning.
 */
final class RowConditions {
    private RowConditions() {
    }

    static String of(String columnSql, Bound bound) {
        if (bound instanceof Bound.Range r) {
            List<String> parts = new ArrayList<>();
            parts.add(columnSql + " IS NOT NULL");
            if (!r.from().equals("MINVALUE")) {
                parts.add(columnSql + " >= " + r.from());
            }
            if (!r.to().equals("MAXVALUE")) {
                parts.add(columnSql + " < " + r.to());
            }
            return String.join(" AND ", parts);
        }
        if (bound instanceof Bound.Values v) {
            return columnSql + " IS NOT NULL AND " + columnSql + " IN ("
                    + v.values().stream().map(Identifiers::literal).collect(Collectors.joining(", ")) + ")";
        }
        throw new IllegalArgumentException("maintain never creates a HASH partition on its own, only inside a new"
                + " partition: " + bound);
    }
}
