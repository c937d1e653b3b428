package io.partshift.partitioning.lifecycle;

import io.partshift.config.TableRef;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whether a wanted range exists already, wholly, partly or not at all. */
class RangeCoverageTest {
    private static RangeCoverage.Span span(String name, long lower, long upper) {
        return new RangeCoverage.Span(new TableRef("public", name), BigInteger.valueOf(lower), BigInteger.valueOf(upper));
    }

    private static RangeCoverage.Kind kind(long lower, long upper, RangeCoverage.Span... existing) {
        return RangeCoverage.of(BigInteger.valueOf(lower), BigInteger.valueOf(upper), List.of(existing)).kind();
    }

    @Test
    void coverageKinds() {
        assertEquals(RangeCoverage.Kind.NONE, kind(10, 20, span("a", 0, 10), span("b", 20, 30)), "touching is not overlap");
        assertEquals(RangeCoverage.Kind.FULL, kind(10, 20, span("a", 0, 30)));
        assertEquals(RangeCoverage.Kind.FULL, kind(10, 20, span("a", 10, 15), span("b", 15, 20)), "split in two");
        assertEquals(RangeCoverage.Kind.PARTIAL, kind(10, 20, span("a", 15, 25)));
        assertEquals(RangeCoverage.Kind.PARTIAL, kind(10, 20, span("a", 10, 12), span("b", 14, 20)), "a gap");
        assertEquals(List.of(new TableRef("public", "a")), RangeCoverage.of(BigInteger.TEN, BigInteger.valueOf(20),
                List.of(span("a", 15, 25), span("z", 40, 50))).overlapping());
    }
}
