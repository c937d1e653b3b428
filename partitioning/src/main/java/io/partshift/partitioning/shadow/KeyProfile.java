package io.partshift.partitioning.shadow;

import java.util.List;
import java.util.Optional;

/**
 * What the data says about one partition column, as text.
 *
 * @param min            the smallest finite value; for date and timestamp keys {@code YYYY-MM-DD HH:MI:SS.US},
 *                       timestamptz in UTC; empty for an empty table or a level that needs no range
 * @param max            the largest finite value, spelled like {@code min}
 * @param hasInfinite    the column holds {@code infinity} or {@code -infinity}, which no RANGE partition takes
 * @param values         LIST without groups: the distinct values in the database's order, at most the cap
 * @param valuesCapped   there are more distinct values than {@code values} holds
 * @param ungrouped      LIST with groups: up to six existing values that are in no group
 */
record KeyProfile(Optional<String> min, Optional<String> max, boolean hasInfinite, List<String> values,
                  boolean valuesCapped, List<String> ungrouped) {
    KeyProfile {
        values = List.copyOf(values);
        ungrouped = List.copyOf(ungrouped);
    }

    static KeyProfile none() {
        return new KeyProfile(Optional.empty(), Optional.empty(), false, List.of(), false, List.of());
    }

    static KeyProfile range(Optional<String> min, Optional<String> max, boolean hasInfinite) {
        return new KeyProfile(min, max, hasInfinite, List.of(), false, List.of());
    }

    static KeyProfile values(List<String> values, boolean capped) {
        return new KeyProfile(Optional.empty(), Optional.empty(), false, values, capped, List.of());
    }

    static KeyProfile ungrouped(List<String> ungrouped) {
        return new KeyProfile(Optional.empty(), Optional.empty(), false, List.of(), false, ungrouped);
    }
}
