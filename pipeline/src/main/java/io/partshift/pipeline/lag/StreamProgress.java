package io.partshift.pipeline.lag;

import io.partshift.pipeline.stream.ChangeBatch;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the applier has done, written by the stream's thread after each acknowledged batch and read by the lag
 * monitor and the orchestrator. Times are the source database's commit times, so lag is measured on the
 * database's clock, never the JVM's.
 */
public final class StreamProgress {
    private final LongAdder applied = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final AtomicLong position = new AtomicLong();
    private final AtomicReference<Instant> lastCommit = new AtomicReference<>();
    private final Set<String> markers = ConcurrentHashMap.newKeySet();

    /** Records a batch after its events were applied ({@code appliedEvents} of them; the rest were skipped). */
    public void recordApplied(ChangeBatch batch, int appliedEvents) {
        received.add(batch.events().size());
        applied.add(appliedEvents);
        position.accumulateAndGet(batch.position(), Math::max);
        batch.lastCommitTime().ifPresent(t -> lastCommit.accumulateAndGet(t,
                (a, b) -> a == null || b.isAfter(a) ? b : a));
        markers.addAll(batch.markers());
    }

    /** Change events applied to the shadow since start (events for keys the copier had not reached are not counted). */
    public long appliedEvents() {
        return applied.sum();
    }

    /** Change events received since start, applied or skipped. */
    public long receivedEvents() {
        return received.sum();
    }

    /** The stream position (LSN) up to which everything was handled. */
    public long position() {
        return position.get();
    }

    /** Commit time of the newest source transaction (heartbeats included) that was handled. */
    public Optional<Instant> lastCommitTime() {
        return Optional.ofNullable(lastCommit.get());
    }

    /** Whether a marker written to the heartbeat table has come back through the stream. */
    public boolean hasSeenMarker(String marker) {
        return markers.contains(marker);
    }
}
