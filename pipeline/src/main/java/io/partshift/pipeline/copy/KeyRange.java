package io.partshift.pipeline.copy;

import java.util.List;

/**
 * A half-open range {@code [lower, upper)} of primary-key values, each key as PostgreSQL text in key column order;
 * a null side is unbounded.
 */
public record KeyRange(List<String> lower, List<String> upper) {
    public static final KeyRange ALL = new KeyRange(null, null);

    public KeyRange {
        lower = lower == null ? null : List.copyOf(lower);
        upper = upper == null ? null : List.copyOf(upper);
    }

    /** For error messages and logs, e.g. {@code [(1000), (2000))} or {@code [(1000), +inf)}. */
    @Override
    public String toString() {
        return "[" + (lower == null ? "-inf" : text(lower)) + ", " + (upper == null ? "+inf" : text(upper)) + ")";
    }

    static String text(List<String> key) {
        return "(" + String.join(", ", key) + ")";
    }
}
