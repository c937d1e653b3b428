package io.partshift.partitioning.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * What one maintenance step did.
 *
 * @param movedRows      rows moved out of DEFAULT into a new partition
 * @param lockWait       how long the step waited for the lock that blocks writers (writers queue behind a waiting
 *                       lock request too, so this counts towards what they felt)
 * @param writersBlocked how long writers to the table could not proceed because of this step: from asking for the
 *                       blocking lock to commit; zero when the step takes no lock that blocks them
 * @param attempts       tries, counting those whose lock timed out
 * @param summary        one sentence for the log, naming the partition, the mode and the times
 */
public record StepOutcome(MaintenanceStep step, long movedRows, Duration lockWait, Duration writersBlocked,
                          int attempts, String summary) {
    public StepOutcome {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(writersBlocked, "writersBlocked");
        Objects.requireNonNull(summary, "summary");
    }
}
