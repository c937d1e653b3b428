package io.partshift.pipeline.copy;

import java.util.List;
import java.util.Objects;

/**
 * Where one stripe's copy is: copied up to {@link #watermark}, maybe one chunk in flight above it, the rest not
 * started. Mutable, and only ever read or changed under {@link CopyProgress}'s lock.
 */
final class StripeState {
    final int stripe;
    final KeyRange range;
    /** The number of the last copied chunk; 0 before the first. */
    long chunksDone;
    /** Where the copied keys end (exclusive): the last copied chunk's upper bound, the stripe's lower before that. */
    List<String> watermark;
    long rows;
    /** The chunk between "marked in flight" and "committed", or 0. */
    long inFlightChunk;
    KeyRange inFlight;
    /** Why the in-flight chunk's copy failed; events waiting for it cannot be applied in this process. */
    Throwable failure;

    StripeState(ChunkStore.StripeRecord r) {
        this.stripe = r.stripe();
        this.range = r.range();
        this.chunksDone = r.chunksDone();
        this.watermark = r.watermark();
        this.rows = r.rows();
    }

    boolean done() {
        return chunksDone > 0 && Objects.equals(watermark, range.upper());
    }

    /** The range the next chunk may take. */
    KeyRange remaining() {
        return new KeyRange(watermark, range.upper());
    }
}
