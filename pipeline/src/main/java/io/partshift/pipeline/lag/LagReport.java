package io.partshift.pipeline.lag;

import java.util.OptionalLong;

/**
 * One snapshot of a migration's progress and lag; the lag line, {@code status} and the convergence rule all read
 * this one value.
 *
 * @param phase             the state machine's phase
 * @param copiedRows        rows the backfill has copied so far
 * @param estimatedRows     the source's estimated row count when the copy started
 * @param copyRowsPerSecond copy rate over the last interval
 * @param appliedPerSecond  change events applied to the shadow per second over the last interval
 * @param appliedEvents     change events applied since this process started
 * @param lagBytes          WAL between the source's current position and the slot's confirmed position
 * @param lagMillis         age of the newest source commit (heartbeats included) the applier has applied; empty before the first
 * @param retainedWalBytes  WAL the slot keeps on the source's disk
 * @param throttle          why the copier is paused, or {@code none}
 * @param etaSeconds        estimated seconds until the copy is done, when it can be estimated
 * @param converged         lag has stayed under --cutover-lag for --converge-window
 */
public record LagReport(String phase, long copiedRows, long estimatedRows, double copyRowsPerSecond,
                        double appliedPerSecond, long appliedEvents, long lagBytes, OptionalLong lagMillis,
                        long retainedWalBytes, String throttle, OptionalLong etaSeconds, boolean converged) {

    /** Percent of the estimated rows copied, capped at 100 (the estimate can be low). */
    public double percentCopied() {
        if (estimatedRows <= 0) {
            return copiedRows > 0 ? 100.0 : 0.0;
        }
        return Math.min(100.0, 100.0 * copiedRows / estimatedRows);
    }
}
