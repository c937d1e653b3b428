package io.partshift.pipeline.stream;

/** Applies a batch; returning normally acknowledges it, so the source may store the position and free WAL. */
@FunctionalInterface
public interface ChangeBatchHandler {
    void handle(ChangeBatch batch) throws Exception;
}
