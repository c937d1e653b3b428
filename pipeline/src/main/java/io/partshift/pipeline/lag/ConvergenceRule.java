package io.partshift.pipeline.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * "Converged" = lag under --cutover-lag continuously for --converge-window. One sample above the threshold (or an
 * unknown lag) restarts the window, so a burst of writes right before cutover is never mistaken for convergence.
 * Not thread-safe: the lag monitor's thread owns it.
 */
public final class ConvergenceRule {
    private final Duration threshold;
    private final Duration window;
    private Instant underSince;

    public ConvergenceRule(Duration threshold, Duration window) {
        this.threshold = threshold;
        this.window = window;
    }

    /** Feeds one sample taken at {@code now}; returns whether the shadow counts as converged now. */
    public boolean sample(Instant now, OptionalLong lagMillis, boolean copyDone) {
        if (!copyDone || lagMillis.isEmpty() || lagMillis.getAsLong() >= threshold.toMillis()) {
            underSince = null;
            return false;
        }
        if (underSince == null) {
            underSince = now;
        }
        return !now.isBefore(underSince.plus(window));
    }
}
