package io.partshift.pipeline.copy;

import io.partshift.config.TableRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where every copier thread asks the {@link CopyThrottle} before a chunk and sleeps while it says pause. Shared by
 * the stripes, so a pause is logged once when it starts and once when it ends, however many threads wait.
 */
final class ThrottleGate {
    private static final Logger log = LoggerFactory.getLogger(ThrottleGate.class);
    static final Duration POLL = Duration.ofMillis(200);

    private final CopyThrottle throttle;
    private final CopyProgress progress;
    private final TableRef table;
    private final Duration poll;
    private String reason;
    private long sinceNanos;

    ThrottleGate(CopyThrottle throttle, CopyProgress progress, Duration poll) {
        this.throttle = throttle;
        this.progress = progress;
        this.table = progress.source().ref();
        this.poll = poll;
    }

    /** Returns once the throttle lets the copier go on, or {@code stopped} says to give up waiting. */
    void await(BooleanSupplier stopped) throws InterruptedException {
        while (true) {
            Optional<String> pause = throttle.pauseReason();
            update(pause);
            if (pause.isEmpty() || stopped.getAsBoolean()) {
                return;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private synchronized void update(Optional<String> pause) {
        if (pause.isPresent() && reason == null) {
            sinceNanos = System.nanoTime();
            log.info("copy of {} paused: {}", table, pause.get());
        } else if (pause.isEmpty() && reason != null) {
            log.info("copy of {} resumes after a pause of {} ms ({})", table,
                    Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis(), reason);
        }
        reason = pause.orElse(null);
        progress.throttled(pause);
    }
}
