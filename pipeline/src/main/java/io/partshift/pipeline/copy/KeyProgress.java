package io.partshift.pipeline.copy;

import io.partshift.pipeline.stream.ChangeEvent;

import java.util.List;

/**
 * What the applier asks the copier (spirit's high watermark, see docs/design.md): which change events to apply
 * now. Events whose key lies in a chunk not started yet are dropped (the chunk's later snapshot contains them);
 * events whose key lies in the chunk being copied make this call wait until that chunk commits.
 */
public interface KeyProgress {
    /** The events of {@code events} to apply, in their original order; may block while a chunk is in flight. */
    List<ChangeEvent> toApply(List<ChangeEvent> events) throws InterruptedException;

    /** Everything is copied: every event applies. */
    KeyProgress ALL_COPIED = events -> events;
}
