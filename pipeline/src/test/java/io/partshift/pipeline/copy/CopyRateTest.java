package io.partshift.pipeline.copy;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CopyRateTest {
    private static final Instant T0 = Instant.parse("2026-03-11T12:00:00Z");

    @Test
    void ratesOverTheRecentWindowAndFallsToZeroWhenNothingIsCopied() {
        CopyRate rate = new CopyRate();
        assertEquals(0, rate.perSecond(T0));
        rate.started(T0);
        rate.copied(T0.plusSeconds(1), 1_000);
        assertEquals(1_000, rate.perSecond(T0.plusSeconds(1)), 0.001);
        assertEquals(500, rate.perSecond(T0.plusSeconds(2)), 0.001);
        rate.copied(T0.plusSeconds(4), 3_000);
        assertEquals(1_000, rate.perSecond(T0.plusSeconds(4)), 0.001);
        assertEquals(300, rate.perSecond(T0.plusSeconds(12)), 0.001, "the first chunk left the window");
        assertEquals(0, rate.perSecond(T0.plusSeconds(30)), 0.001);
    }
}
