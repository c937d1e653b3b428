package io.partshift.config;

import java.time.Duration;

/**
 * How lag is reported and when the shadow counts as converged.
 *
 * @param interval       how often a lag log line is written
 * @param cutoverLag     lag under which the shadow is close enough to cut over
 * @param convergeWindow how long lag must stay under {@code cutoverLag} to count as converged
 */
public record LagSpec(Duration interval, Duration cutoverLag, Duration convergeWindow) {
}
