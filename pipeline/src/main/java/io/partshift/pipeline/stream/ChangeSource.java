package io.partshift.pipeline.stream;

/**
 * Delivers the source table's committed changes, in commit order, starting after the last position the handler
 * acknowledged (stored durably by the source, in partshift's state schema). A batch counts as acknowledged when
 * {@link ChangeBatchHandler#handle} returns normally; if it throws, the source stops and reports the failure.
 */
public interface ChangeSource extends AutoCloseable {
    /** Starts delivering on a thread of the source's own; returns once streaming has started or failed. */
    void start(ChangeBatchHandler handler) throws Exception;

    /** The failure that stopped the source, if it stopped by itself. */
    java.util.Optional<Throwable> failure();

    /** Whether the source is delivering (started and neither failed nor closed). */
    boolean isRunning();

    @Override
    void close();
}
