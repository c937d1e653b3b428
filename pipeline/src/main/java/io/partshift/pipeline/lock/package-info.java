/**
 * Table locks that never queue writers for long: one attempt waits at most {@code lock_timeout}, failed attempts back
 * off with jitter and retry, every failure names the sessions that blocked it, and after a set number of failures
 * those sessions are cancelled if the operator asked for it. Used at cutover and to take the consistent point the
 * verifier compares at.
 *
 * <p>Why bounded: a lock request that waits queues every later conflicting request behind it, so an ACCESS EXCLUSIVE
 * (or SHARE) request stuck behind one long transaction stops all of the application's writes on the table for as
 * long as it waits. With {@code lock_timeout} the application is blocked for at most that long per attempt.
 */
package io.partshift.pipeline.lock;
