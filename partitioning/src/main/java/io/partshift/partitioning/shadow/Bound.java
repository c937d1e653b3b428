package io.partshift.partitioning.shadow;

import io.partshift.config.Identifiers;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One partition's place at one level: the suffix its name gets and its {@code FOR VALUES} clause. The partition
 * lifecycle builds new partitions from the same records, so a partition made by {@code maintain} is named and bounded
 * exactly like one made by {@code plan}.
 */
public sealed interface Bound permits Bound.Range, Bound.Values, Bound.Hash {
    String suffix();

    String clause();

    /**
     * A RANGE partition.
     *
     * @param from       the lower bound as it goes into the DDL: a literal, a number or {@code MINVALUE}
     * @param to         the upper bound (exclusive), or {@code MAXVALUE}
     * @param lowerValue the lower bound as a plain value for bucketing rows in SQL (never MINVALUE)
     * @param upperValue the upper bound as a plain value (never MAXVALUE)
     */
    record Range(String suffix, String from, String to, String lowerValue, String upperValue) implements Bound {
        @Override
        public String clause() {
            return "FOR VALUES FROM (" + from + ") TO (" + to + ")";
        }
    }

    /** A LIST partition; values are text that PostgreSQL casts to the column type. */
    record Values(String suffix, List<String> values) implements Bound {
        public Values {
            values = List.copyOf(values);
        }

        @Override
        public String clause() {
            return "FOR VALUES IN (" + values.stream().map(Identifiers::literal).collect(Collectors.joining(", ")) + ")";
        }
    }

    record Hash(String suffix, int modulus, int remainder) implements Bound {
        /** Every remainder of {@code modulus}, named {@code h0}, {@code h1}, ... */
        public static List<Bound.Hash> all(int modulus) {
            return java.util.stream.IntStream.range(0, modulus).mapToObj(r -> new Hash("h" + r, modulus, r)).toList();
        }

        @Override
        public String clause() {
            return "FOR VALUES WITH (MODULUS " + modulus + ", REMAINDER " + remainder + ")";
        }
    }
}
