package io.partshift.partitioning.lifecycle;

import java.util.List;
import java.util.Objects;

/** A partition's bound as the catalog holds it ({@code pg_get_expr(relpartbound)}), for a one-column key. */
sealed interface LiveBound permits LiveBound.Default, LiveBound.Range, LiveBound.ListIn, LiveBound.Hash {

    /** The DEFAULT partition. */
    record Default() implements LiveBound {
    }

    /** {@code FROM (lower) TO (upper)}; either may be MINVALUE or MAXVALUE. */
    record Range(Edge lower, Edge upper) implements LiveBound {
        public Range {
            Objects.requireNonNull(lower, "lower");
            Objects.requireNonNull(upper, "upper");
        }
    }

    /** {@code IN (...)}: the values as PostgreSQL prints them, without quotes; NULL kept apart. */
    record ListIn(List<String> values, boolean hasNull) implements LiveBound {
        public ListIn {
            values = List.copyOf(values);
        }
    }

    record Hash(int modulus, int remainder) implements LiveBound {
    }

    /** One end of a RANGE bound: a value (its text, unquoted), or MINVALUE / MAXVALUE. */
    record Edge(Kind kind, String text) {
        enum Kind { MINVALUE, VALUE, MAXVALUE }

        static Edge value(String text) {
            return new Edge(Kind.VALUE, Objects.requireNonNull(text, "text"));
        }

        static final Edge MIN = new Edge(Kind.MINVALUE, "MINVALUE");
        static final Edge MAX = new Edge(Kind.MAXVALUE, "MAXVALUE");
    }
}
