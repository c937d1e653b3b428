/**
 * The backfill: copies the source into the shadow in chunks of its primary key, server side, each chunk committed
 * together with its row in the state schema's {@code chunks} table, and tells the applier through
 * {@link io.partshift.pipeline.copy.KeyProgress} which change events to apply, wait for or skip (docs/design.md).
 *
 * <p>Every key comparison follows PostgreSQL's order: bounds are PostgreSQL text cast back to the key's types, and
 * Java compares keys itself only for types whose order it reproduces exactly.
 *
 * <h2>The chunks table</h2>
 * Rows of one source, numbered by {@code (stripe, chunk)}:
 * <ul>
 *   <li>{@code chunk = 0}: the stripe itself, written once before any chunk so the split points survive a restart.
 *       {@code lower_key}/{@code upper_key} are the stripe's bounds; NULL means unbounded (stripe 0 starts below
 *       every key, the last stripe ends above every key, so rows inserted beyond the keys seen at start are copied
 *       too). {@code rows = 0}, {@code millis = 0}.</li>
 *   <li>{@code chunk = 1, 2, ...}: a copied chunk {@code [lower_key, upper_key)}, in key order within its stripe;
 *       chunk n+1 starts where chunk n ended. A stripe is done when its last chunk ends at the stripe's upper
 *       bound.</li>
 * </ul>
 */
package io.partshift.pipeline.copy;
