/**
 * Preflight checks: everything that would make a migration fail or lose data, found before anything changes.
 * One small class per check, each with its own test. A failing check says in one sentence what is wrong and
 * how to fix it; {@link io.partshift.partitioning.preflight.Preflight} runs them all and reports every failure.
 */
package io.partshift.partitioning.preflight;
