package io.partshift.pipeline.copy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides whether the copier should pause before its next chunk: only decides, the copier does the waiting, logs
 * when a pause starts and ends, and shows the reason in its progress. Called before every chunk from every copier
 * thread, so it must be thread-safe and cheap (read a value the lag monitor keeps current; do not query per call).
 */
@FunctionalInterface
public interface CopyThrottle {
    /** Why the copier must pause now, e.g. {@code lag 45s above --max-lag 30s}; empty to go on. */
    Optional<String> pauseReason();

    /** Never pauses. */
    CopyThrottle NONE = Optional::empty;

    /**
     * Pauses while the change stream is further behind than {@code maxLag} (--max-lag), so the backfill never
     * outruns what the applier can keep up with.
     *
     * @param lag the applier's current lag; empty while unknown (which never pauses)
     */
    static CopyThrottle maxLag(Duration maxLag, Supplier<Optional<Duration>> lag) {
        Objects.requireNonNull(maxLag, "maxLag");
        Objects.requireNonNull(lag, "lag");
        return () -> lag.get().filter(l -> l.compareTo(maxLag) > 0)
                .map(l -> "lag " + l.toMillis() + "ms above --max-lag " + maxLag.toMillis() + "ms");
    }

    /** Pauses while any of {@code throttles} says so, with the first one's reason. */
    static CopyThrottle anyOf(CopyThrottle... throttles) {
        CopyThrottle[] all = throttles.clone();
        return () -> {
            for (CopyThrottle t : all) {
                Optional<String> reason = t.pauseReason();
                if (reason.isPresent()) {
                    return reason;
                }
            }
            return Optional.empty();
        };
    }
}
