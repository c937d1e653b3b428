package io.partshift.pipeline.copy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CopyThrottleTest {
    @Test
    void maxLagPausesOnlyWhileLagIsKnownAndAbove() {
        Duration[] lag = {Duration.ofSeconds(45)};
        CopyThrottle throttle = CopyThrottle.maxLag(Duration.ofSeconds(30), () -> Optional.ofNullable(lag[0]));
        assertEquals(Optional.of("lag 45000ms above --max-lag 30000ms"), throttle.pauseReason());
        lag[0] = Duration.ofSeconds(30);
        assertEquals(Optional.empty(), throttle.pauseReason());
        lag[0] = null;
        assertEquals(Optional.empty(), throttle.pauseReason(), "unknown lag never pauses");
    }

    @Test
    void anyOfGivesTheFirstReason() {
        CopyThrottle load = () -> Optional.of("source under load");
        assertEquals(Optional.of("source under load"), CopyThrottle.anyOf(CopyThrottle.NONE, load).pauseReason());
        assertEquals(Optional.empty(), CopyThrottle.anyOf(CopyThrottle.NONE).pauseReason());
    }
}
