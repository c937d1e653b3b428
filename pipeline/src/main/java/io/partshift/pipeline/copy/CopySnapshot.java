package io.partshift.pipeline.copy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The backfill's progress at one moment: what the lag line, {@code status} and the orchestrator read, so none of
 * them parses logs. Rows and chunks include those copied before a restart (read from the chunks table).
 *
 * @param copiedRows    rows copied so far
 * @param estimatedRows the source's {@code reltuples} when the copier started (0 when never analyzed)
 * @param rowsPerSecond rows copied per second over the last {@link CopyRate#WINDOW}; 0 while paused
 * @param chunksDone    chunks committed so far, over all stripes
 * @param stripes       each stripe's range and how far it got, in key order; empty before the copy was planned
 * @param throttle      why the copier is paused, or {@code none}
 */
public record CopySnapshot(State state, long copiedRows, long estimatedRows, double rowsPerSecond, long chunksDone,
                           List<Stripe> stripes, String throttle) {
    public enum State {
        /** No stripe planned yet: every change event's key is in a chunk not started. */
        NOT_STARTED,
        COPYING,
        /** Every stripe is copied: every change event applies. */
        DONE,
        /** A chunk failed; the copier stopped. Resume with a new copier (the chunks table has what was done). */
        FAILED
    }

    /**
     * One stripe. Keys are PostgreSQL text in primary-key column order; an empty bound is unbounded.
     *
     * @param watermark where the copied keys end (exclusive); empty before its first chunk or when unbounded above
     */
    public record Stripe(int stripe, Optional<List<String>> lower, Optional<List<String>> upper,
                         Optional<List<String>> watermark, long chunksDone, long copiedRows, boolean done) {
    }

    public CopySnapshot {
        stripes = List.copyOf(stripes);
    }

    /** For a stream that has no copy of its own (the reverse stream after cutover). */
    public static CopySnapshot none() {
        return new CopySnapshot(State.DONE, 0, 0, 0, 0, List.of(), "none");
    }

    /** Seconds until the copy is done at the current rate, when a rate and an estimate are known. */
    public OptionalLong etaSeconds() {
        if (state == State.DONE) {
            return OptionalLong.of(0);
        }
        if (rowsPerSecond <= 0 || estimatedRows <= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(Math.max(0, estimatedRows - copiedRows) / rowsPerSecond));
    }
}
