package io.partshift.partitioning.shadow;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RANGE partitions over an integer key, aligned to multiples of the step so that names ({@code p2000000},
 * {@code pm1000} for -1000) say where a partition starts. Bounds past the type's range become MINVALUE or MAXVALUE,
 * because PostgreSQL refuses a bound the column type cannot hold.
 */
public final class IntegerRanges {
    private IntegerRanges() {
    }

    /** The smallest and largest value of int2, int4 or int8; empty for any other type. */
    public static Optional<BigInteger[]> typeLimits(String baseType) {
        return switch (baseType) {
            case "int2" -> Optional.of(new BigInteger[]{BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)});
            case "int4" -> Optional.of(new BigInteger[]{BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)});
            case "int8" -> Optional.of(new BigInteger[]{BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)});
            default -> Optional.empty();
        };
    }

    /**
     * Partitions from the one holding {@code min} through the one holding {@code max}, then {@code premake} more
     * (fewer when the type ends first). An empty table starts at 0.
     *
     * @throws PartitionLimit.Exceeded when there would be more than {@code limit}, before building any
     */
    static List<Bound.Range> bounds(BigInteger step, BigInteger typeMin, BigInteger typeMax, Optional<BigInteger> min,
                                    Optional<BigInteger> max, int premake, int limit) {
        BigInteger first = floor(min.orElse(BigInteger.ZERO), step);
        BigInteger last = floor(max.orElse(BigInteger.ZERO), step);
        BigInteger room = floor(typeMax, step).subtract(last).divide(step);
        BigInteger count = last.subtract(first).divide(step).add(BigInteger.ONE)
                .add(room.min(BigInteger.valueOf(premake)));
        if (count.compareTo(BigInteger.valueOf(limit)) > 0) {
            throw new PartitionLimit.Exceeded(count.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact(), false);
        }
        List<Bound.Range> bounds = new ArrayList<>(count.intValueExact());
        BigInteger start = first;
        for (int i = 0; i < count.intValueExact(); i++) {
            bounds.add(range(start, step, typeMin, typeMax));
            start = start.add(step);
        }
        return bounds;
    }

    /**
     * The partition that starts at {@code start} (a multiple of {@code step}); an end past the type's range becomes
     * MAXVALUE and a start before it MINVALUE.
     */
    public static Bound.Range range(BigInteger start, BigInteger step, BigInteger typeMin, BigInteger typeMax) {
        BigInteger end = start.add(step);
        return new Bound.Range(suffix(start), start.compareTo(typeMin) < 0 ? "MINVALUE" : start.toString(),
                end.compareTo(typeMax) > 0 ? "MAXVALUE" : end.toString(), start.toString(), end.toString());
    }

    public static BigInteger floor(BigInteger value, BigInteger step) {
        return value.subtract(value.mod(step));
    }

    static String suffix(BigInteger start) {
        return start.signum() < 0 ? "pm" + start.negate() : "p" + start;
    }
}
