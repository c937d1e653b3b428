package io.partshift.pipeline.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A test handler that keeps every batch it acknowledged, and can be told to fail on one. */
final class CollectingHandler implements ChangeBatchHandler {
    static final Duration WAIT = Duration.ofSeconds(60);

    private final List<ChangeBatch> acknowledged = new CopyOnWriteArrayList<>();
    private final List<ChangeBatch> failed = new CopyOnWriteArrayList<>();
    private volatile Predicate<ChangeBatch> failOn = b -> false;

    /** The first batch matching {@code predicate} makes the handler throw (and the source stop). */
    CollectingHandler failOn(Predicate<ChangeBatch> predicate) {
        this.failOn = predicate;
        return this;
    }

    @Override
    public void handle(ChangeBatch batch) {
        if (failOn.test(batch)) {
            failed.add(batch);
            throw new IllegalStateException("test handler refuses the batch up to " + Lsn.format(batch.position()));
        }
        acknowledged.add(batch);
    }

    List<ChangeBatch> batches() {
        return List.copyOf(acknowledged);
    }

    List<ChangeBatch> failedBatches() {
        return List.copyOf(failed);
    }

    List<ChangeEvent> events() {
        List<ChangeEvent> events = new ArrayList<>();
        acknowledged.forEach(b -> events.addAll(b.events()));
        return events;
    }

    List<String> markers() {
        List<String> markers = new ArrayList<>();
        acknowledged.forEach(b -> markers.addAll(b.markers()));
        return markers;
    }

    long position() {
        return acknowledged.isEmpty() ? 0 : acknowledged.get(acknowledged.size() - 1).position();
    }

    List<ChangeEvent> awaitEvents(int count) {
        await().atMost(WAIT).until(() -> events().size() >= count);
        return events();
    }

    /** The first key value of every event, e.g. the ids of an {@code id}-keyed table. */
    static List<String> ids(List<ChangeEvent> events) {
        return events.stream().map(e -> (e.kind() == ChangeEvent.Kind.DELETE ? "-" : "") + e.key().get(0)).toList();
    }
}
