package io.partshift.pipeline.lag;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvergenceRuleTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ConvergenceRule rule = new ConvergenceRule(Duration.ofMillis(500), Duration.ofSeconds(5));

    @Test
    void convergesOnlyAfterTheWholeWindowUnderTheThreshold() {
        assertFalse(rule.sample(t0, OptionalLong.of(100), true));
        assertFalse(rule.sample(t0.plusSeconds(4), OptionalLong.of(100), true));
        assertTrue(rule.sample(t0.plusSeconds(5), OptionalLong.of(100), true));
    }

    @Test
    void oneSlowSampleRestartsTheWindow() {
        rule.sample(t0, OptionalLong.of(100), true);
        assertFalse(rule.sample(t0.plusSeconds(3), OptionalLong.of(500), true));
        assertFalse(rule.sample(t0.plusSeconds(6), OptionalLong.of(100), true));
        assertTrue(rule.sample(t0.plusSeconds(11), OptionalLong.of(100), true));
    }

    @Test
    void neverConvergesWhileCopyingOrWithUnknownLag() {
        rule.sample(t0, OptionalLong.of(1), false);
        assertFalse(rule.sample(t0.plusSeconds(60), OptionalLong.of(1), false));
        rule.sample(t0, OptionalLong.empty(), true);
        assertFalse(rule.sample(t0.plusSeconds(60), OptionalLong.empty(), true));
    }
}
