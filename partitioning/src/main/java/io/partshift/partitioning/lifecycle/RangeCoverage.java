package io.partshift.partitioning.lifecycle;

import io.partshift.config.TableRef;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether the partition partshift wants for {@code [lower, upper)} already exists in some form: not at all (create
 * it), wholly (under any name, split any way: leave it), or partly (a table partitioned by someone else along other
 * lines: creating it would overlap, so it is reported instead).
 */
final class RangeCoverage {
    enum Kind { NONE, FULL, PARTIAL }

    /** An existing RANGE partition on the number line of {@link KeyPoints}. */
    record Span(TableRef name, BigInteger lower, BigInteger upper) {
    }

    record Result(Kind kind, List<TableRef> overlapping) {
    }

    private RangeCoverage() {
    }

    static Result of(BigInteger lower, BigInteger upper, List<Span> existing) {
        List<Span> overlapping = new ArrayList<>(existing.stream()
                .filter(s -> s.lower().compareTo(upper) < 0 && s.upper().compareTo(lower) > 0)
                .sorted(Comparator.comparing(Span::lower)).toList());
        if (overlapping.isEmpty()) {
            return new Result(Kind.NONE, List.of());
        }
        BigInteger reached = lower;
        for (Span s : overlapping) {
            if (s.lower().compareTo(reached) > 0) {
                break; // a gap
            }
            reached = reached.max(s.upper());
        }
        Kind kind = reached.compareTo(upper) >= 0 ? Kind.FULL : Kind.PARTIAL;
        return new Result(kind, overlapping.stream().map(Span::name).toList());
    }
}
