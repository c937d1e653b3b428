package io.partshift.pipeline.copy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Rows per second over a sliding window of committed chunks, so the lag line shows the current rate, not the
 * average since start (a throttled pause shows as a falling rate, then 0). Not thread-safe: used under
 * {@link CopyProgress}'s lock.
 */
final class CopyRate {
    static final Duration WINDOW = Duration.ofSeconds(10);

    private record Sample(Instant at, long rows) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private Instant start;

    /** The copier began copying at {@code at} (the rate's window cannot start earlier). */
    void started(Instant at) {
        if (start == null) {
            start = at;
        }
    }

    void copied(Instant at, long rows) {
        started(at);
        samples.addLast(new Sample(at, rows));
        prune(at);
    }

    double perSecond(Instant now) {
        if (start == null) {
            return 0;
        }
        prune(now);
        Instant from = now.minus(WINDOW).isAfter(start) ? now.minus(WINDOW) : start;
        double seconds = Duration.between(from, now).toNanos() / 1e9;
        if (seconds <= 0) {
            return 0;
        }
        return samples.stream().mapToLong(Sample::rows).sum() / seconds;
    }

    private void prune(Instant now) {
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(WINDOW))) {
            samples.removeFirst();
        }
    }
}
