package io.partshift.swapper;

/**
 * What one swap cost.
 *
 * @param lockAttempts  attempts the bounded lock needed
 * @param lockWaitMillis time spent waiting for the lock over all attempts (writers were blocked at most one timeout
 *                       of it per attempt)
 * @param drainMillis   under the lock: until the applier had applied the last changes
 * @param swapMillis    under the lock: the swap statements and the commit
 * @param blockedMillis from lock granted to commit: how long writes were blocked by the swap itself
 * @param swapLsn       WAL position inside the swap transaction: the reverse stream starts after it
 */
public record SwapTimings(int lockAttempts, long lockWaitMillis, long drainMillis, long swapMillis, long blockedMillis,
                          long swapLsn) {
}
