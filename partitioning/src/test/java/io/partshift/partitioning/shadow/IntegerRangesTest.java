package io.partshift.partitioning.shadow;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IntegerRangesTest {
    private static List<Bound.Range> bounds(String type, long step, Long min, Long max, int premake) {
        BigInteger[] limits = IntegerRanges.typeLimits(type).orElseThrow();
        return IntegerRanges.bounds(BigInteger.valueOf(step), limits[0], limits[1],
                Optional.ofNullable(min).map(BigInteger::valueOf), Optional.ofNullable(max).map(BigInteger::valueOf),
                premake, 10_000);
    }

    @Test
    void alignsToMultiplesOfTheStepAndPremakesPastMax() {
        List<Bound.Range> b = bounds("int8", 1000, 1500L, 4200L, 2);
        assertEquals(List.of("p1000", "p2000", "p3000", "p4000", "p5000", "p6000"),
                b.stream().map(Bound::suffix).toList());
        assertEquals("FOR VALUES FROM (1000) TO (2000)", b.get(0).clause());
        assertEquals("7000", b.get(b.size() - 1).to());
    }

    @Test
    void negativeStartsAreNamedPm() {
        List<Bound.Range> b = bounds("int4", 100, -250L, 30L, 0);
        assertEquals(List.of("pm300", "pm200", "pm100", "p0"), b.stream().map(Bound::suffix).toList());
        assertEquals("FOR VALUES FROM (-300) TO (-200)", b.get(0).clause());
    }

    @Test
    void emptyTableStartsAtZero() {
        assertEquals(List.of("p0", "p10", "p20"), bounds("int4", 10, null, null, 2).stream().map(Bound::suffix).toList());
    }

    @Test
    void boundsBeyondTheTypeBecomeMinvalueAndMaxvalue() {
        List<Bound.Range> b = bounds("int2", 10000, -32768L, 32767L, 5);
        assertEquals("FOR VALUES FROM (MINVALUE) TO (-30000)", b.get(0).clause());
        assertEquals("FOR VALUES FROM (30000) TO (MAXVALUE)", b.get(b.size() - 1).clause());
        assertEquals("-40000", b.get(0).lowerValue());
        assertEquals(8, b.size()); // -40000 .. 30000: premake stops where the type ends
    }

    @Test
    void premakeStopsAtTheTypesEnd() {
        long max = Long.MAX_VALUE - 5;
        List<Bound.Range> b = bounds("int8", 1_000_000_000_000_000_000L, max, max, 3);
        assertEquals(1, b.size());
        assertEquals("MAXVALUE", b.get(0).to());
        assertEquals("p9000000000000000000", b.get(0).suffix());
    }

    @Test
    void refusesTooManyBeforeBuilding() {
        BigInteger[] limits = IntegerRanges.typeLimits("int8").orElseThrow();
        PartitionLimit.Exceeded e = assertThrows(PartitionLimit.Exceeded.class, () -> IntegerRanges.bounds(
                BigInteger.ONE, limits[0], limits[1], Optional.of(BigInteger.ZERO),
                Optional.of(BigInteger.valueOf(5_000_000)), 3, 1000));
        assertEquals(5_000_004, e.count);
    }

    @Test
    void onlyIntegerTypesHaveLimits() {
        assertEquals(Optional.empty(), IntegerRanges.typeLimits("numeric").map(l -> l[0]));
    }
}
