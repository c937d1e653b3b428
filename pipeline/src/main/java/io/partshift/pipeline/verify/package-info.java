/**
 * Proves the shadow holds exactly the source's rows before cutover, at one consistent point rather than "roughly
 * now": {@link io.partshift.pipeline.verify.ConsistentPointTaker} pins a source snapshot that matches a marker in the
 * change stream (the applier stops exactly there, so shadow = snapshot while verifying);
 * {@link io.partshift.pipeline.verify.DataVerifier} compares both tables chunk by chunk of the primary key (row count
 * and an order-independent checksum of every row's full text, computed inside PostgreSQL);
 * {@link io.partshift.pipeline.verify.RangeRepair} re-copies a range that differs from the snapshot, and the verifier
 * compares it again. What still differs is in the {@link io.partshift.pipeline.verify.VerificationReport}, and then
 * there is no cutover.
 *
 * <p>Row text, not {@code =}: {@code 1.10 = 1.1}, {@code '1 mon' = '30 days'} and jsonb {@code 1.0 = 1} are true, yet
 * the values differ, and a cutover must not change what the application reads back.
 */
package io.partshift.pipeline.verify;
