package io.partshift.pipeline.lock;

/**
 * A lock {@link BoundedLock#acquire} took; it lasts until the caller commits or rolls back the connection.
 *
 * @param attempts        the attempt that got it (1 = at once)
 * @param waitedMillis    from the first attempt to the lock, backoff included
 * @param acquiredAtNanos {@link System#nanoTime()} when it was granted, to measure how long writers were kept out
 */
public record LockHeld(int attempts, long waitedMillis, long acquiredAtNanos) {
    /** Milliseconds since the lock was granted. */
    public long heldMillis() {
        return (System.nanoTime() - acquiredAtNanos) / 1_000_000;
    }
}
