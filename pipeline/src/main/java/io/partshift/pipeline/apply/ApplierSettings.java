package io.partshift.pipeline.apply;

import java.time.Duration;
import java.util.Objects;

/**
 * How the applier retries a batch that failed for a transient reason (serialization failure, deadlock, lost
 * connection). Waits grow exponentially from {@code initialBackoff} up to {@code maxBackoff}, randomized so that
 * two writers that deadlocked do not collide again in step.
 *
 * @param maxAttempts    attempts per batch, the first included; after the last the failure is thrown
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff     the longest wait between attempts
 */
public record ApplierSettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public ApplierSettings {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive, not " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                    + initialBackoff);
        }
    }

    /** 10 attempts, 100 ms doubling up to 10 s: about half a minute of waiting, enough for a server restart. */
    public static ApplierSettings defaults() {
        return new ApplierSettings(10, Duration.ofMillis(100), Duration.ofSeconds(10));
    }
}
