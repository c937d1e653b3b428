/**
 * The applier: the only writer of change events to the shadow table (and after cutover, of the reverse stream's
 * changes to the old table, {@link io.partshift.pipeline.apply.ApplyTarget#reverse}). It replays the source's committed changes,
 * keyed by the source's primary key, in one shadow transaction per batch, so that replaying any suffix of the ordered
 * change log leaves the same state (docs/design.md). Kept apart from the change sources so it can be driven and tested
 * with plain {@link io.partshift.pipeline.stream.ChangeEvent} lists.
 */
package io.partshift.pipeline.apply;
