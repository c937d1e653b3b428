package io.partshift.config;

import java.time.Duration;

/**
 * How the bulk copier backfills history.
 *
 * @param chunkRows   rows in the first chunk; later chunks adapt to {@code chunkTarget}
 * @param chunkTarget how long one chunk should take
 * @param parallelism how many disjoint key ranges are copied at once
 * @param maxLag      the copier pauses while the change stream is further behind than this
 */
public record CopySpec(int chunkRows, Duration chunkTarget, int parallelism, Duration maxLag) {
}
