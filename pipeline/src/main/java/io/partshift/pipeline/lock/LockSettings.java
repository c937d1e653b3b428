package io.partshift.pipeline.lock;

import io.partshift.config.CutoverSpec;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BoundedLock} takes a lock. Validated here once, so a bad value stops before anything is locked.
 *
 * @param lockTimeout         the longest one attempt waits, and so the longest writers queue behind it
 * @param attempts            attempts before giving up (at least 1)
 * @param firstBackoff        the pause after the first failed attempt; later pauses double, with jitter
 * @param cancelBlockersAfter after this many failed attempts, cancel the sessions that blocked the last one before
 *                            each further attempt; 0 never cancels
 */
public record LockSettings(Duration lockTimeout, int attempts, Duration firstBackoff, int cancelBlockersAfter) {
    public LockSettings {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        if (lockTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("lock timeout must be at least 1 ms, got " + lockTimeout
                    + " (0 would mean no limit in PostgreSQL, and writers could queue behind the lock forever)");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("lock attempts must be at least 1, got " + attempts);
        }
        if (firstBackoff.toMillis() < 1) {
            throw new IllegalArgumentException("first lock backoff must be at least 1 ms, got " + firstBackoff);
        }
        if (cancelBlockersAfter < 0 || cancelBlockersAfter > 0 && cancelBlockersAfter >= attempts) {
            throw new IllegalArgumentException("cancel blockers after " + cancelBlockersAfter + " failed attempts"
                    + " would never take effect with " + attempts + " attempts: give a number from 1 to "
                    + (attempts - 1) + ", or 0 to never cancel");
        }
    }

    /**
     * The cutover options. The first backoff is the lock timeout: each failed attempt queued writers for up to that
     * long, and pausing at least as long lets them drain, so partshift never holds writers up more than half the time.
     */
    public static LockSettings of(CutoverSpec cutover) {
        return new LockSettings(cutover.lockTimeout(), cutover.lockRetries(), cutover.lockTimeout(),
                cutover.cancelBlockersAfter());
    }

    /** Whether to cancel the blockers after {@code failedAttempts} failures. */
    boolean cancelAfter(int failedAttempts) {
        return cancelBlockersAfter > 0 && failedAttempts >= cancelBlockersAfter;
    }
}
