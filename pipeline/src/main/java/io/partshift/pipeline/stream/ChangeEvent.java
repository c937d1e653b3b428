package io.partshift.pipeline.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One committed change to one source row, identified by the source's primary key.
 *
 * @param kind        {@link Kind#UPSERT} for an insert or an update (the row now looks like {@code row}),
 *                    {@link Kind#DELETE} for a delete (no row with {@code key} any more)
 * @param key         the primary key's values as PostgreSQL text, in primary-key column order; never null
 * @param row         for an UPSERT: column name to PostgreSQL text value ({@code null} = SQL NULL) for every streamed
 *                    column except those in {@code unavailable}; empty for a DELETE. Generated columns are not
 *                    streamed: the shadow computes them.
 * @param unavailable columns an UPDATE left unchanged whose TOASTed value the stream does not carry; the applier
 *                    keeps the shadow's value for them and must never write a placeholder
 * @param lsn         the LSN of the change (for ordering checks and lag), as a 64-bit number
 * @param commitTime  when the source transaction committed (for lag in ms)
 */
public record ChangeEvent(Kind kind, List<String> key, Map<String, String> row, Set<String> unavailable, long lsn,
                          Instant commitTime) {
    public enum Kind {
        UPSERT, DELETE
    }

    public ChangeEvent {
        Objects.requireNonNull(kind, "kind");
        key = List.copyOf(key);
        row = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(row));
        unavailable = Set.copyOf(unavailable);
        Objects.requireNonNull(commitTime, "commitTime");
        if (kind == Kind.DELETE && !row.isEmpty()) {
            throw new IllegalArgumentException("a DELETE carries only the key");
        }
    }

    /** An UPDATE whose row misses TOASTed values: applied as an in-place update of the other columns. */
    public boolean isPartial() {
        return !unavailable.isEmpty();
    }

    public static ChangeEvent upsert(List<String> key, Map<String, String> row, long lsn, Instant commitTime) {
        return new ChangeEvent(Kind.UPSERT, key, row, Set.of(), lsn, commitTime);
    }

    public static ChangeEvent delete(List<String> key, long lsn, Instant commitTime) {
        return new ChangeEvent(Kind.DELETE, key, Map.of(), Set.of(), lsn, commitTime);
    }
}
