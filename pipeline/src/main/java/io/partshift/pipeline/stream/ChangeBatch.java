package io.partshift.pipeline.stream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The changes a source delivers at once, in commit order, plus where the stream stands, which moves even when no
 * event is for the source table (heartbeats).
 *
 * @param events           changes to the source table, in commit order
 * @param position         the LSN up to which the stream has delivered everything (events and heartbeats)
 * @param lastCommitTime   commit time of the newest source transaction seen, heartbeats included
 * @param markers          values of partshift's marker rows seen in this batch (catch-up proofs), in order
 */
public record ChangeBatch(List<ChangeEvent> events, long position, Optional<Instant> lastCommitTime,
                          List<String> markers) {
    public ChangeBatch {
        events = List.copyOf(events);
        markers = List.copyOf(markers);
    }
}
