package io.partshift.config;

import java.time.Duration;

/**
 * How the swap takes its lock.
 *
 * @param mode                swap when converged, or hold at "ready" until told
 * @param lockTimeout         the longest a single attempt may wait for the lock (and so block writers queued behind it)
 * @param lockRetries         attempts before giving up, with backoff between them
 * @param cancelBlockersAfter after this many failed attempts cancel the sessions that block the lock; 0 never does
 */
public record CutoverSpec(CutoverMode mode, Duration lockTimeout, int lockRetries, int cancelBlockersAfter) {
}
