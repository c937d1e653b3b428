package io.partshift.pipeline.state;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of the migrations table: what {@code status} prints and a resumed run starts from.
 *
 * @param plan         what the run kept from its plan (JSON), for a resumed run that does not plan again
 * @param verification the last data verification's one-line outcome, with when it ran
 * @param cutoverAt    when the swap committed; rollbackMillis how long writes were blocked when it was reversed
 */
public record MigrationRecord(String source, Phase phase, String shadow, String slot, String publication,
                              Instant startedAt, Instant updatedAt, Instant phaseStartedAt, long copiedRows,
                              long estimatedRows, long appliedEvents, Optional<String> lastAppliedLsn,
                              Optional<Instant> lastAppliedCommit, Optional<Instant> convergedAt,
                              Optional<Long> cutoverMillis, Optional<String> error,
                              String plan, Optional<Instant> verifiedAt, Optional<String> verification,
                              Optional<Instant> cutoverAt, Optional<Long> rollbackMillis) {
}
