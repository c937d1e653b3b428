package io.partshift.pipeline;

import io.partshift.pipeline.stream.ChangeBatch;
import io.partshift.pipeline.stream.ChangeEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets the applier stop at an exact source position and wait there, so the shadow equals a source snapshot taken at
 * that position while it is compared (verification). The position is a marker written to the heartbeat table while
 * the source was locked against writes, plus the WAL position read under that lock: every source change visible in
 * the snapshot has a smaller LSN, every later one a larger LSN, and the marker's arrival proves all the smaller ones
 * have been delivered. The stream's thread waits inside {@link #pass} (Debezium holds the rest meanwhile).
 */
final class ApplyGate {
    @FunctionalInterface
    interface Apply {
        void accept(List<ChangeEvent> events) throws Exception;
    }

    /** One armed stop. */
    record Stop(ApplyGate gate, String marker, long lsn, CountDownLatch reached, CountDownLatch resume)
            implements AutoCloseable {
        /**
         * Waits until the applier stands at the stop, calling {@code whileWaiting} (e.g. a stream health check) as it
         * waits.
         *
         * @throws TimeoutException when the marker did not come back in time (the stop is released)
         */
        void awaitReached(Duration timeout, Runnable whileWaiting) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached.await(50, TimeUnit.MILLISECONDS)) {
                whileWaiting.run();
                if (System.nanoTime() > deadline) {
                    close();
                    throw new TimeoutException("the applier did not reach marker " + marker + " within " + timeout);
                }
            }
        }

        /** Lets the applier go on. */
        @Override
        public void close() {
            gate.release(this);
        }
    }

    private volatile Stop stop;

    /** Applies the batch's events, or, when it carries the awaited marker, those before the stop and then waits. */
    void pass(ChangeBatch batch, List<ChangeEvent> events, Apply apply) throws Exception {
        Stop s = stop;
        if (s == null || !batch.markers().contains(s.marker())) {
            apply.accept(events);
            return;
        }
        List<ChangeEvent> before = new ArrayList<>();
        List<ChangeEvent> after = new ArrayList<>();
        for (ChangeEvent e : events) {
            (e.lsn() < s.lsn() ? before : after).add(e);
        }
        apply.accept(before);
        s.reached().countDown();
        s.resume().await();
        apply.accept(after);
    }

    /**
     * Arms the gate: once the batch carrying {@code marker} arrives, the applier applies the events before {@code lsn}
     * and waits. Arm it before the marker is written, or the marker can pass unnoticed.
     *
     * @return the stop; {@link Stop#awaitReached} waits for the applier, {@code close()} lets it go on
     */
    Stop arm(String marker, long lsn) {
        Stop s = new Stop(this, marker, lsn, new CountDownLatch(1), new CountDownLatch(1));
        stop = s;
        return s;
    }

    /** Lets a waiting applier go on (also when the migration closes). */
    void releaseAll() {
        Stop s = stop;
        if (s != null) {
            release(s);
        }
    }

    private void release(Stop s) {
        if (stop == s) {
            stop = null;
        }
        s.resume().countDown();
    }
}
