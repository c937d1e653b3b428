package io.partshift.pipeline.copy;

import java.time.Duration;

/**
 * Chooses each chunk's row count so a chunk takes about the target time: long enough that per-chunk overhead is
 * negligible, short enough that a chunk's transaction (which pins vacuum and makes the applier wait for keys in it)
 * stays brief. Steps are damped (at most x2 up, /4 down per chunk) because one chunk's time is noisy: a chunk slowed
 * by a lock wait or a cold cache says little about the next.
 */
final class ChunkSizer {
    static final int MIN_ROWS = 10;
    static final int MAX_ROWS = 1_000_000;

    private final long targetNanos;
    private final int min;
    private final int max;
    private int rows;

    /**
     * @param firstRows the first chunk's rows (--copy-chunk-rows)
     * @param target    how long a chunk should take (--copy-chunk-target); zero keeps every chunk at {@code firstRows}
     */
    ChunkSizer(int firstRows, Duration target) {
        if (firstRows < 1) {
            throw new IllegalArgumentException("the first chunk must have at least 1 row, not " + firstRows);
        }
        this.targetNanos = target.toNanos();
        this.rows = firstRows;
        this.min = Math.min(firstRows, MIN_ROWS);
        this.max = Math.max(firstRows, MAX_ROWS);
    }

    /** Every chunk exactly {@code rows} rows (tests that need chunk boundaries they can predict). */
    static ChunkSizer fixed(int rows) {
        return new ChunkSizer(rows, Duration.ZERO);
    }

    int next() {
        return rows;
    }

    /** Learns from a finished chunk: {@code copied} rows in {@code elapsed}. */
    void record(long copied, Duration elapsed) {
        long nanos = elapsed.toNanos();
        // A chunk much smaller than asked (the end of a stripe) or too fast to time says nothing about the rate.
        if (targetNanos <= 0 || copied < rows / 2 || nanos <= 0) {
            return;
        }
        double ideal = (double) copied * targetNanos / nanos;
        double damped = Math.max(rows / 4.0, Math.min(rows * 2.0, ideal));
        rows = (int) Math.max(min, Math.min(max, Math.round(damped)));
    }
}
