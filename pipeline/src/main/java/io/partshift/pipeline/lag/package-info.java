/**
 * The lag monitor: one line every --lag-interval that tells an operator where the migration is (copy progress,
 * rates, lag in bytes and milliseconds, retained WAL, throttling, ETA), and the convergence rule that decides when
 * the shadow is close enough to cut over. Fields are documented in runbooks/reading-lag-logs.md.
 */
package io.partshift.pipeline.lag;
